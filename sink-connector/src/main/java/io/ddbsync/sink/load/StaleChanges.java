package io.ddbsync.sink.load;

import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A load that wrote nothing because the batch holds upserts of a snapshot generation older than the
 * one the table knows complete ({@link io.ddbsync.sink.batch.Batch#staleChanges}): the task loads
 * the batch again without them. Not a failure: they arrive when a partition is read again.
 */
public final class StaleChanges extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<SinkRecord> records;

  public StaleChanges(String table, List<SinkRecord> records, long completedMicros) {
    super(
        records.size()
            + " changes for "
            + table
            + " are of snapshot generations older than "
            + java.time.Instant.ofEpochMilli(completedMicros / 1000)
            + ", the newest the table knows complete; they are skipped",
        null,
        false,
        false);
    this.records = List.copyOf(records);
  }

  /** The records of the stale changes. */
  public List<SinkRecord> records() {
    return records;
  }
}
