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
}
