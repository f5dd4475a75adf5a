package io.ddbsync.source.stream;

import io.ddbsync.common.metrics.Counter;
import io.ddbsync.common.metrics.TaskMetrics;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A task's stream counters and per-table lag, read by logs, and the gauges that publish them
 * ({@link #register}).
 */
public final class StreamProgress {
  private final Counter records = new Counter();
  private final Counter skippedBeforeCutoff = new Counter();
  private final Counter expiredIterators = new Counter();
  private final Counter throttles = new Counter();
  private final Map<String, AtomicLong> lagMillisByTable = new ConcurrentHashMap<>();
  private final Map<String, Boolean> streamingByTable = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> retentionOverrunByTable = new ConcurrentHashMap<>();

  void emitted(String table, long lagMillis) {
    records.incrementAndGet();
    lag(table).set(Math.max(0, lagMillis));
  }

  void caughtUp(String table) {
    lag(table).set(0);
  }

  void skipped() {
    skippedBeforeCutoff.incrementAndGet();
  }

  void expired() {
    expiredIterators.incrementAndGet();
  }

  void throttled() {
    throttles.incrementAndGet();
  }

  void retentionOverrun(String table, long overrunMillis) {
    retentionOverrunByTable.computeIfAbsent(table, t -> new AtomicLong()).set(overrunMillis);
  }

  /**
   * How much later than the stream's retention allows the slowest running snapshot is projected to
   * finish; 0 when every snapshot is on time.
   */
  public long maxRetentionOverrunMillis() {
    return retentionOverrunByTable.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
  }

  void streaming(String table, boolean streaming) {
    streamingByTable.put(table, streaming);
  }

  public long records() {
    return records.get();
  }

  public long skippedBeforeCutoff() {
    return skippedBeforeCutoff.get();
  }

  public long expiredIterators() {
    return expiredIterators.get();
  }

  public long throttles() {
    return throttles.get();
  }

  /** The largest lag of any table: now minus the creation time of its last emitted change. */
  public long maxLagMillis() {
    return lagMillisByTable.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
  }

  public long lagMillis(String table) {
    AtomicLong lag = lagMillisByTable.get(table);
    return lag == null ? 0 : lag.get();
  }

  public long tablesStreaming() {
    return streamingByTable.values().stream().filter(Boolean::booleanValue).count();
  }

  private AtomicLong lag(String table) {
    return lagMillisByTable.computeIfAbsent(table, t -> new AtomicLong());
  }

  /** Publishes the counters as gauges of the task's metric group, with a lag per table streamed. */
  public void register(TaskMetrics group, Collection<String> tables) {
    group.gauge(
        "snapshot-retention-overrun-ms",
        "How much later than a gap-free handoff allows the slowest running snapshot is projected to"
            + " finish (0 when on time)",
        this::maxRetentionOverrunMillis);
    group.counter("stream-records", "Stream records this task emitted", records);
    group.gauge(
        "stream-lag-ms",
        "Largest lag of this task's tables: now minus the creation time of the last change emitted",
        this::maxLagMillis);
    for (String table : tables) {
      group.gauge(
          "stream-table-lag-ms",
          "Lag of one table's stream (tag table): now minus the creation time of the last change"
              + " emitted",
          Map.of("table", table),
          () -> lagMillis(table));
    }
    group.counter(
        "stream-records-before-cutoff",
        "Stream records skipped because the snapshot holds them",
        skippedBeforeCutoff);
    group.counter(
        "stream-expired-iterators",
        "Shard iterators that expired and were renewed",
        expiredIterators);
    group.counter("stream-throttles", "Stream calls DynamoDB throttled", throttles);
  }
}
