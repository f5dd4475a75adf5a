package io.ddbsync.sink.task;

import java.util.concurrent.atomic.AtomicLong;

/** The sink task's counters, published as metrics. */
public final class SinkMetrics {
  final AtomicLong batches = new AtomicLong();
  final AtomicLong appendedBatches = new AtomicLong();
  final AtomicLong rowsMerged = new AtomicLong();
  final AtomicLong rowsDeleted = new AtomicLong();
  final AtomicLong childRows = new AtomicLong();
  final AtomicLong failedLoads = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong lastLoadMillis = new AtomicLong();
  final AtomicLong freshnessLagMillis = new AtomicLong();
  final AtomicLong bufferedBytes = new AtomicLong();
  final AtomicLong stagedBytes = new AtomicLong();
  final AtomicLong staleSkipped = new AtomicLong();
  final AtomicLong stoppedTables = new AtomicLong();

  public long batches() {
    return batches.get();
  }

  /** Batches of new keys only, copied straight into the target without a MERGE (PostgreSQL). */
  public long appendedBatches() {
    return appendedBatches.get();
  }

  /** Rows upserted: merged, or appended by a batch of new keys. */
  public long rowsMerged() {
    return rowsMerged.get();
  }

  public long rowsDeleted() {
    return rowsDeleted.get();
  }

  public long childRows() {
    return childRows.get();
  }

  public long failedLoads() {
    return failedLoads.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  /** How long the last batch took from staging to commit. */
  public long lastLoadMillis() {
    return lastLoadMillis.get();
  }

  /** Commit time of the last batch minus the creation time of its newest change. */
  public long freshnessLagMillis() {
    return freshnessLagMillis.get();
  }

  public long bufferedBytes() {
    return bufferedBytes.get();
  }

  public long stagedBytes() {
    return stagedBytes.get();
  }

  /** Changes of a snapshot generation older than the table's complete one, not written. */
  public long staleSkipped() {
    return staleSkipped.get();
  }

  /** Target tables this task stopped loading because another source owns them. */
  public long stoppedTables() {
    return stoppedTables.get();
  }
}
