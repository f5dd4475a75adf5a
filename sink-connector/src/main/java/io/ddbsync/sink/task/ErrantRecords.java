package io.ddbsync.sink.task;

import io.ddbsync.sink.batch.Coordinates;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be loaded to the dead letter queue through the framework's errant
 * record reporter, with the reason, once: a record Connect delivers again (after a retriable
 * failure of {@code put()}, or in a batch built again) is not reported twice by this task. Without
 * a reporter (errors.tolerance=none), a bad record fails the task with that reason, as nothing may
 * be dropped silently.
 */
public final class ErrantRecords {
  private static final Logger LOG = LoggerFactory.getLogger(ErrantRecords.class);

  private final ErrantRecordReporter reporter;
  // Offsets reported and not yet below a committed offset, per original partition.
  private final Map<TopicPartition, NavigableSet<Long>> reportedOffsets = new HashMap<>();
  private long reported;

  public ErrantRecords(ErrantRecordReporter reporter) {
    this.reporter = reporter;
  }

  public void report(SinkRecord record, String reason) {
    String where = Coordinates.describe(record);
    if (reporter == null) {
      throw new ConnectException(
          "Record "
              + where
              + " cannot be loaded: "
              + reason
              + ". Configure errors.tolerance=all and"
              + " errors.deadletterqueue.topic.name to send such records to a dead letter queue instead.");
    }
    NavigableSet<Long> offsets =
        reportedOffsets.computeIfAbsent(Coordinates.partition(record), p -> new TreeSet<>());
    if (!offsets.add(Coordinates.offset(record))) {
      LOG.debug("Record {} is already in the dead letter queue", where);
      return;
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

  /** Records below a committed offset are never delivered again: their reports are forgotten. */
  void forgetBelow(Map<TopicPartition, OffsetAndMetadata> committed) {
    committed.forEach(
        (partition, offset) -> {
          NavigableSet<Long> offsets = reportedOffsets.get(partition);
          if (offsets != null) {
            offsets.headSet(offset.offset()).clear();
          }
        });
  }

  /** Revoked partitions: a later owner reports for itself. */
  void forget(Collection<TopicPartition> partitions) {
    reportedOffsets.keySet().removeAll(partitions);
  }

  public long reported() {
    return reported;
  }
}
