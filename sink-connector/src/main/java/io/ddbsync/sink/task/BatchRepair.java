package io.ddbsync.sink.task;

import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.batch.BatchBuilder;
import io.ddbsync.sink.flatten.ChangeRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Builds a frozen batch again after a load left records out: without them (the database refused
 * their rows, or they are of an older snapshot generation), or in halves (to find a value the
 * database refused without naming its row). Each rebuilt batch covers the batch's offsets, so
 * nothing of it is committed before the last piece loads.
 */
final class BatchRepair {
  private final BatchBuilder builder;
  private final DeadLetters deadLetters;

  BatchRepair(BatchBuilder builder, DeadLetters deadLetters) {
    this.builder = builder;
    this.deadLetters = deadLetters;
  }

  /**
   * The batch without {@code records}; they go to the dead letter queue with {@code reason}, or,
   * without one, are simply not written (stale changes).
   */
  Batch without(Batch batch, List<SinkRecord> records, String reason) {
    Set<SinkRecord> gone = new HashSet<>(records);
    if (reason != null) {
      for (SinkRecord record : gone) {
        deadLetters.report(record, reason);
      }
    }
    List<ChangeRow> remaining = new ArrayList<>();
    for (ChangeRow change : batch.changes()) {
      if (!gone.contains(change.record())) {
        remaining.add(change);
      }
    }
    return rebuilt(batch, remaining);
  }

  /** The batch in two halves of its changes. */
  List<Batch> halves(Batch batch) {
    List<ChangeRow> changes = batch.changes();
    int middle = changes.size() / 2;
    return List.of(
        rebuilt(batch, changes.subList(0, middle)),
        rebuilt(batch, changes.subList(middle, changes.size())));
  }

  private Batch rebuilt(Batch batch, List<ChangeRow> changes) {
    return builder.rebuild(batch, new ArrayList<>(changes));
  }
}
