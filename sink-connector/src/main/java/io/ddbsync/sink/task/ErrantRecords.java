package io.ddbsync.sink.task;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be loaded to the dead letter queue through the framework's errant
 * record reporter, with the reason. Without a reporter (errors.tolerance=none), a bad record fails
 * the task with that reason, as nothing may be dropped silently.
 */
public final class ErrantRecords {
  private static final Logger LOG = LoggerFactory.getLogger(ErrantRecords.class);

  private final ErrantRecordReporter reporter;
  private long reported;

  public ErrantRecords(ErrantRecordReporter reporter) {
    this.reporter = reporter;
  }

  public void report(SinkRecord record, String reason) {
    String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    if (reporter == null) {
      throw new ConnectException(
          "Record "
              + where
              + " cannot be loaded: "
              + reason
              + ". Configure errors.tolerance=all and"
              + " errors.deadletterqueue.topic.name to send such records to a dead letter queue instead.");
    }
    LOG.warn("Sending record {} to the dead letter queue: {}", where, reason);
    Future<Void> sent = reporter.report(record, new DataException(reason));
    reported++;
    try {
      // The framework waits for these before committing offsets; waiting here bounds memory.
      sent.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ConnectException(
          "Could not write record " + where + " to the dead letter queue", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while writing to the dead letter queue", e);
    }
  }

  public long reported() {
    return reported;
  }
}
