package io.ddbsync.source.snapshot;

import io.ddbsync.common.metrics.Counter;
import io.ddbsync.common.metrics.TaskMetrics;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A task's snapshot counters, read by the progress log, and the gauges that publish them ({@link
 * #register}).
 */
public final class SnapshotProgress {
  private final AtomicInteger segmentsAssigned = new AtomicInteger();
  private final AtomicInteger segmentsDone = new AtomicInteger();
  private final Counter items = new Counter();
  private final Counter bytes = new Counter();
  private final Counter throttles = new Counter();
  private final DoubleAdder capacityUnits = new DoubleAdder();
  private final AtomicLong expectedItems = new AtomicLong();
  private volatile java.util.function.DoubleSupplier readBudget = () -> 0;
  private final java.util.Map<String, Long> exportsRunning =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.Map<String, TableSnapshotProgress> tables =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.function.LongSupplier nanoClock;

  public SnapshotProgress() {
    this(System::nanoTime);
  }

  SnapshotProgress(java.util.function.LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** {@code segments} segments (or export files) of {@code table} are this task's to read. */
  public void assigned(String table, int segments, long expectedItemsOfSegments) {
    segmentsAssigned.addAndGet(segments);
    expectedItems.addAndGet(expectedItemsOfSegments);
    table(table).assigned(segments, expectedItemsOfSegments);
  }

  public void page(String table, int pageItems, long pageBytes, double pageCapacity) {
    items.addAndGet(pageItems);
    bytes.addAndGet(pageBytes);
    capacityUnits.add(pageCapacity);
    table(table).page(pageItems);
  }

  /** {@code table}'s progress in this task. */
  public TableSnapshotProgress table(String table) {
    return tables.computeIfAbsent(table, t -> new TableSnapshotProgress(nanoClock));
  }

  /** Where the task's current read budget (RCU per second) is read from while it scans. */
  public void readBudget(java.util.function.DoubleSupplier currentRcuPerSecond) {
    this.readBudget = currentRcuPerSecond;
  }

  /** The task's read budget in RCU per second now; 0 when it scans nothing. */
  public double readBudgetRcu() {
    return segmentsDone.get() >= segmentsAssigned.get() ? 0 : readBudget.getAsDouble();
  }

  /** Whether the export of {@code table}'s snapshot is running (requested, not complete). */
  public void exportRunning(String table, boolean running) {
    if (running) {
      exportsRunning.putIfAbsent(table, 0L);
    } else {
      exportsRunning.remove(table);
    }
  }

  /** How long the running export of {@code table} has run. */
  public void exportElapsed(String table, long millis) {
    exportsRunning.computeIfPresent(table, (t, old) -> millis);
  }

  /** Exports this task awaits. */
  public int exportsRunning() {
    return exportsRunning.size();
  }

  /** How long the longest-running export this task awaits has run; 0 when none runs. */
  public long longestExportMillis() {
    return exportsRunning.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  public void segmentDone(String table) {
    segmentsDone.incrementAndGet();
    table(table).partDone();
  }

  public void throttled() {
    throttles.incrementAndGet();
  }

  public int segmentsAssigned() {
    return segmentsAssigned.get();
  }

  public int segmentsDone() {
    return segmentsDone.get();
  }

  public long items() {
    return items.get();
  }

  public long bytes() {
    return bytes.get();
  }

  public long throttles() {
    return throttles.get();
  }

  public double capacityUnits() {
    return capacityUnits.sum();
  }

  /**
   * Estimated percentage done, from DynamoDB's item count (updated about every six hours, so an
   * estimate); 100 once every segment is done.
   */
  public double percentDone() {
    int assigned = segmentsAssigned.get();
    if (assigned > 0 && segmentsDone.get() == assigned) {
      return 100.0;
    }
    long expected = expectedItems.get();
    if (expected <= 0) {
      return assigned == 0 ? 100.0 : 100.0 * segmentsDone.get() / assigned;
    }
    return Math.min(99.9, 100.0 * items.get() / expected);
  }

  /**
   * Publishes the counts as counters and the levels as gauges of the task's metric group, with
   * progress and time left per table of {@code snapshotTables} (tag table).
   */
  public void register(TaskMetrics group, java.util.Collection<String> snapshotTables) {
    for (String table : snapshotTables) {
      TableSnapshotProgress progress = table(table);
      group.gauge(
          "snapshot-table-percent-done",
          "Estimated snapshot progress of one table (tag table) in this task, in percent",
          java.util.Map.of("table", table),
          progress::percentDone);
      group.gauge(
          "snapshot-table-eta-seconds",
          "Estimated seconds until this task has read its part of one table's snapshot (tag"
              + " table), at the rate so far; 0 when done, -1 while unknown",
          java.util.Map.of("table", table),
          progress::etaSeconds);
    }
    group.gauge(
        "snapshot-segments-assigned",
        "Snapshot segments assigned to this task",
        this::segmentsAssigned);
    group.gauge(
        "snapshot-segments-done", "Snapshot segments this task finished", this::segmentsDone);
    group.counter("snapshot-items", "Items this task's snapshot emitted", items);
    group.counter("snapshot-bytes", "Bytes of item data this task's snapshot read", bytes);
    group.gauge(
        "snapshot-rcu-consumed",
        "Read capacity units this task's scans consumed",
        this::capacityUnits);
    group.gauge(
        "snapshot-read-budget-rcu",
        "Read capacity units per second this task's scans may consume now (lowered while"
            + " DynamoDB throttles; 0 when the task scans nothing)",
        this::readBudgetRcu);
    group.counter("snapshot-throttles", "Scans DynamoDB throttled", throttles);
    group.gauge(
        "snapshot-exports-running",
        "Exports to S3 this task requested and awaits (snapshot.method=EXPORT)",
        this::exportsRunning);
    group.gauge(
        "snapshot-export-running-ms",
        "How long the longest export this task awaits has run",
        this::longestExportMillis);
    group.gauge(
        "snapshot-percent-done",
        "Estimated snapshot progress of this task in percent",
        this::percentDone);
  }

  @Override
  public String toString() {
    return String.format(
        "segments %d/%d, %d items, %.1f MB, %.0f RCU, %d throttles, ~%.1f%%",
        segmentsDone(),
        segmentsAssigned(),
        items(),
        bytes() / 1e6,
        capacityUnits(),
        throttles(),
        percentDone());
  }
}
