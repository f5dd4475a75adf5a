package io.ddbsync.sink.task;

import io.ddbsync.sink.batch.BatchBuilder;
import io.ddbsync.sink.batch.Coordinates;
import io.ddbsync.sink.batch.EventRouter;
import io.ddbsync.sink.batch.OffsetRange;
import io.ddbsync.sink.batch.TableBuffer;
import io.ddbsync.sink.load.Loader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's discipline, independent of Connect's task lifecycle: records are buffered per target
 * table ({@link BatchBuilder}); a buffer is frozen into a batch when it reaches its record, byte or
 * age limit (or the task's buffer cap) and loaded in the background ({@link LoadRunner}); and
 * {@link #preCommit} never returns an offset whose records are not in a committed load ({@link
 * OffsetBook}).
 *
 * <p>While a table's batch loads, the task thread converts and flattens the next one, and lets the
 * loader stage its files early; the newer batch of a table is frozen only once the older one
 * committed, so batches of one table commit in Kafka order.
 */
public final class SinkWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SinkWriter.class);

  /**
   * The limits of batching.
   *
   * @param closeWait how long closing partitions or stopping waits for a running load before it
   *     cuts the load's connection (the load then fails and commits nothing)
   */
  public record Limits(
      int maxRecords,
      long maxBytes,
      Duration maxAge,
      long taskMaxBytes,
      int maxRetries,
      Duration backoff,
      Duration closeWait) {
    /** Within Connect's graceful shutdown of a task, most of it. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(4);

    public Limits(
        int maxRecords,
        long maxBytes,
        Duration maxAge,
        long taskMaxBytes,
        int maxRetries,
        Duration backoff) {
      this(maxRecords, maxBytes, maxAge, taskMaxBytes, maxRetries, backoff, CLOSE_WAIT);
    }
  }

  private final BatchBuilder builder;
  private final Loader loader;
  private final ErrantRecords errant;
  private final DeadLetters deadLetters;

  /** How often put() is asked for while a load runs in the background. */
  static final long BACKGROUND_LOAD_CHECK_MILLIS = 1000;

  private final SinkTaskContext context;
  private final Limits limits;
  private final Clock clock;
  private final SinkMetrics metrics;
  private final Executor loads;
  private final LoadRunner runner;
  private final OffsetBook offsets = new OffsetBook();
  // Partitions of sources whose target table another source owns: paused, their records ignored.
  private final Set<TopicPartition> stopped = new HashSet<>();
  private final List<String> stopReasons = new ArrayList<>();

  public SinkWriter(
      BatchBuilder builder,
      Loader loader,
      ErrantRecords errant,
      SinkTaskContext context,
      Limits limits,
      Clock clock,
      SinkMetrics metrics,
      Executor loads) {
    this.builder = builder;
    this.loader = loader;
    this.errant = errant;
    this.context = context;
    this.limits = limits;
    this.clock = clock;
    this.metrics = metrics;
    this.loads = loads;
    this.deadLetters = new DeadLetters(errant, metrics);
    this.runner =
        new LoadRunner(
            loader,
            loads,
            context,
            limits.maxRetries(),
            limits.backoff(),
            clock,
            metrics,
            new BatchRepair(builder, deadLetters));
  }

  public void put(Collection<SinkRecord> records) {
    for (SinkRecord record : records) {
      TopicPartition partition = Coordinates.partition(record);
      if (stopped.contains(partition)) {
        // Polled before the pause took effect: read again once the table is sorted out.
        continue;
      }
      EventRouter.Route route = builder.add(record, clock.millis());
      if (route instanceof EventRouter.Refuse refuse) {
        deadLetters.report(record, refuse.reason());
      } else if (route instanceof EventRouter.Collide collide) {
        stopTable(Map.of(partition, OffsetRange.of(Coordinates.offset(record))), collide.reason());
        continue;
      }
      offsets.processed(partition, Coordinates.offset(record));
    }
    flushDue(false);
    askForTheNextCallWhenDue();
  }

  /**
   * Connect calls put() only when its consumer poll returns, and a poll that finds nothing waits up
   * to the worker's next offset commit ({@code offset.flush.interval.ms}, a minute by default). So
   * that buffered records are loaded when their flush interval ends, and a load that runs in the
   * background is handled soon after it ends, ask Connect for the next call then.
   */
  private void askForTheNextCallWhenDue() {
    long now = clock.millis();
    long wait = Long.MAX_VALUE;
    for (TableBuffer buffer : builder.buffers()) {
      wait = Math.min(wait, limits.maxAge().toMillis() - buffer.ageMillis(now));
    }
    if (runner.isBusy()) {
      wait = Math.min(wait, BACKGROUND_LOAD_CHECK_MILLIS);
    }
    if (wait != Long.MAX_VALUE) {
      context.timeout(Math.max(1, wait));
    }
  }

  /**
   * Loads every buffer that reached a limit, retrying frozen batches first. With {@code all}, loads
   * every buffer and waits for the loads to finish.
   */
  public void flushDue(boolean all) {
    runner.handleFinished();
    runner.retryFrozen();
    stopTablesTheLoadsFound();
    long now = clock.millis();
    for (TableBuffer buffer : new ArrayList<>(builder.buffers())) {
      if (all
          || buffer.received() >= limits.maxRecords()
          || buffer.bytes() >= limits.maxBytes()
          || buffer.ageMillis(now) >= limits.maxAge().toMillis()) {
        freezeAndLoad(buffer.table());
      }
    }
    while (builder.bufferedBytes() > limits.taskMaxBytes() && !builder.isEmpty()) {
      TableBuffer largest =
          builder.buffers().stream()
              .max((a, b) -> Long.compare(a.bytes(), b.bytes()))
              .orElseThrow();
      freezeAndLoad(largest.table());
    }
    if (all) {
      runner.await(); // everything loaded, or the failure thrown
      stopTablesTheLoadsFound();
    }
    metrics.bufferedBytes.set(builder.bufferedBytes());
  }

  /** Offsets of every partition up to which all records are in committed loads. */
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> current) {
    // A failure is handled by the next put(), which can ask Connect to retry.
    runner.handleFinishedIfSucceeded();
    stopTablesTheLoadsFound();
    Map<TopicPartition, Long> pendingFirst = runner.pendingFirst();
    for (TableBuffer buffer : builder.buffers()) {
      OffsetBook.addPending(pendingFirst, buffer.ranges());
    }
    Map<TopicPartition, OffsetAndMetadata> committable =
        offsets.committable(current.keySet(), pendingFirst);
    errant.forgetBelow(committable);
    return committable;
  }

  /**
   * Drops what is buffered for revoked partitions: their new owner reads them again from the last
   * committed offset. A frozen batch that included them is dropped whole, and the partitions this
   * task keeps are rewound to the batch's start so nothing of them is lost either.
   */
  public void close(Collection<TopicPartition> revoked) {
    // A load still running could commit after the partitions' new owner loaded newer changes: it
    // ends, or its connection is cut and it commits nothing.
    runner.awaitQuietly(limits.closeWait());
    stopTablesTheLoadsFound();
    Set<TopicPartition> partitions = new HashSet<>(revoked);
    stopped.removeAll(partitions);
    builder.removePartitions(partitions);
    Map<TopicPartition, Long> rewind = runner.dropBatchesOf(partitions);
    if (!rewind.isEmpty()) {
      context.offset(rewind);
      // The rewound records are not processed any more: never offer offsets past them.
      offsets.rewound(rewind);
    }
    offsets.forget(partitions);
    errant.forget(partitions);
  }

  /** Why each table this task stopped loading stopped, for the log and for tests. */
  public List<String> stopReasons() {
    return List.copyOf(stopReasons);
  }

  public void stop() {
    runner.awaitQuietly(limits.closeWait());
    if (loads instanceof ExecutorService service) {
      service.shutdownNow();
    }
    loader.close();
  }

  private void freezeAndLoad(String table) {
    // The table's previous batch keeps its place until it commits: batches of one table commit in
    // Kafka order, and a newer batch must never replace one that is still loading.
    BatchBuilder.Built early = null;
    while (runner.hasFrozen(table)) {
      if (!runner.isLoading(table)) {
        runner.start(table);
      }
      if (early == null && runner.frozenCount() == 1) {
        early = buildWhileThePreviousLoads(table);
      }
      runner.await(); // loaded, or thrown; a dead-lettered row shrinks the batch and it runs again
    }
    // A table found owned by another source is stopped before its buffer could be frozen.
    stopTablesTheLoadsFound();
    TableBuffer buffer = builder.take(table);
    if (buffer == null || buffer.isEmpty()) {
      return;
    }
    // Nothing was added to the buffer while waiting (this thread is the only one that adds), so a
    // batch built early is the batch; anything else is built now.
    BatchBuilder.Built built =
        early != null && early.source() == buffer && early.records() == buffer.records().size()
            ? early
            : builder.build(buffer);
    deadLetters.report(built.rejected());
    runner.freezeAndStart(table, built.batch());
    stopTablesTheLoadsFound();
  }

  /**
   * Stops the tables whose loads found them owned by another source (the runner only reports them):
   * called after every call into the runner that may handle a finished load.
   */
  private void stopTablesTheLoadsFound() {
    for (LoadRunner.TableStop stop : runner.takeStops()) {
      stopTable(stop.ranges(), stop.reason());
    }
  }

  /**
   * While the table's previous batch loads (the only load waiting), flattens the next one from the
   * buffer, which stays in place until the previous batch commits, and lets the loader stage its
   * files meanwhile. Nothing is reported yet: if the wait ends in an exception the early batch is
   * simply forgotten and built again later.
   */
  private BatchBuilder.Built buildWhileThePreviousLoads(String table) {
    TableBuffer buffer = builder.buffer(table);
    if (buffer == null || buffer.isEmpty() || !runner.isLoading(table)) {
      return null;
    }
    BatchBuilder.Built built = builder.build(buffer);
    try {
      loader.prestage(built.batch());
    } catch (RuntimeException e) {
      // Only an optimisation: the load stages the files itself, and reports what is wrong.
      LOG.warn("Could not stage the next batch of {} early: {}", table, e.toString());
    }
    return built;
  }

  /**
   * Stops loading a target table another source owns, without stopping the task's other tables: the
   * records of its partitions are dropped from buffers and batches, the partitions rewound to the
   * first of them and paused, so that nothing of them is committed and everything is read again
   * once the setting is changed and the task restarted.
   */
  private void stopTable(Map<TopicPartition, OffsetRange> ranges, String reason) {
    Set<TopicPartition> partitions = new HashSet<>(ranges.keySet());
    Map<TopicPartition, Long> rewind = new java.util.HashMap<>();
    ranges.forEach((partition, range) -> rewind.put(partition, range.first()));
    builder.removePartitions(partitions);
    runner
        .dropBatchesOf(partitions)
        .forEach((partition, first) -> rewind.merge(partition, first, Math::min));
    context.offset(rewind);
    offsets.rewound(rewind);
    context.pause(partitions.toArray(new TopicPartition[0]));
    boolean newlyStopped = stopped.addAll(partitions);
    if (newlyStopped) {
      metrics.stoppedTables.incrementAndGet();
      stopReasons.add(reason);
      LOG.error(
          "{} The task paused partitions {} and goes on loading its other tables; after the"
              + " change, restart the connector.",
          reason,
          partitions);
    }
  }
}
