package io.ddbsync.sink.task;

import io.ddbsync.common.metrics.Counter;
import io.ddbsync.common.metrics.TaskMetrics;
import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.flatten.ChangeRow;
import io.ddbsync.sink.load.LoadResult;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink task's counters, and the gauges that publish them ({@link #register}): a counter and its
 * metric's name and description are declared here, together.
 */
public final class SinkMetrics {
  final Counter batches = new Counter();
  final Counter appendedBatches = new Counter();
  final Counter rowsMerged = new Counter();
  final Counter rowsDeleted = new Counter();
  final Counter childRows = new Counter();
  final Counter failedLoads = new Counter();
  final Counter deadLettered = new Counter();
  final AtomicLong lastLoadMillis = new AtomicLong();
  final AtomicLong freshnessLagMillis = new AtomicLong();
  final AtomicLong bufferedBytes = new AtomicLong();
  final Counter stagedBytes = new Counter();
  final Counter staleSkipped = new Counter();
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

  /** Counts a committed load of {@code batch} that started at {@code startedMillis}. */
  void loaded(Batch batch, LoadResult result, long startedMillis, long nowMillis) {
    batches.incrementAndGet();
    if (result.appended()) {
      appendedBatches.incrementAndGet();
    }
    rowsMerged.addAndGet(result.upserts());
    rowsDeleted.addAndGet(result.deletes());
    childRows.addAndGet(result.childRows());
    stagedBytes.addAndGet(result.stagedBytes());
    lastLoadMillis.set(nowMillis - startedMillis);
    long newestEventMillis = 0;
    for (ChangeRow change : batch.changes()) {
      newestEventMillis = Math.max(newestEventMillis, change.eventTimeMicros() / 1000);
    }
    freshnessLagMillis.set(Math.max(0, nowMillis - newestEventMillis));
  }

  /**
   * Publishes the counts as counters ({@code <name>-total} and {@code <name>-rate}) and the levels
   * as gauges of the task's metric group.
   */
  public void register(TaskMetrics group) {
    group.counter("batches-loaded", "Batches loaded and committed", batches);
    group.counter(
        "batches-appended",
        "Batches of new keys only, copied into the target without a MERGE (postgres dialect)",
        appendedBatches);
    group.counter(
        "rows-merged", "Rows upserted (merged, or appended by a batch of new keys)", rowsMerged);
    group.counter("rows-deleted", "Rows deleted (or flagged) for removed items", rowsDeleted);
    group.counter("child-rows-inserted", "Child table rows written", childRows);
    group.counter(
        "failed-loads", "Loads that failed and were retried or failed the task", failedLoads);
    group.counter("dead-lettered-records", "Records sent to the dead letter queue", deadLettered);
    group.counter("staged-bytes", "Bytes of Parquet staged on S3", stagedBytes);
    group.counter(
        "stale-changes-skipped",
        "Changes of a snapshot generation older than the table's complete one, not written",
        staleSkipped);
    group.gauge(
        "last-load-ms", "Duration of the last load, staging to commit", this::lastLoadMillis);
    group.gauge(
        "freshness-lag-ms",
        "Commit time of the last load minus the creation time of its newest change",
        this::freshnessLagMillis);
    group.gauge("buffered-bytes", "Bytes of records waiting to be loaded", this::bufferedBytes);
    group.gauge(
        "tables-stopped",
        "Target tables this task stopped loading because another source owns them",
        this::stoppedTables);
  }
}
