package io.ddbsync.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {
  @Test
  void withoutPluginMetricsGaugesArePublishedInJmxUnderTheProjectDomain() throws Exception {
    AtomicLong value = new AtomicLong(41);
    try (TaskMetrics metrics =
        TaskMetrics.create(null, "ddbsync-test-metrics", "my-connector", 3)) {
      metrics.gauge("things-done", "Things done", value::get);
      value.incrementAndGet();

      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name =
          new ObjectName("ddbsync:type=ddbsync-test-metrics,connector=my-connector,task=3");
      assertThat(server.getAttribute(name, "things-done")).isEqualTo(42L);
    }
  }

  @Test
  void aGaugeWithATableTagIsABeanOfItsOwnPerTable() throws Exception {
    try (TaskMetrics metrics =
        TaskMetrics.create(null, "ddbsync-tagged-metrics", "my-connector", 0)) {
      metrics.gauge("lag-ms", "Lag", java.util.Map.of("table", "Orders"), () -> 7L);
      metrics.gauge("lag-ms", "Lag", java.util.Map.of("table", "Users"), () -> 9L);

      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      assertThat(
              server.getAttribute(
                  new ObjectName(
                      "ddbsync:type=ddbsync-tagged-metrics,connector=my-connector,task=0,table=Orders"),
                  "lag-ms"))
          .isEqualTo(7L);
      assertThat(
              server.getAttribute(
                  new ObjectName(
                      "ddbsync:type=ddbsync-tagged-metrics,connector=my-connector,task=0,table=Users"),
                  "lag-ms"))
          .isEqualTo(9L);
    }
  }

  /** What Connect 4.1 hands a task: its plugin metrics, over the worker's registry. */
  public static final class PluginMetricsContext {
    private final org.apache.kafka.common.metrics.PluginMetrics metrics;

    PluginMetricsContext(org.apache.kafka.common.metrics.PluginMetrics metrics) {
      this.metrics = metrics;
    }

    public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
      return metrics;
    }
  }

  @Test
  void aTaskStartingWhileItsPreviousInstanceStillHoldsItsMetricsStartsAndPublishesItsOwn()
      throws Exception {
    java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
    tags.put("connector", "sink-restarted");
    tags.put("task", "1");
    try (org.apache.kafka.common.metrics.Metrics worker =
            new org.apache.kafka.common.metrics.Metrics();
        TaskMetrics previous =
            TaskMetrics.create(
                new PluginMetricsContext(
                    new org.apache.kafka.common.metrics.internals.PluginMetricsImpl(worker, tags)),
                "ddbsync-restart-metrics",
                "sink-restarted",
                1)) {
      previous.gauge("batches-loaded", "Batches", () -> 1L);
      // Connect starts the next instance before the previous one's stop has finished.
      try (TaskMetrics next =
          TaskMetrics.create(
              new PluginMetricsContext(
                  new org.apache.kafka.common.metrics.internals.PluginMetricsImpl(worker, tags)),
              "ddbsync-restart-metrics",
              "sink-restarted",
              1)) {
        next.gauge("batches-loaded", "Batches", () -> 2L);
        next.gauge("rows-merged", "Rows", () -> 3L);

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name =
            new ObjectName("ddbsync:type=ddbsync-restart-metrics,connector=sink-restarted,task=1");
        assertThat(server.getAttribute(name, "batches-loaded")).isEqualTo(2L);
        assertThat(server.getAttribute(name, "rows-merged")).isEqualTo(3L);
      }
    }
  }
}
