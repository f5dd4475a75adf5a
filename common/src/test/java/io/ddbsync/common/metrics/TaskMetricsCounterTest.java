package io.ddbsync.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * A monotonic count is a Kafka sensor with {@code -total} and {@code -rate}: what was counted
 * before registration is in the total, every later count too, and the rate is a number per second.
 */
class TaskMetricsCounterTest {
  @Test
  void aCounterPublishesItsTotalAndRateInJmx() throws Exception {
    Counter rows = new Counter();
    rows.addAndGet(5);
    try (TaskMetrics metrics = TaskMetrics.create(null, "test-task-metrics", "c1", 3)) {
      metrics.counter("rows-merged", "Rows upserted", rows);
      metrics.counter(
          "rows-per-table", "Rows of one table", Map.of("table", "Orders"), new Counter());
      rows.incrementAndGet();
      rows.addAndGet(4);

      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName("ddbsync:type=test-task-metrics,connector=c1,task=3");
      assertThat(rows.get()).isEqualTo(10);
      assertThat((Double) server.getAttribute(name, "rows-merged-total")).isEqualTo(10.0);
      assertThat((Double) server.getAttribute(name, "rows-merged-rate")).isGreaterThan(0.0);
      ObjectName perTable =
          new ObjectName("ddbsync:type=test-task-metrics,connector=c1,task=3,table=Orders");
      assertThat((Double) server.getAttribute(perTable, "rows-per-table-total")).isZero();
    }
  }
}
