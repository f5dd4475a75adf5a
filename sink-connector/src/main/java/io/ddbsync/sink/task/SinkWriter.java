package io.ddbsync.sink.task;

import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.sink.batch.EventRouter;
import io.ddbsync.sink.batch.StructSize;
import io.ddbsync.sink.batch.TableBuffer;
import io.ddbsync.sink.flatten.ChangeRow;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.flatten.LayoutBuilder;
import io.ddbsync.sink.flatten.RowBuilder;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.load.Batch;
import io.ddbsync.sink.load.BatchLoader;
import io.ddbsync.sink.load.Loader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's discipline, independent of Connect's task lifecycle: records are buffered per target
 * table; a buffer is frozen into a batch when it reaches its record, byte or age limit (or the
 * task's buffer cap); a batch that fails transiently stays frozen and is retried with backoff, with
 * the same staged file names; and {@link #preCommit} never returns an offset whose records are not
 * in a committed load.
 *
 * <p>Loads run on {@code loads} (a single background thread in production), one at a time, so that
 * the task thread converts and flattens the next batch while the database applies the previous one;
 * one load at a time keeps the batches of a table committing in Kafka order. Outcomes are handled
 * on the task thread: a loaded batch leaves {@code frozen} (only then can its offsets be
 * committed), a failed one stays there and is retried.
 */
public final class SinkWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SinkWriter.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /** The limits of batching. */
  public record Limits(
      int maxRecords,
      long maxBytes,
      Duration maxAge,
      long taskMaxBytes,
      int maxRetries,
      Duration backoff) {}

  private final EventRouter router;
  private final LayoutBuilder layouts;
  private final FlattenSettings flatten;
  private final int maxJsonBytes;
  private final Loader loader;
  private final ErrantRecords errant;
  private final SinkTaskContext context;
  private final Limits limits;
  private final Clock clock;
  private final SinkMetrics metrics;

  private final Map<String, TableBuffer> buffers = new LinkedHashMap<>();
  private final Map<String, String> dynamoTables = new HashMap<>();
  private final Map<String, Batch> frozen = new LinkedHashMap<>();
  private final Map<TopicPartition, Long> seenNext = new HashMap<>();
  private final Executor loads;
  private InFlight inFlight;
  private int consecutiveFailures;

  /** The load that is running: its batch stays in {@code frozen} until the outcome is handled. */
  private record InFlight(
      String table,
      Batch batch,
      CompletableFuture<BatchLoader.Result> outcome,
      long startedMillis) {}

  public SinkWriter(
      EventRouter router,
      FlattenSettings flatten,
      int maxJsonBytes,
      Loader loader,
      ErrantRecords errant,
      SinkTaskContext context,
      Limits limits,
      Clock clock,
      SinkMetrics metrics,
      Executor loads) {
    this.loads = loads;
    this.router = router;
    this.flatten = flatten;
    this.layouts = new LayoutBuilder(flatten);
    this.maxJsonBytes = maxJsonBytes;
    this.loader = loader;
    this.errant = errant;
    this.context = context;
    this.limits = limits;
    this.clock = clock;
    this.metrics = metrics;
  }

  public void put(Collection<SinkRecord> records) {
    for (SinkRecord record : records) {
      TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
      EventRouter.Route route = router.route(record);
      if (route instanceof EventRouter.Buffer buffer) {
        dynamoTables.put(buffer.table(), buffer.dynamoTable());
        buffers
            .computeIfAbsent(buffer.table(), table -> new TableBuffer(table, clock.millis()))
            .add(buffer.key(), record, StructSize.of(record.value()));
      } else if (route instanceof EventRouter.Refuse refuse) {
        errant.report(record, refuse.reason());
        metrics.deadLettered.incrementAndGet();
      }
      seenNext.merge(partition, record.kafkaOffset() + 1, Math::max);
    }
    flushDue(false);
  }

  /**
   * Loads every buffer that reached a limit, retrying frozen batches first. With {@code all}, loads
   * every buffer and waits for the loads to finish.
   */
  public void flushDue(boolean all) {
    handleFinishedLoad();
    long now = clock.millis();
    for (String table : new ArrayList<>(frozen.keySet())) {
      if (inFlight == null || !inFlight.table().equals(table)) {
        loadFrozen(table); // a batch that failed before: retried now
      }
    }
    for (TableBuffer buffer : new ArrayList<>(buffers.values())) {
      if (all
          || buffer.received() >= limits.maxRecords()
          || buffer.bytes() >= limits.maxBytes()
          || buffer.ageMillis(now) >= limits.maxAge().toMillis()) {
        freezeAndLoad(buffer.table());
      }
    }
    while (totalBytes() > limits.taskMaxBytes() && !buffers.isEmpty()) {
      TableBuffer largest =
          buffers.values().stream().max((a, b) -> Long.compare(a.bytes(), b.bytes())).orElseThrow();
      freezeAndLoad(largest.table());
    }
    if (all) {
      awaitLoad(); // everything loaded, or the failure thrown
    }
    metrics.bufferedBytes.set(totalBytes());
  }

  /** Offsets of every partition up to which all records are in committed loads. */
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> current) {
    if (inFlight != null
        && inFlight.outcome().isDone()
        && !inFlight.outcome().isCompletedExceptionally()) {
      // A failure is handled by the next put(), which can ask Connect to retry.
      handleFinishedLoad();
    }
    Map<TopicPartition, Long> pendingFirst = new HashMap<>();
    for (Batch batch : frozen.values()) {
      batch
          .ranges()
          .forEach((partition, range) -> pendingFirst.merge(partition, range[0], Math::min));
    }
    for (TableBuffer buffer : buffers.values()) {
      buffer
          .ranges()
          .forEach((partition, range) -> pendingFirst.merge(partition, range[0], Math::min));
    }
    Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
    for (TopicPartition partition : current.keySet()) {
      Long offset =
          pendingFirst.containsKey(partition)
              ? pendingFirst.get(partition)
              : seenNext.get(partition);
      if (offset != null) {
        committable.put(partition, new OffsetAndMetadata(offset));
      }
    }
    return committable;
  }

  /**
   * Drops what is buffered for revoked partitions: their new owner reads them again from the last
   * committed offset. A frozen batch that included them is dropped whole, and the partitions this
   * task keeps are rewound to the batch's start so nothing of them is lost either.
   */
  public void close(Collection<TopicPartition> revoked) {
    // A load still running could commit after the partitions' new owner loaded newer changes.
    awaitLoadQuietly();
    Set<TopicPartition> partitions = new HashSet<>(revoked);
    for (TableBuffer buffer : buffers.values()) {
      buffer.removePartitions(partitions);
    }
    buffers.values().removeIf(TableBuffer::isEmpty);
    Map<TopicPartition, Long> rewind = new HashMap<>();
    frozen
        .values()
        .removeIf(
            batch -> {
              if (batch.ranges().keySet().stream().noneMatch(partitions::contains)) {
                return false;
              }
              batch
                  .ranges()
                  .forEach(
                      (partition, range) -> {
                        if (!partitions.contains(partition)) {
                          rewind.merge(partition, range[0], Math::min);
                        }
                      });
              return true;
            });
    if (!rewind.isEmpty()) {
      context.offset(rewind);
      // The rewound records are not processed any more: never offer offsets past them.
      rewind.forEach((partition, offset) -> seenNext.merge(partition, offset, Math::min));
    }
    seenNext.keySet().removeAll(partitions);
  }

  public void stop() {
    awaitLoadQuietly();
    if (loads instanceof ExecutorService service) {
      service.shutdownNow();
    }
    loader.close();
  }

  private void freezeAndLoad(String table) {
    // The table's previous batch keeps its place until it commits: batches of one table commit in
    // Kafka order, and a newer batch must never replace one that is still loading.
    Built early = null;
    while (frozen.containsKey(table)) {
      if (inFlight == null || !inFlight.table().equals(table)) {
        loadFrozen(table);
      }
      if (early == null && frozen.size() == 1) {
        early = buildWhileThePreviousLoads(table);
      }
      awaitLoad(); // loaded, or thrown; a dead-lettered row shrinks the batch and it runs again
    }
    TableBuffer buffer = buffers.remove(table);
    if (buffer == null || buffer.isEmpty()) {
      return;
    }
    // Nothing was added to the buffer while waiting (this thread is the only one that adds), so a
    // batch built early is the batch; anything else is built now.
    Built built =
        early != null && early.source() == buffer && early.records() == buffer.records().size()
            ? early
            : built(buffer);
    frozen.put(table, freeze(built));
    loadFrozen(table);
  }

  /**
   * While the table's previous batch loads (the only load waiting), flattens the next one from the
   * buffer, which stays in place until the previous batch commits, and lets the loader stage its
   * files meanwhile. Nothing is reported yet: if the wait ends in an exception the early batch is
   * simply forgotten and built again later.
   */
  private Built buildWhileThePreviousLoads(String table) {
    TableBuffer buffer = buffers.get(table);
    if (buffer == null || buffer.isEmpty() || inFlight == null) {
      return null;
    }
    Built built = built(buffer);
    try {
      loader.prestage(built.batch());
    } catch (RuntimeException e) {
      // Only an optimisation: the load stages the files itself, and reports what is wrong.
      LOG.warn("Could not stage the next batch of {} early: {}", table, e.toString());
    }
    return built;
  }

  /** Starts loading the frozen batch of {@code table} once the running load (if any) is done. */
  private void loadFrozen(String table) {
    awaitLoad();
    Batch batch = frozen.get(table);
    if (batch == null) {
      return;
    }
    CompletableFuture<BatchLoader.Result> outcome = new CompletableFuture<>();
    inFlight = new InFlight(table, batch, outcome, clock.millis());
    loads.execute(
        () -> {
          try {
            outcome.complete(loader.load(batch));
          } catch (Throwable e) {
            outcome.completeExceptionally(e);
          }
        });
    handleFinishedLoad();
  }

  /** Waits for the running load and handles its outcome (which may throw, as put() may). */
  private void awaitLoad() {
    if (inFlight != null) {
      waitForLoad();
      handleFinishedLoad();
    }
  }

  /** Waits for the running load without acting on a failure: its batch simply stays frozen. */
  private void awaitLoadQuietly() {
    if (inFlight == null) {
      return;
    }
    if (waitForLoad()) {
      handleFinishedLoad();
    } else {
      inFlight = null;
      loader.reset();
    }
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
  private void handleFinishedLoad() {
    if (inFlight == null || !inFlight.outcome().isDone()) {
      return;
    }
    InFlight done = inFlight;
    inFlight = null;
    String table = done.table();
    Batch batch = done.batch();
    BatchLoader.Result result;
    try {
      result = done.outcome().join();
    } catch (CompletionException | CancellationException wrapped) {
      Throwable cause = wrapped.getCause() != null ? wrapped.getCause() : wrapped;
      if (cause instanceof BatchLoader.LoadFailure failure) {
        if (!dataErrorsToDeadLetters(table, batch, failure)) {
          failed(table, batch, failure);
        }
      } else if (cause instanceof Exception e) {
        failed(table, batch, e);
      } else {
        throw new ConnectException("Loading into " + table + " failed", cause);
      }
      return;
    }
    frozen.remove(table);
    consecutiveFailures = 0;
    long now = clock.millis();
    metrics.batches.incrementAndGet();
    if (result.appended()) {
      metrics.appendedBatches.incrementAndGet();
    }
    metrics.rowsMerged.addAndGet(result.upserts());
    metrics.rowsDeleted.addAndGet(result.deletes());
    metrics.childRows.addAndGet(result.childRows());
    metrics.stagedBytes.addAndGet(result.stagedBytes());
    metrics.lastLoadMillis.set(now - done.startedMillis());
    metrics.freshnessLagMillis.set(Math.max(0, now - newestEventMillis(batch)));
    LOG.debug("Loaded {} into {}: {}", batch.rangeDescription(), table, result);
  }

  /** Rows a load error names go to the dead letter queue; the rest of the batch is retried. */
  private boolean dataErrorsToDeadLetters(
      String table, Batch batch, BatchLoader.LoadFailure failure) {
    List<SinkRecord> named = new ArrayList<>();
    for (var error : failure.loadErrors()) {
      if (error.file() != null
          && error.file().contains("-upserts.parquet")
          && error.line() >= 1
          && error.line() <= batch.rows().upsertRecords.size()) {
        named.add(batch.rows().upsertRecords.get((int) error.line() - 1));
      }
    }
    if (named.isEmpty()) {
      return false;
    }
    for (var error : failure.loadErrors()) {
      LOG.warn("Load error in {}: {}", batch.rangeDescription(), error);
    }
    Set<SinkRecord> refused = new HashSet<>(named);
    for (SinkRecord record : refused) {
      errant.report(record, "The warehouse refused the row: " + failure.getMessage());
      metrics.deadLettered.incrementAndGet();
    }
    List<ChangeRow> remaining = new ArrayList<>();
    for (ChangeRow change : batch.changes()) {
      if (!refused.contains(change.record())) {
        remaining.add(change);
      }
    }
    frozen.put(table, rebuild(batch, remaining));
    loadFrozen(table);
    return true;
  }

  private void failed(String table, Batch batch, Exception error) {
    metrics.failedLoads.incrementAndGet();
    loader.reset();
    consecutiveFailures++;
    boolean transientError = loader.isTransient(error);
    if (!transientError || consecutiveFailures > limits.maxRetries()) {
      throw new ConnectException(
          (transientError ? "Giving up after " + limits.maxRetries() + " retries: " : "")
              + "loading "
              + batch.rangeDescription()
              + " into "
              + table
              + " failed: "
              + error.getMessage(),
          error);
    }
    long backoff =
        Math.min(
            MAX_BACKOFF.toMillis(),
            limits.backoff().toMillis() << Math.min(consecutiveFailures - 1, 16));
    LOG.warn(
        "Loading {} into {} failed ({}); retry {} of {} in {} ms",
        batch.rangeDescription(),
        table,
        error.getMessage(),
        consecutiveFailures,
        limits.maxRetries(),
        backoff);
    context.timeout(backoff);
    throw new RetriableException("Loading into " + table + " failed; will retry", error);
  }

  /**
   * A batch built but not yet frozen, with the records it rejects (no after image, values that
   * cannot be stored): they go to the dead letter queue when the batch is frozen, exactly once.
   */
  private record Built(Batch batch, List<Rejected> rejected, TableBuffer source, int records) {}

  private record Rejected(SinkRecord record, String reason) {}

  private Batch freeze(Built built) {
    report(built.rejected());
    return built.batch();
  }

  private void report(List<Rejected> rejected) {
    for (Rejected record : rejected) {
      errant.report(record.record(), record.reason());
      metrics.deadLettered.incrementAndGet();
    }
  }

  private Built built(TableBuffer buffer) {
    List<ChangeRow> changes = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (SinkRecord record : buffer.records()) {
      Struct value = (Struct) record.value();
      String op = value.getString(EnvelopeSchemas.OP);
      Struct after = value.getStruct(EnvelopeSchemas.AFTER);
      long eventMicros = eventMicros(record, value);
      if ("REMOVE".equals(op)) {
        changes.add(new ChangeRow(true, (Struct) record.key(), null, eventMicros, record));
      } else if (after == null) {
        rejected.add(
            new Rejected(
                record,
                op + " event without the item after the change; the stream must carry new images"));
      } else {
        changes.add(new ChangeRow(false, (Struct) record.key(), after, eventMicros, record));
      }
    }
    Batch batch = build(buffer.table(), changes, buffer.ranges(), buffer.records(), rejected);
    return new Built(batch, rejected, buffer, buffer.records().size());
  }

  private Batch rebuild(Batch batch, List<ChangeRow> changes) {
    List<SinkRecord> records = changes.stream().map(ChangeRow::record).toList();
    List<Rejected> rejected = new ArrayList<>();
    Batch rebuilt = build(batch.layout().name(), changes, batch.ranges(), records, rejected);
    report(rejected);
    return rebuilt;
  }

  private Batch build(
      String table,
      List<ChangeRow> changes,
      Map<TopicPartition, long[]> ranges,
      List<SinkRecord> records,
      List<Rejected> rejected) {
    Map<Schema, TableLayout> bySchema = new LinkedHashMap<>();
    for (SinkRecord record : records) {
      bySchema.computeIfAbsent(
          record.valueSchema(),
          schema ->
              layouts.build(
                  dynamoTables.get(table),
                  record.topic(),
                  record.keySchema(),
                  schema.field(EnvelopeSchemas.AFTER).schema()));
    }
    TableLayout layout = TableLayout.union(new ArrayList<>(bySchema.values()));
    RowBuilder.Rows rows =
        new RowBuilder(layout, flatten.overflowPolicy(), maxJsonBytes).build(changes);
    for (RowBuilder.Failure failure : rows.failures) {
      rejected.add(new Rejected(failure.record(), failure.reason()));
    }
    return new Batch(layout, rows, ranges, changes);
  }

  private static long eventMicros(SinkRecord record, Struct value) {
    Struct source = value.getStruct(EnvelopeSchemas.SOURCE);
    Object created =
        source == null ? null : source.get(EnvelopeSchemas.SOURCE_APPROXIMATE_CREATION_TIME);
    long millis =
        created instanceof java.util.Date date
            ? date.getTime()
            : record.timestamp() != null ? record.timestamp() : 0;
    return millis * 1000;
  }

  private static long newestEventMillis(Batch batch) {
    long newest = 0;
    for (ChangeRow change : batch.changes()) {
      newest = Math.max(newest, change.eventTimeMicros() / 1000);
    }
    return newest;
  }

  private long totalBytes() {
    long total = 0;
    for (TableBuffer buffer : buffers.values()) {
      total += buffer.bytes();
    }
    return total;
  }
}
