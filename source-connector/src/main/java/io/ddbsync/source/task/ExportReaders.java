package io.ddbsync.source.task;

import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.logging.PluginThreads;
import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.ExportFileWork;
import io.ddbsync.source.plan.ExportWork;
import io.ddbsync.source.plan.TaskAssignment;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.snapshot.ExportFileIndex;
import io.ddbsync.source.snapshot.ExportFileScanner;
import io.ddbsync.source.snapshot.ExportSnapshot;
import io.ddbsync.source.snapshot.SnapshotProgress;
import io.ddbsync.source.stream.IncrementalHeal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * A task's readers of exports: the data files of exported snapshots it was dealt (on a pool as wide
 * as {@code snapshot.task.parallelism}), and in SNAPSHOT_ONLY mode the exports it requests and
 * awaits. Also builds the {@link ExportSnapshot} a table's stream reader runs when its snapshot is
 * an export.
 */
final class ExportReaders {
  /** Runs a reader under the task runner's restart rule. */
  @FunctionalInterface
  interface Guard {
    void run(String what, Reader reader);
  }

  /** A reader's body. */
  @FunctionalInterface
  interface Reader {
    void run() throws Exception;
  }

  private final String name;
  private final TaskAssignment assignment;
  private final RunnerSettings config;
  private final ExportAccess access;
  private final TableCatalog catalog;
  private final StoredOffsets offsets;
  private final RecordQueue queue;
  private final Clock clock;
  private final SnapshotProgress progress;
  private final BooleanSupplier running;
  private final Guard guard;
  private final Function<String, TableEventModel> models;
  private ExportFileIndex index;
  private ExecutorService filePool;
  private ExecutorService requestPool;

  ExportReaders(
      String name,
      TaskAssignment assignment,
      RunnerSettings config,
      ExportAccess access,
      TableCatalog catalog,
      StoredOffsets offsets,
      RecordQueue queue,
      Clock clock,
      SnapshotProgress progress,
      BooleanSupplier running,
      Guard guard,
      Function<String, TableEventModel> models) {
    this.name = name;
    this.assignment = assignment;
    this.config = config;
    this.access = access;
    this.catalog = catalog;
    this.offsets = offsets;
    this.queue = queue;
    this.clock = clock;
    this.progress = progress;
    this.running = running;
    this.guard = guard;
    this.models = models;
  }

  void start(ChangeRecords records) {
    startFiles(records);
    startRequests(records);
  }

  /** The export of {@code table}'s snapshot, for its stream reader to run. */
  ExportSnapshot exportSnapshot(String table, ChangeRecords records) {
    return new ExportSnapshot(
        table,
        access.requireClient(),
        access.manifests(),
        () -> tableArn(table),
        config.export(),
        clock,
        running,
        progress,
        (marker, description) ->
            queue.put(
                records.progress(SourcePartitions.table(table), marker.toOffset(), description),
                128));
  }

  /**
   * The heal of {@code table}'s lost stream positions from incremental exports: under
   * stream.lost.position.policy=INCREMENTAL_EXPORT with an export bucket; else null (the reader
   * then re-snapshots, as the policy says it falls back to).
   */
  IncrementalHeal heal(String table, ChangeRecords records) {
    if (config.stream().policy() != LostPositionPolicy.INCREMENTAL_EXPORT
        || access.client() == null
        || config.export().bucket().isBlank()) {
      return null;
    }
    return new IncrementalHeal(
        table,
        access.client(),
        access.requireObjects(),
        config.export(),
        () -> tableArn(table),
        models.apply(table),
        records,
        queue,
        clock,
        running);
  }

  /** The export calls, for the stream readers' heals; null without exports. */
  ExportClient client() {
    return access.client();
  }

  private void startFiles(ChangeRecords records) {
    List<ExportFileWork> files = assignment.exportFiles();
    if (files.isEmpty()) {
      return;
    }
    index = new ExportFileIndex(access.requireClient(), access.manifests());
    for (ExportFileWork work : files) {
      progress.assigned(work.table(), 1, 0);
    }
    filePool =
        Executors.newFixedThreadPool(
            Math.min(files.size(), config.snapshotParallelism()),
            PluginThreads.named(name + "-export"));
    for (ExportFileWork work : files) {
      Map<String, Object> partition =
          SourcePartitions.segment(
              work.table(), work.tableId(), work.epoch(), work.file(), work.totalFiles());
      filePool.execute(
          () ->
              guard.run(
                  "export file " + work.file() + " of table " + work.table(),
                  () ->
                      new ExportFileScanner(
                              work,
                              index,
                              access.requireObjects(),
                              models.apply(work.table()),
                              records,
                              queue,
                              clock,
                              progress,
                              running)
                          // A restarted reader resumes from what is committed by now.
                          .run(SegmentPosition.fromOffset(offsets.offset(partition)))));
    }
    filePool.shutdown();
  }

  private void startRequests(ChangeRecords records) {
    List<ExportWork> exports = assignment.exports();
    if (exports.isEmpty()) {
      return;
    }
    requestPool =
        Executors.newFixedThreadPool(exports.size(), PluginThreads.named(name + "-export-request"));
    for (ExportWork work : exports) {
      requestPool.execute(
          () ->
              guard.run(
                  "the export of table " + work.table(),
                  () -> exportSnapshot(work.table(), records).run(markerOf(work))));
    }
    requestPool.shutdown();
  }

  /** The table's marker for the export's epoch: as stored, or a fresh one (SNAPSHOT_ONLY). */
  private TableMarker markerOf(ExportWork work) {
    TableMarker stored =
        TableMarker.fromOffset(offsets.offset(SourcePartitions.table(work.table())));
    if (stored != null
        && stored.tableId().equals(work.tableId())
        && stored.epoch() == work.epoch()) {
      return stored;
    }
    return new TableMarker(
        work.tableId(),
        null,
        work.epoch(),
        0,
        TableMarker.Phase.SNAPSHOT,
        0,
        0,
        0,
        // Later snapshots stay newer generations than any the table had.
        stored == null ? 0 : stored.newestGenerationMillis());
  }

  private String tableArn(String table) {
    TableInfo info = catalog.describe(table);
    if (info == null || info.tableArn() == null) {
      throw new ConnectException("Cannot export table " + table + ": DescribeTable gives no ARN");
    }
    return info.tableArn();
  }

  /** The pools, for the runner to stop with its own. */
  List<ExecutorService> pools() {
    return java.util.Arrays.asList(filePool, requestPool);
  }
}
