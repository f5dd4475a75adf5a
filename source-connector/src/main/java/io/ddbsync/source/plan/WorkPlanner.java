package io.ddbsync.source.plan;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.settings.SnapshotMethod;
import io.ddbsync.source.settings.SourceMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads the work over tasks: every snapshot segment of every table goes to the next task in turn
 * (so one table's snapshot uses all tasks), and each table's stream goes to one task, which reads
 * all its shards in parent-before-child order. Each segment carries its share of the table's read
 * budget; a task reads a table at the sum of its segments' shares (see {@code TaskReadBudgets}), so
 * that all tasks together read at the table's budget, and never above it.
 */
public final class WorkPlanner {
  /** Auto segment sizing: one segment per this much table data, at least one per task. */
  static final long BYTES_PER_SEGMENT = 512L * 1024 * 1024;

  static final int MAX_AUTO_SEGMENTS = 1000;

  private final SourceMode mode;
  private final int configuredSegments;
  private final double budgetPercent;
  private final double onDemandBudgetRcu;

  public WorkPlanner(
      SourceMode mode, int configuredSegments, double budgetPercent, double onDemandBudgetRcu) {
    this.mode = mode;
    this.configuredSegments = configuredSegments;
    this.budgetPercent = budgetPercent;
    this.onDemandBudgetRcu = onDemandBudgetRcu;
  }

  public List<TaskAssignment> plan(List<TableWork> tables, int maxTasks) {
    List<SegmentWork> segments = new ArrayList<>();
    List<ExportFileWork> files = new ArrayList<>();
    List<ExportWork> exports = new ArrayList<>();
    List<StreamWork> streams = new ArrayList<>();
    Map<String, List<KeyAttribute>> keys = new HashMap<>();
    for (TableWork work : tables) {
      TableInfo table = work.table();
      keys.put(table.name(), table.key());
      int total = work.segments();
      boolean exported = work.method() == SnapshotMethod.EXPORT;
      if (mode != SourceMode.STREAM_ONLY && work.needsSnapshot() && exported) {
        if (work.exportFilesKnown()) {
          for (int file = 0; file < total; file++) {
            files.add(
                new ExportFileWork(
                    table.name(),
                    table.tableId(),
                    work.epoch(),
                    file,
                    total,
                    work.export().exportArn(),
                    work.export().exportTimeMillis(),
                    work.generationFloorMillis()));
          }
        } else if (mode == SourceMode.SNAPSHOT_ONLY) {
          exports.add(
              new ExportWork(
                  table.name(), table.tableId(), work.epoch(), work.generationFloorMillis()));
        }
      } else if (mode != SourceMode.STREAM_ONLY && work.needsSnapshot()) {
        double perSegment = budgetRcu(table) / total;
        long expectedItems = table.itemCount() / total;
        long averageItemBytes =
            table.itemCount() > 0 ? Math.max(1, table.sizeBytes() / table.itemCount()) : 1024;
        for (int segment = 0; segment < total; segment++) {
          segments.add(
              new SegmentWork(
                  table.name(),
                  table.tableId(),
                  work.epoch(),
                  segment,
                  total,
                  perSegment,
                  expectedItems,
                  averageItemBytes,
                  mode == SourceMode.SNAPSHOT_ONLY && segment == 0,
                  work.generationFloorMillis()));
        }
      }
      if (mode != SourceMode.SNAPSHOT_ONLY) {
        streams.add(
            new StreamWork(
                table.name(),
                table.tableId(),
                table.streamArn(),
                mode == SourceMode.SNAPSHOT_THEN_STREAM && work.needsSnapshot(),
                work.epoch(),
                total,
                table.itemCount(),
                mode == SourceMode.SNAPSHOT_THEN_STREAM && work.needsSnapshot() && exported));
      }
    }
    int taskCount =
        Math.min(
            maxTasks,
            Math.max(segments.size() + files.size() + exports.size(), Math.max(1, streams.size())));
    if (segments.isEmpty() && files.isEmpty() && exports.isEmpty() && streams.isEmpty()) {
      return List.of();
    }
    List<List<SegmentWork>> segmentsByTask = buckets(taskCount);
    List<List<ExportFileWork>> filesByTask = buckets(taskCount);
    List<List<ExportWork>> exportsByTask = buckets(taskCount);
    List<List<StreamWork>> streamsByTask = buckets(taskCount);
    for (int i = 0; i < segments.size(); i++) {
      segmentsByTask.get(i % taskCount).add(segments.get(i));
    }
    // Files continue the round where the segments left it, so that every task gets its share.
    for (int i = 0; i < files.size(); i++) {
      filesByTask.get((segments.size() + i) % taskCount).add(files.get(i));
    }
    for (int i = 0; i < exports.size(); i++) {
      exportsByTask.get(i % taskCount).add(exports.get(i));
    }
    for (int i = 0; i < streams.size(); i++) {
      // Streams start from the last task so that, with few tables, the tasks that scan the
      // first segments are not also the ones that stream.
      streamsByTask.get(taskCount - 1 - (i % taskCount)).add(streams.get(i));
    }
    List<TaskAssignment> assignments = new ArrayList<>(taskCount);
    for (int task = 0; task < taskCount; task++) {
      assignments.add(
          new TaskAssignment(
              segmentsByTask.get(task),
              streamsByTask.get(task),
              keys,
              filesByTask.get(task),
              exportsByTask.get(task)));
    }
    return assignments;
  }

  /** The segments of a new snapshot of a table: configured, or sized by data and task count. */
  public int segmentsFor(TableInfo table, int maxTasks) {
    if (configuredSegments > 0) {
      return configuredSegments;
    }
    long bySize = (table.sizeBytes() + BYTES_PER_SEGMENT - 1) / BYTES_PER_SEGMENT;
    return (int) Math.min(MAX_AUTO_SEGMENTS, Math.max(maxTasks, bySize));
  }

  /** The table's read budget in RCU/s: a share of provisioned capacity, or the on-demand rate. */
  public double budgetRcu(TableInfo table) {
    if (table.onDemand()) {
      return onDemandBudgetRcu;
    }
    return Math.max(1.0, table.provisionedReadUnits() * budgetPercent / 100.0);
  }

  private static <T> List<List<T>> buckets(int count) {
    List<List<T>> buckets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      buckets.add(new ArrayList<>());
    }
    return buckets;
  }
}
