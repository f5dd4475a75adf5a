package io.ddbsync.source.task;

import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.SchemaHistory;
import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.plan.SegmentWork;
import io.ddbsync.source.plan.StreamWork;
import io.ddbsync.source.plan.TaskAssignment;
import io.ddbsync.source.snapshot.ReadBudget;
import io.ddbsync.source.snapshot.ScanClient;
import io.ddbsync.source.snapshot.SegmentScanner;
import io.ddbsync.source.snapshot.SnapshotProgress;
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
import java.util.concurrent.atomic.AtomicInteger;
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
  private static final Duration MARKER_INTERVAL = Duration.ofSeconds(30);
  private static final Duration SCHEMA_REFRESH_INTERVAL = Duration.ofSeconds(30);

  private final RunnerSettings config;
  private final TaskAssignment assignment;
  private final ScanClient scans;
  private final StreamClient streams;
  private final TableCatalog catalog;
  private final StoredOffsets offsets;
  private final SchemaHistory history;
  private final RecordQueue queue;
  private final Clock clock;
  private final SnapshotProgress snapshotProgress = new SnapshotProgress();
  private final StreamProgress streamProgress = new StreamProgress();
  private final String name;
  private volatile boolean running;
  private ExecutorService segmentPool;
  private ExecutorService streamPool;
  private ScheduledExecutorService housekeeping;

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
      Clock clock) {
    this.name = name;
    this.config = config;
    this.assignment = assignment;
    this.scans = scans;
    this.streams = streams;
    this.catalog = catalog;
    this.offsets = offsets;
    this.history = history;
    this.queue = queue;
    this.clock = clock;
  }

  public SnapshotProgress snapshotProgress() {
    return snapshotProgress;
  }

  public StreamProgress streamProgress() {
    return streamProgress;
  }

  public int queueSize() {
    return queue.size();
  }

  public void start() {
    running = true;
    ChangeRecords records =
        new ChangeRecords(
            config.topicPrefix(), config.progressTopic(), config.tombstonesOnDelete());
    startSegments(records);
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
    long expectedItems = 0;
    for (SegmentWork work : segments) {
      partitions.add(partitionOf(work));
      expectedItems += work.expectedItems();
    }
    Map<Map<String, Object>, Map<String, Object>> stored = offsets.offsets(partitions);
    snapshotProgress.assigned(segments.size(), expectedItems);
    SegmentScanner.Settings settings =
        new SegmentScanner.Settings(
            config.snapshotPageSize(), config.consistentRead(), config.throttleMaxBackoff());
    int threads = Math.min(segments.size(), config.snapshotParallelism());
    segmentPool = Executors.newFixedThreadPool(threads, threads(name + "-snapshot"));
    for (SegmentWork work : segments) {
      SegmentPosition position = SegmentPosition.fromOffset(stored.get(partitionOf(work)));
      segmentPool.execute(
          () ->
              guarded(
                  () -> {
                    SegmentScanner scanner =
                        new SegmentScanner(
                            work,
                            scans,
                            model(work.table()),
                            records,
                            queue,
                            new ReadBudget(work.readBudgetRcu(), System::nanoTime),
                            settings,
                            clock,
                            snapshotProgress,
                            () -> running);
                    scanner.run(position);
                  }));
    }
    segmentPool.shutdown();
  }

  private void startStreams(ChangeRecords records) {
    List<StreamWork> streamWork = assignment.streams();
    if (streamWork.isEmpty()) {
      return;
    }
    TableStreamReader.Settings settings =
        new TableStreamReader.Settings(
            config.streamPollInterval(),
            config.streamRecordsPerCall(),
            config.shardRefreshInterval(),
            config.handoffCheckInterval(),
            config.lostPositionPolicy(),
            config.streamStartPosition(),
            MARKER_INTERVAL,
            config.throttleMaxBackoff());
    streamPool = Executors.newFixedThreadPool(streamWork.size(), threads(name + "-stream"));
    for (StreamWork work : streamWork) {
      streamPool.execute(
          () ->
              guarded(
                  () ->
                      new TableStreamReader(
                              work,
                              streams,
                              catalog,
                              offsets,
                              model(work.table()),
                              records,
                              queue,
                              settings,
                              clock,
                              () -> running,
                              streamProgress)
                          .run()));
    }
    streamPool.shutdown();
  }

  private TableEventModel model(String table) {
    TableEventModel model =
        new TableEventModel(
            table, assignment.keys().get(table), config.modelSettings(), history, clock);
    model.refreshEvery(SCHEMA_REFRESH_INTERVAL);
    return model;
  }

  /** Runs a reader; a failure other than stopping goes to the queue, which poll() rethrows. */
  private void guarded(Reader reader) {
    try {
      reader.run();
    } catch (InterruptedException e) {
      if (running) {
        queue.fail(e);
      }
    } catch (Throwable e) {
      if (running) {
        LOG.error("A reader of {} failed", name, e);
        queue.fail(e);
      }
    }
  }

  /** Stops every reader within a few seconds: no new calls, blocked puts and sleeps interrupted. */
  public void stop() {
    running = false;
    queue.close();
    for (ExecutorService pool : new ExecutorService[] {segmentPool, streamPool, housekeeping}) {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    for (ExecutorService pool : new ExecutorService[] {segmentPool, streamPool, housekeeping}) {
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

  private static ThreadFactory threads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @FunctionalInterface
  private interface Reader {
    void run() throws Exception;
  }
}
