package io.ddbsync.sink.task;

import io.ddbsync.common.retry.Backoff;
import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.batch.OffsetRange;
import io.ddbsync.sink.load.LoadFailure;
import io.ddbsync.sink.load.LoadOutcome;
import io.ddbsync.sink.load.LoadResult;
import io.ddbsync.sink.load.Loader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frozen batches of a task and the one load that runs at a time. A frozen batch stays until its
 * load commits (only then may its offsets be committed); a batch that fails transiently stays
 * frozen and is retried with backoff under the same staged file names; one whose rows the warehouse
 * refused is loaded again without them. Loads run on {@code loads} (a single background thread in
 * production), one at a time, which keeps the batches of a table committing in Kafka order;
 * outcomes are handled on the task thread, by the calls of this class.
 */
final class LoadRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LoadRunner.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /**
   * A table that must stop (another source owns it): the writer rewinds and pauses the partitions
   * of {@code ranges} and takes its buffered records out.
   */
  record TableStop(String table, Map<TopicPartition, OffsetRange> ranges, String reason) {}

  /**
   * Rounds of refused rows one batch may go through (each takes records out and loads the rest);
   * more means the database keeps refusing what it did not name before, and the task stops.
   */
  static final int MAX_REFUSED_ROUNDS = 64;

  /**
   * Records of one batch that halving may find refused, one by one: more means the database refuses
   * them all (a problem of the table or the files, not of values), and the task stops rather than
   * sending good records to the dead letter queue.
   */
  static final int MAX_RECORDS_FOUND_BY_HALVING = 5;

  /** The load that is running: its batch stays in {@code frozen} until the outcome is handled. */
  private record InFlight(
      String table, Batch batch, CompletableFuture<LoadResult> outcome, long startedMillis) {}

  private final Loader loader;
  private final Executor loads;
  private final SinkTaskContext context;
  private final int maxRetries;
  private final Backoff backoff;
  private final Clock clock;
  private final SinkMetrics metrics;
  private final BatchRepair repair;
  private final List<TableStop> stops = new ArrayList<>();
  private final Map<String, Batch> frozen = new LinkedHashMap<>();
  // The later halves of a table's batch split to find a refused value: loaded, in order, after the
  // frozen one; their offsets are the batch's, so nothing of it is committed before the last.
  private final Map<String, java.util.Deque<Batch>> waiting = new HashMap<>();
  // Per table: rounds of refused rows, and records found by halving, for the batch loading now.
  private final Map<String, int[]> refusals = new HashMap<>();
  private InFlight inFlight;
  private int consecutiveFailures;

  LoadRunner(
      Loader loader,
      Executor loads,
      SinkTaskContext context,
      int maxRetries,
      Duration backoff,
      Clock clock,
      SinkMetrics metrics,
      BatchRepair repair) {
    this.loader = loader;
    this.loads = loads;
    this.context = context;
    this.maxRetries = maxRetries;
    this.backoff = Backoff.exact(backoff, MAX_BACKOFF);
    this.clock = clock;
    this.metrics = metrics;
    this.repair = repair;
  }

  /** The tables that had to stop since the last call, for the writer to rewind and pause. */
  List<TableStop> takeStops() {
    List<TableStop> taken = List.copyOf(stops);
    stops.clear();
    return taken;
  }

  boolean hasFrozen(String table) {
    return frozen.containsKey(table);
  }

  int frozenCount() {
    return frozen.size();
  }

  /** Whether a load runs or a batch waits to be retried. */
  boolean isBusy() {
    return inFlight != null || !frozen.isEmpty();
  }

  /** Whether {@code table}'s batch is the one loading. */
  boolean isLoading(String table) {
    return inFlight != null && inFlight.table().equals(table);
  }

  /** Freezes {@code batch} as the table's next load and starts it once the running one is done. */
  void freezeAndStart(String table, Batch batch) {
    frozen.put(table, batch);
    start(table);
  }

  /** Starts every frozen batch that is not loading (they failed before): retried now. */
  void retryFrozen() {
    for (String table : List.copyOf(frozen.keySet())) {
      if (!isLoading(table)) {
        start(table);
      }
    }
  }

  /** Starts loading the frozen batch of {@code table} once the running load (if any) is done. */
  void start(String table) {
    await();
    Batch batch = frozen.get(table);
    if (batch == null) {
      return;
    }
    CompletableFuture<LoadResult> outcome = new CompletableFuture<>();
    inFlight = new InFlight(table, batch, outcome, clock.millis());
    loads.execute(
        () -> {
          try {
            outcome.complete(loader.load(batch));
          } catch (Throwable e) {
            outcome.completeExceptionally(e);
          }
        });
    handleFinished();
  }

  /**
   * Waits for the running load and handles its outcome (which may throw, as put() may), and for the
   * loads that outcome starts (the rest of a batch without refused rows, the next half of a split
   * batch).
   */
  void await() {
    while (inFlight != null) {
      waitForLoad();
      handleFinished();
    }
  }

  /**
   * Waits for the running load, at most {@code bound}, without acting on a failure: its batch
   * simply stays frozen. A load still running then has its connection cut, so that it commits
   * nothing, and is waited for a little longer to let go of it.
   */
  void awaitQuietly(Duration bound) {
    if (inFlight == null) {
      return;
    }
    if (!finishesWithin(bound)) {
      LOG.warn(
          "The load of {} into {} did not end within {} ms; its connection is cut and it commits"
              + " nothing",
          inFlight.batch().rangeDescription(),
          inFlight.table(),
          bound.toMillis());
      loader.reset();
      if (!finishesWithin(CUT_LOAD_WAIT)) {
        inFlight = null;
        return;
      }
    }
    if (waitForLoad()) {
      handleFinished();
    } else {
      inFlight = null;
      loader.reset();
    }
  }

  /** How long a load whose connection was cut is waited for to end. */
  private static final Duration CUT_LOAD_WAIT = Duration.ofSeconds(1);

  private boolean finishesWithin(Duration bound) {
    try {
      inFlight.outcome().get(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException | CancellationException failed) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Handles a load that finished well; a failure is left for the next put() to report. */
  void handleFinishedIfSucceeded() {
    if (inFlight != null
        && inFlight.outcome().isDone()
        && !inFlight.outcome().isCompletedExceptionally()) {
      handleFinished();
    }
  }

  /** The first offset of each partition in a frozen batch (or a half of one still waiting). */
  Map<TopicPartition, Long> pendingFirst() {
    Map<TopicPartition, Long> pending = new HashMap<>();
    for (Batch batch : frozen.values()) {
      OffsetBook.addPending(pending, batch.ranges());
    }
    for (java.util.Deque<Batch> halves : waiting.values()) {
      halves.forEach(batch -> OffsetBook.addPending(pending, batch.ranges()));
    }
    return pending;
  }

  /**
   * Drops every frozen batch that includes a revoked partition, and returns where the partitions
   * kept must be rewound to so that nothing of those batches is lost.
   */
  Map<TopicPartition, Long> dropBatchesOf(Set<TopicPartition> revoked) {
    Map<TopicPartition, Long> rewind = new HashMap<>();
    // Halves waiting behind a frozen batch share its offsets: they go with it.
    waiting
        .entrySet()
        .removeIf(
            entry ->
                frozen.containsKey(entry.getKey())
                    && frozen.get(entry.getKey()).ranges().keySet().stream()
                        .anyMatch(revoked::contains));
    frozen
        .values()
        .removeIf(
            batch -> {
              if (batch.ranges().keySet().stream().noneMatch(revoked::contains)) {
                return false;
              }
              batch
                  .ranges()
                  .forEach(
                      (partition, range) -> {
                        if (!revoked.contains(partition)) {
                          rewind.merge(partition, range.first(), Math::min);
                        }
                      });
              return true;
            });
    refusals.keySet().removeIf(table -> !frozen.containsKey(table));
    return rewind;
  }

  /** True when the running load succeeded; its outcome is kept for the caller to handle. */
  private boolean waitForLoad() {
    try {
      inFlight.outcome().join();
      return true;
    } catch (CompletionException | CancellationException failed) {
      return false;
    }
  }

  /** Acts on the outcome of a load that has finished; nothing if none has. */
  void handleFinished() {
    if (inFlight == null || !inFlight.outcome().isDone()) {
      return;
    }
    InFlight done = inFlight;
    inFlight = null;
    String table = done.table();
    Batch batch = done.batch();
    LoadOutcome outcome;
    try {
      outcome = new LoadOutcome.Loaded(done.outcome().join());
    } catch (CompletionException | CancellationException wrapped) {
      outcome = LoadOutcome.of(wrapped.getCause() != null ? wrapped.getCause() : wrapped, loader);
    }
    // Java 17 (the oldest JVM supported): an if chain over the sealed outcome, not a switch.
    if (outcome instanceof LoadOutcome.Loaded loaded) {
      loaded(done, loaded.result());
    } else if (outcome instanceof LoadOutcome.Refused refused) {
      logLoadErrors(batch, refused.failure());
      countRefusal(table, batch, refused.failure(), 0);
      frozen.put(table, repair.without(batch, refused.records(), refused.reason()));
      start(table);
    } else if (outcome instanceof LoadOutcome.RefusedWithoutRow refused) {
      logLoadErrors(batch, refused.failure());
      halve(table, batch, refused);
      start(table);
    } else if (outcome instanceof LoadOutcome.Stale stale) {
      LOG.info("{} ({})", stale.changes().getMessage(), batch.rangeDescription());
      metrics.staleSkipped.addAndGet(stale.changes().records().size());
      frozen.put(table, repair.without(batch, stale.changes().records(), null));
      start(table);
    } else if (outcome instanceof LoadOutcome.Collision collision) {
      frozen.remove(table);
      waiting.remove(table);
      refusals.remove(table);
      stops.add(new TableStop(table, batch.ranges(), collision.collision().getMessage()));
    } else if (outcome instanceof LoadOutcome.Transient failure) {
      failed(table, batch, failure.error(), true);
    } else if (outcome instanceof LoadOutcome.Fatal failure) {
      failed(table, batch, failure.error(), false);
    }
  }

  private void loaded(InFlight done, LoadResult result) {
    String table = done.table();
    consecutiveFailures = 0;
    backoff.reset();
    recordSuccess(done, result);
    java.util.Deque<Batch> next = waiting.get(table);
    if (next != null && !next.isEmpty()) {
      // A half of a split batch loaded: the next one now; the batch's offsets wait for the last.
      frozen.put(table, next.pollFirst());
      start(table);
      return;
    }
    waiting.remove(table);
    refusals.remove(table);
    frozen.remove(table);
  }

  /** Halves of the batch, to find the record of a value refused without its row. */
  private void halve(String table, Batch batch, LoadOutcome.RefusedWithoutRow refused) {
    if (batch.changes().size() == 1) {
      // Found: the one record whose value the warehouse refuses.
      countRefusal(table, batch, refused.failure(), 1);
      frozen.put(
          table, repair.without(batch, List.of(batch.changes().get(0).record()), refused.reason()));
      return;
    }
    countRefusal(table, batch, refused.failure(), 0);
    List<Batch> halves = repair.halves(batch);
    frozen.put(table, halves.get(0));
    waiting.computeIfAbsent(table, t -> new java.util.ArrayDeque<>()).addFirst(halves.get(1));
    LOG.info(
        "The warehouse refused a value of {} without naming its row; loading halves of the batch"
            + " ({} and {} changes) to find it",
        batch.rangeDescription(),
        halves.get(0).changes().size(),
        halves.get(1).changes().size());
  }

  private static void logLoadErrors(Batch batch, LoadFailure failure) {
    for (var error : failure.loadErrors()) {
      LOG.warn("Load error in {}: {}", batch.rangeDescription(), error);
    }
  }

  /**
   * Counts a round of refused rows for the table's batch and stops the task when the database keeps
   * refusing: too many rounds, or too many records found one by one by halving.
   */
  private void countRefusal(String table, Batch batch, LoadFailure failure, int foundByHalving) {
    int[] counts = refusals.computeIfAbsent(table, t -> new int[2]);
    counts[0]++;
    counts[1] += foundByHalving;
    if (counts[0] > MAX_REFUSED_ROUNDS || counts[1] > MAX_RECORDS_FOUND_BY_HALVING) {
      throw new ConnectException(
          "The warehouse keeps refusing rows of "
              + batch.rangeDescription()
              + " into "
              + table
              + " ("
              + counts[0]
              + " rounds, "
              + counts[1]
              + " records found one by one): the problem is likely the table or the staged files,"
              + " not single values. Last failure: "
              + failure.getMessage(),
          failure);
    }
  }

  private void recordSuccess(InFlight done, LoadResult result) {
    metrics.loaded(done.batch(), result, done.startedMillis(), clock.millis());
    LOG.debug("Loaded {} into {}: {}", done.batch().rangeDescription(), done.table(), result);
  }

  private void failed(String table, Batch batch, Throwable error, boolean transientError) {
    metrics.failedLoads.incrementAndGet();
    loader.reset();
    consecutiveFailures++;
    if (!transientError || consecutiveFailures > maxRetries) {
      throw new ConnectException(
          (transientError ? "Giving up after " + maxRetries + " retries: " : "")
              + "loading "
              + batch.rangeDescription()
              + " into "
              + table
              + " failed: "
              + error.getMessage()
              + (error instanceof java.sql.SQLException sql && sql.getSQLState() != null
                  ? " (SQLSTATE " + sql.getSQLState() + ")"
                  : ""),
          error);
    }
    long wait = backoff.nextMillis();
    LOG.warn(
        "Loading {} into {} failed ({}); retry {} of {} in {} ms",
        batch.rangeDescription(),
        table,
        error.getMessage(),
        consecutiveFailures,
        maxRetries,
        wait);
    context.timeout(wait);
    throw new RetriableException("Loading into " + table + " failed; will retry", error);
  }
}
