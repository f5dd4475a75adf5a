package io.ddbsync.common.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Meter;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's gauges. On Kafka Connect 4.1 and later they are registered through the runtime's plugin
 * metrics (next to the framework's own task metrics); on older runtimes, which lack that API,
 * through a Kafka {@code Metrics} instance of our own with a JMX reporter, under the domain {@code
 * ddbsync}. Either way they appear in JMX with the connector and task as tags.
 */
public final class TaskMetrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskMetrics.class);

  /** Where gauges and sensors are registered. */
  interface Backend extends AutoCloseable {
    void gauge(String name, String description, Map<String, String> extraTags, Gauge<Object> gauge);

    /** A sensor that publishes {@code <name>-total} and {@code <name>-rate}. */
    Sensor counter(String name, String description, Map<String, String> extraTags);

    @Override
    void close();
  }

  /** A gauge as registered, to register it again elsewhere. */
  private record Registered(
      String name, String description, Map<String, String> extraTags, Gauge<Object> gauge) {}

  /** A counter as registered, to register it again elsewhere. */
  private record RegisteredCounter(
      String name, String description, Map<String, String> extraTags, Counter counter) {}

  private Backend backend;
  private final String group;
  private final Map<String, String> tags;
  private final List<Registered> registered = new java.util.ArrayList<>();
  private final List<RegisteredCounter> counters = new java.util.ArrayList<>();

  private TaskMetrics(Backend backend, String group, Map<String, String> tags) {
    this.backend = backend;
    this.group = group;
    this.tags = tags;
  }

  /**
   * Metrics for a task; {@code taskContext} is the SourceTaskContext or SinkTaskContext, whose
   * {@code pluginMetrics()} only exists from Kafka 4.1 on.
   */
  public static TaskMetrics create(Object taskContext, String group, String connector, int task) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("connector", connector);
    tags.put("task", Integer.toString(task));
    if (taskContext != null && PluginMetricsBackend.isAvailable(taskContext)) {
      try {
        return new TaskMetrics(PluginMetricsBackend.of(taskContext), group, tags);
      } catch (RuntimeException | LinkageError e) {
        LOG.info(
            "Plugin metrics unavailable ({}); registering task metrics in JMX directly",
            e.toString());
      }
    }
    return new TaskMetrics(new JmxBackend(group, tags), group, tags);
  }

  public void gauge(String name, String description, Supplier<? extends Number> value) {
    gauge(name, description, Map.of(), value);
  }

  /**
   * A gauge with tags of its own besides connector and task, for instance {@code table}: one series
   * per table in Prometheus.
   */
  public void gauge(
      String name,
      String description,
      Map<String, String> extraTags,
      Supplier<? extends Number> value) {
    Registered gauge =
        new Registered(name, description, Map.copyOf(extraTags), (config, now) -> value.get());
    registered.add(gauge);
    register(
        () -> backend.gauge(gauge.name(), gauge.description(), gauge.extraTags(), gauge.gauge()));
  }

  /**
   * Registers with the current backend. When the runtime still holds the metrics of this task's
   * previous instance (its stop has not finished, as when a broker restart makes Connect restart
   * tasks), never fail the start for it: this instance's metrics go to JMX directly, under the
   * ddbsync domain.
   */
  private void register(Runnable registration) {
    try {
      registration.run();
    } catch (IllegalArgumentException taken) {
      if (backend instanceof JmxBackend) {
        throw taken;
      }
      LOG.info(
          "The runtime still holds the metrics of a previous instance of this task ({}); this"
              + " instance's metrics are registered under the JMX domain ddbsync instead",
          taken.getMessage());
      moveToJmx();
    }
  }

  /**
   * A monotonic count as a Kafka sensor: {@code <name>-total}, the count since the task started,
   * and {@code <name>-rate}, per second. {@code counter} records into it from now on.
   */
  public void counter(String name, String description, Counter counter) {
    counter(name, description, Map.of(), counter);
  }

  /** A counter with tags of its own besides connector and task. */
  public void counter(
      String name, String description, Map<String, String> extraTags, Counter counter) {
    RegisteredCounter registeredCounter =
        new RegisteredCounter(name, description, Map.copyOf(extraTags), counter);
    counters.add(registeredCounter);
    register(() -> counter.bind(backend.counter(name, description, registeredCounter.extraTags())));
  }

  /** Registers every gauge and counter again in our own JMX registry. */
  private void moveToJmx() {
    backend.close();
    backend = new JmxBackend(group, tags);
    for (Registered again : registered) {
      backend.gauge(again.name(), again.description(), again.extraTags(), again.gauge());
    }
    for (RegisteredCounter again : counters) {
      again.counter().bind(backend.counter(again.name(), again.description(), again.extraTags()));
    }
  }

  /** The two metrics of a counter's sensor: the cumulative total and the rate per second. */
  static Meter meter(
      java.util.function.BiFunction<String, String, MetricName> names,
      String name,
      String description) {
    return new Meter(
        names.apply(name + "-rate", description + ", per second"),
        names.apply(name + "-total", description + ", in all"));
  }

  @Override
  public void close() {
    backend.close();
  }

  /** Our own metrics registry with a JMX reporter: works on every Kafka version. */
  static final class JmxBackend implements Backend {
    private final Metrics metrics;
    private final String group;
    private final Map<String, String> tags;

    JmxBackend(String group, Map<String, String> tags) {
      this.group = group;
      this.tags = tags;
      // The context names the JMX domain; it must be given before the reporter creates MBeans.
      this.metrics =
          new Metrics(
              new MetricConfig(),
              List.of(new JmxReporter()),
              Time.SYSTEM,
              new org.apache.kafka.common.metrics.KafkaMetricsContext("ddbsync"));
    }

    @Override
    public void gauge(
        String name, String description, Map<String, String> extraTags, Gauge<Object> gauge) {
      Map<String, String> all = new LinkedHashMap<>(tags);
      all.putAll(extraTags);
      MetricName metricName = metrics.metricName(name, group, description, all);
      metrics.addMetric(metricName, gauge);
    }

    @Override
    public Sensor counter(String name, String description, Map<String, String> extraTags) {
      Map<String, String> all = new LinkedHashMap<>(tags);
      all.putAll(extraTags);
      Sensor sensor = metrics.sensor(name + all);
      sensor.add(
          meter((metric, text) -> metrics.metricName(metric, group, text, all), name, description));
      return sensor;
    }

    @Override
    public void close() {
      metrics.close();
    }
  }
}
