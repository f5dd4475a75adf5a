package io.ddbsync.source.task;

import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.logging.PluginThreads;
import io.ddbsync.common.model.SchemaHistory;
import io.ddbsync.common.retry.Backoff;
import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.emit.TopicPartitions;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.SegmentWork;
import io.ddbsync.source.plan.StreamWork;
import io.ddbsync.source.plan.TaskAssignment;
import io.ddbsync.source.snapshot.ScanClient;
import io.ddbsync.source.snapshot.SegmentScanner;
import io.ddbsync.source.snapshot.SnapshotProgress;
import io.ddbsync.source.snapshot.TaskReadBudgets;
import io.ddbsync.source.stream.StreamClient;
import io.ddbsync.source.stream.StreamProgress;
import io.ddbsync.source.stream.TableStreamReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task's readers: its snapshot segments on a small pool and one thread per table stream.
 * Each reader converts with its own per-table model (all sharing the task's schema history) and
 * puts records into the task's queue; the first failure is handed to the queue for poll().
 */
public final class SourceTaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SourceTaskRunner.class);
  private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(30);
  private static final Duration SCHEMA_REFRESH_INTERVAL = Duration.ofSeconds(30);

  /** Retriable failures in a row after which a reader fails the task. */
  static final int MAX_READER_RESTARTS = 5;

  private static final Duration MAX_READER_BACKOFF = Duration.ofMinutes(1);
  // A reader that ran this long before failing starts counting its failures again.
  private static final Duration HEALTHY_RUN = Duration.ofMinutes(10);

  private final RunnerSettings config;
  private final TaskAssignment assignment;
  private final ScanClient scans;
  private final StreamClient streams;
  private final TableCatalog catalog;
  private final StoredOffsets offsets;
  private final SchemaHistory history;
  private final RecordQueue queue;
  private final TopicPartitions topicPartitions;
  private final ExportAccess exports;
  private final Clock clock;
  private final SnapshotProgress snapshotProgress = new SnapshotProgress();
  private final StreamProgress streamProgress = new StreamProgress();
  private final String name;
  private volatile boolean running;
  private ExecutorService segmentPool;
  private ExecutorService streamPool;
  private ScheduledExecutorService housekeeping;
  private ExportReaders exportReaders;

  public SourceTaskRunner(
      String name,
      RunnerSettings config,
      TaskAssignment assignment,
      ScanClient scans,
      StreamClient streams,
      TableCatalog catalog,
      StoredOffsets offsets,
      SchemaHistory history,
      RecordQueue queue,
      TopicPartitions topicPartitions,
      Clock clock) {
    this(
        name,
        config,
        assignment,
        scans,
        streams,
        catalog,
        offsets,
        history,
        queue,
        topicPartitions,
        ExportAccess.NONE,
        clock);
  }

  public SourceTaskRunner(
      String name,
      RunnerSettings config,
      TaskAssignment assignment,
      ScanClient scans,
      StreamClient streams,
      TableCatalog catalog,
      StoredOffsets offsets,
      SchemaHistory history,
      RecordQueue queue,
      TopicPartitions topicPartitions,
      ExportAccess exports,
      Clock clock) {
    this.name = name;
    this.exports = exports;
    this.config = config;
    this.assignment = assignment;
    this.scans = scans;
    this.streams = streams;
    this.catalog = catalog;
    this.offsets = offsets;
    this.history = history;
    this.queue = queue;
    this.topicPartitions = topicPartitions;
    this.clock = clock;
  }

  public SnapshotProgress snapshotProgress() {
    return snapshotProgress;
  }

  /** The tables whose streams this task reads. */
  public List<String> streamedTables() {
    return assignment.streams().stream().map(StreamWork::table).distinct().toList();
  }

  /** The tables this task snapshots (by Scan segments or export files). */
  public List<String> snapshotTables() {
    List<String> tables = new ArrayList<>();
    assignment.segments().forEach(work -> tables.add(work.table()));
    assignment.exportFiles().forEach(work -> tables.add(work.table()));
    return tables.stream().distinct().toList();
  }

  public StreamProgress streamProgress() {
    return streamProgress;
  }

  public int queueSize() {
    return queue.size();
  }

  public void start() {
    running = true;
    ChangeRecords records = new ChangeRecords(config.records(), topicPartitions);
    exportReaders =
        new ExportReaders(
            name,
            assignment,
            config,
            exports,
            catalog,
            offsets,
            queue,
            clock,
            snapshotProgress,
            () -> running,
            this::guarded,
            this::model);
    startSegments(records);
    exportReaders.start(records);
    startStreams(records);
    housekeeping = Executors.newSingleThreadScheduledExecutor(threads(name + "-housekeeping"));
    housekeeping.scheduleWithFixedDelay(
        this::logProgress,
        PROGRESS_LOG_INTERVAL.toMillis(),
        PROGRESS_LOG_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void startSegments(ChangeRecords records) {
    List<SegmentWork> segments = assignment.segments();
    if (segments.isEmpty()) {
      return;
    }
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (SegmentWork work : segments) {
      partitions.add(partitionOf(work));
      snapshotProgress.assigned(work.table(), 1, work.expectedItems());
    }
    Map<Map<String, Object>, Map<String, Object>> stored = offsets.offsets(partitions);
    recordPlans(segments, records);
    int threads = Math.min(segments.size(), config.snapshotParallelism());
    // One bucket per table, shared by this task's segments of it: the table reads at the task's
    // whole share of its budget however many of its segments run at once.
    TaskReadBudgets budgets =
        new TaskReadBudgets(segments, config.snapshotParallelism(), System::nanoTime);
    snapshotProgress.readBudget(budgets::currentRcuPerSecond);
    segmentPool = Executors.newFixedThreadPool(threads, threads(name + "-snapshot"));
    for (SegmentWork work : segments) {
      SegmentPosition first = SegmentPosition.fromOffset(stored.get(partitionOf(work)));
      boolean[] started = {false};
      segmentPool.execute(
          () ->
              guarded(
                  "snapshot segment " + work.segment() + " of table " + work.table(),
                  () -> {
                    // A restarted scan resumes from what is committed by now.
                    SegmentPosition position =
                        started[0]
                            ? SegmentPosition.fromOffset(offsets.offset(partitionOf(work)))
                            : first;
                    started[0] = true;
                    SegmentScanner scanner =
                        new SegmentScanner(
                            work,
                            scans,
                            model(work.table()),
                            records,
                            queue,
                            budgets.of(work.table()),
                            config.snapshot(),
                            clock,
                            snapshotProgress,
                            () -> running);
                    scanner.run(position);
                  }));
    }
    segmentPool.shutdown();
  }

  /**
   * Writes the table marker of each snapshot whose plan this task records (SNAPSHOT_ONLY: no stream
   * reader does), unless it is already there, so that the segment count survives restarts and new
   * task counts and a finished table is never scanned again.
   */
  private void recordPlans(List<SegmentWork> segments, ChangeRecords records) {
    for (SegmentWork work : segments) {
      if (!work.recordsPlan()) {
        continue;
      }
      Map<String, Object> partition = SourcePartitions.table(work.table());
      TableMarker stored = TableMarker.fromOffset(offsets.offset(partition));
      if (stored != null
          && stored.tableId().equals(work.tableId())
          && stored.epoch() == work.epoch()
          && stored.segments() == work.totalSegments()) {
        continue;
      }
      TableMarker plan =
          new TableMarker(
              work.tableId(),
              null,
              work.epoch(),
              work.totalSegments(),
              TableMarker.Phase.SNAPSHOT,
              0,
              0,
              0,
              // Later snapshots stay newer generations than any the table had.
              stored == null ? 0 : stored.newestGenerationMillis());
      try {
        queue.put(records.progress(partition, plan.toOffset(), "snapshot plan"), 128);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void startStreams(ChangeRecords records) {
    List<StreamWork> streamWork = assignment.streams();
    if (streamWork.isEmpty()) {
      return;
    }
    streamPool = Executors.newFixedThreadPool(streamWork.size(), threads(name + "-stream"));
    for (StreamWork work : streamWork) {
      streamPool.execute(
          () ->
              guarded(
                  "the stream of table " + work.table(),
                  () ->
                      new TableStreamReader(
                              work,
                              streams,
                              catalog,
                              offsets,
                              model(work.table()),
                              records,
                              queue,
                              config.stream(),
                              clock,
                              () -> running,
                              streamProgress,
                              work.exportSnapshot()
                                  ? exportReaders.exportSnapshot(work.table(), records)
                                  : null,
                              exportReaders.heal(work.table(), records),
                              exportReaders.client())
                          .run()));
    }
    streamPool.shutdown();
  }

  private TableEventModel model(String table) {
    TableEventModel model =
        new TableEventModel(table, assignment.keys().get(table), config.model(), history, clock);
    model.refreshEvery(SCHEMA_REFRESH_INTERVAL);
    return model;
  }

  /**
   * Runs a reader until it ends or the task stops. A retriable failure (Connect's
   * RetriableException, such as a schema-history write that timed out while a broker restarted)
   * starts the reader again after a growing wait, from what is committed by then; after {@link
   * #MAX_READER_RESTARTS} such failures in a row, or any other failure, the failure goes to the
   * queue, which poll() rethrows as a non-retriable error. A reader never stops while the task
   * runs.
   */
  private void guarded(String what, ExportReaders.Reader reader) {
    Backoff backoff = new Backoff(config.readerRestartBackoff(), MAX_READER_BACKOFF);
    while (running) {
      long startedNanos = System.nanoTime();
      try {
        reader.run();
        return;
      } catch (InterruptedException e) {
        if (running) {
          queue.fail(e);
        }
        return;
      } catch (RetriableException e) {
        if (!running) {
          return;
        }
        if (System.nanoTime() - startedNanos > HEALTHY_RUN.toNanos()) {
          backoff.reset(); // it ran well for a while: this is a new spell of trouble
        }
        if (backoff.attempts() >= MAX_READER_RESTARTS) {
          LOG.error("{} of {} failed {} times in a row", what, name, MAX_READER_RESTARTS, e);
          queue.fail(
              new ConnectException(
                  "Reading "
                      + what
                      + " failed "
                      + MAX_READER_RESTARTS
                      + " times in a row: "
                      + e.getMessage(),
                  e));
          return;
        }
        long wait = backoff.nextMillis();
        LOG.warn("Reading {} failed ({}); starting it again in {} ms", what, e.getMessage(), wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException stopping) {
          return;
        }
      } catch (Throwable e) {
        if (running) {
          LOG.error("A reader of {} failed", name, e);
          queue.fail(e);
        }
        return;
      }
    }
  }

  /** Stops every reader within a few seconds: no new calls, blocked puts and sleeps interrupted. */
  public void stop() {
    running = false;
    queue.close();
    List<ExecutorService> pools =
        new ArrayList<>(java.util.Arrays.asList(segmentPool, streamPool, housekeeping));
    if (exportReaders != null) {
      pools.addAll(exportReaders.pools());
    }
    for (ExecutorService pool : pools) {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    for (ExecutorService pool : pools) {
      if (pool != null) {
        try {
          if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("Readers of {} did not stop within 5 seconds", name);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void logProgress() {
    if (snapshotProgress.segmentsAssigned() > 0
        && snapshotProgress.segmentsDone() < snapshotProgress.segmentsAssigned()) {
      LOG.info("{} snapshot: {}", name, snapshotProgress);
    }
    if (!assignment.streams().isEmpty()) {
      LOG.info(
          "{} streams: {} records, max lag {} ms, {} tables streaming, queue {} records",
          name,
          streamProgress.records(),
          streamProgress.maxLagMillis(),
          streamProgress.tablesStreaming(),
          queue.size());
    }
  }

  private static Map<String, Object> partitionOf(SegmentWork work) {
    return SourcePartitions.segment(
        work.table(), work.tableId(), work.epoch(), work.segment(), work.totalSegments());
  }

  /** Threads whose log lines name the connector and task, as Connect's own do. */
  private static ThreadFactory threads(String prefix) {
    return PluginThreads.named(prefix);
  }
}
