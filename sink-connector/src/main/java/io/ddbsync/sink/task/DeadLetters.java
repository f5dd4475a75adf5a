package io.ddbsync.sink.task;

import io.ddbsync.sink.batch.BatchBuilder;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/** Where the task's records that cannot be loaded go: the dead letter queue, counted. */
final class DeadLetters {
  private final ErrantRecords errant;
  private final SinkMetrics metrics;

  DeadLetters(ErrantRecords errant, SinkMetrics metrics) {
    this.errant = errant;
    this.metrics = metrics;
  }

  void report(SinkRecord record, String reason) {
    errant.report(record, reason);
    metrics.deadLettered.incrementAndGet();
  }

  void report(List<BatchBuilder.Rejected> rejected) {
    for (BatchBuilder.Rejected record : rejected) {
      report(record.record(), record.reason());
    }
  }

  ErrantRecords errant() {
    return errant;
  }
}
