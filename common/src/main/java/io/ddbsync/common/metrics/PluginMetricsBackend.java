package io.ddbsync.common.metrics;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * Gauges through the Connect runtime's plugin metrics (KIP-877, Kafka 4.1). This class refers to
 * {@code PluginMetrics}, which older runtimes lack, so it is only loaded after {@link
 * #isAvailable(Object)} found the API.
 */
final class PluginMetricsBackend implements TaskMetrics.Backend {
  private final PluginMetrics metrics;
  private final List<MetricName> names = new ArrayList<>();
  private final List<String> sensors = new ArrayList<>();

  private PluginMetricsBackend(PluginMetrics metrics) {
    this.metrics = metrics;
  }

  static boolean isAvailable(Object taskContext) {
    try {
      Class.forName(
          "org.apache.kafka.common.metrics.PluginMetrics",
          false,
          taskContext.getClass().getClassLoader());
      Method method = taskContext.getClass().getMethod("pluginMetrics");
      return method != null;
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      return false;
    }
  }

  static PluginMetricsBackend of(Object taskContext) {
    try {
      Method method = taskContext.getClass().getMethod("pluginMetrics");
      method.setAccessible(true);
      PluginMetrics metrics = (PluginMetrics) method.invoke(taskContext);
      if (metrics == null) {
        throw new IllegalStateException("The runtime returned no plugin metrics");
      }
      return new PluginMetricsBackend(metrics);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot reach the runtime's plugin metrics", e);
    }
  }

  @Override
  public void gauge(
      String name, String description, Map<String, String> extraTags, Gauge<Object> gauge) {
    MetricName metricName = metrics.metricName(name, description, new LinkedHashMap<>(extraTags));
    metrics.addMetric(metricName, gauge);
    names.add(metricName);
  }

  @Override
  public Sensor counter(String name, String description, Map<String, String> extraTags) {
    String sensorName = name + extraTags;
    Sensor sensor = metrics.addSensor(sensorName);
    sensor.add(
        TaskMetrics.meter(
            (metric, text) -> metrics.metricName(metric, text, new LinkedHashMap<>(extraTags)),
            name,
            description));
    sensors.add(sensorName);
    return sensor;
  }

  @Override
  public void close() {
    for (MetricName name : names) {
      metrics.removeMetric(name);
    }
    for (String sensor : sensors) {
      metrics.removeSensor(sensor);
    }
  }
}
