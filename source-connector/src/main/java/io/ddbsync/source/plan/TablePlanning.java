package io.ddbsync.source.plan;

import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.SnapshotMethod;
import io.ddbsync.source.settings.SourceMode;

/** What a table needs next, from its stored marker: a snapshot of some epoch, or streaming. */
public final class TablePlanning {
  private TablePlanning() {}

  /**
   * @param rememberedSegments the segment count this connector already planned for the table's
   *     epoch, or 0; used until the marker records one
   * @param policy what a recreated table gets: under FAIL no snapshot is planned (its stream reader
   *     stops the task with the reason), under RESNAPSHOT a fresh one
   */
  public static TableWork workFor(
      TableInfo table,
      TableMarker marker,
      SourceMode mode,
      WorkPlanner planner,
      int maxTasks,
      int rememberedSegments,
      LostPositionPolicy policy) {
    return workFor(
        table,
        marker,
        mode,
        planner,
        maxTasks,
        rememberedSegments,
        policy,
        () -> SnapshotMethod.SCAN);
  }

  /**
   * @param newSnapshotMethod SCAN or EXPORT: how a snapshot that has not started reads the table (a
   *     snapshot that started keeps its method: an export recorded in the marker, or a Scan); asked
   *     only when the table needs a snapshot
   */
  public static TableWork workFor(
      TableInfo table,
      TableMarker marker,
      SourceMode mode,
      WorkPlanner planner,
      int maxTasks,
      int rememberedSegments,
      LostPositionPolicy policy,
      java.util.function.Supplier<SnapshotMethod> newSnapshotMethod) {
    TableWork work =
        scanWorkFor(table, marker, mode, planner, maxTasks, rememberedSegments, policy);
    if (!work.needsSnapshot() || mode == SourceMode.STREAM_ONLY) {
      return work;
    }
    boolean sameEpoch =
        marker != null
            && marker.tableId().equals(table.tableId())
            && marker.phase() == TableMarker.Phase.SNAPSHOT;
    if (sameEpoch && marker.exportSnapshot()) {
      return new TableWork(
          table,
          true,
          work.epoch(),
          marker.segments(),
          work.generationFloorMillis(),
          SnapshotMethod.EXPORT,
          marker.export());
    }
    if (newSnapshotMethod.get() == SnapshotMethod.EXPORT) {
      return new TableWork(
          table, true, work.epoch(), 0, work.generationFloorMillis(), SnapshotMethod.EXPORT, null);
    }
    return work;
  }

  private static TableWork scanWorkFor(
      TableInfo table,
      TableMarker marker,
      SourceMode mode,
      WorkPlanner planner,
      int maxTasks,
      int rememberedSegments,
      LostPositionPolicy policy) {
    int fresh = rememberedSegments > 0 ? rememberedSegments : planner.segmentsFor(table, maxTasks);
    if (marker == null) {
      return new TableWork(table, mode != SourceMode.STREAM_ONLY, 0, fresh);
    }
    if (!marker.tableId().equals(table.tableId())) {
      // The table was dropped and recreated: its old state does not apply, and rows of the old
      // table's items may be left in the targets. Only the policy may start it afresh.
      // Its snapshot is a newer generation than any of the old table's, whatever the clocks say.
      boolean fails = policy == LostPositionPolicy.FAIL && mode != SourceMode.SNAPSHOT_ONLY;
      return new TableWork(
          table,
          !fails && mode != SourceMode.STREAM_ONLY,
          0,
          fresh,
          marker.generationFloorMillis());
    }
    if (marker.phase() == TableMarker.Phase.SNAPSHOT) {
      return new TableWork(
          table,
          true,
          marker.epoch(),
          marker.segments() > 0 ? marker.segments() : fresh,
          marker.generationFloorMillis());
    }
    return new TableWork(table, false, marker.epoch(), fresh, marker.generationFloorMillis());
  }
}
