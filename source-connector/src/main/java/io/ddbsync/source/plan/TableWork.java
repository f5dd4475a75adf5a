package io.ddbsync.source.plan;

import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.settings.SnapshotMethod;

/**
 * A table to plan for.
 *
 * @param needsSnapshot whether the table's current epoch still needs (or is taking) a snapshot
 * @param epoch the snapshot epoch to plan segments for
 * @param segments the epoch's segment count: the one stored in the table's marker if its snapshot
 *     already started, else a fresh choice
 * @param generationFloorMillis the lowest generation the epoch's snapshot may give its rows: newer
 *     than every generation the table's marker records (0 for none)
 * @param method how the epoch's snapshot reads the table: SCAN, or EXPORT (then {@code segments}
 *     counts the export's data files, 0 until the export completed)
 * @param export the epoch's export as the table's marker records it; null before it is requested
 */
public record TableWork(
    TableInfo table,
    boolean needsSnapshot,
    int epoch,
    int segments,
    long generationFloorMillis,
    SnapshotMethod method,
    TableMarker.Export export) {
  public TableWork(
      TableInfo table, boolean needsSnapshot, int epoch, int segments, long generationFloorMillis) {
    this(table, needsSnapshot, epoch, segments, generationFloorMillis, SnapshotMethod.SCAN, null);
  }

  public TableWork(TableInfo table, boolean needsSnapshot, int epoch, int segments) {
    this(table, needsSnapshot, epoch, segments, 0);
  }

  /** Whether the snapshot is an export whose data files are known, to be read by the tasks. */
  public boolean exportFilesKnown() {
    return method == SnapshotMethod.EXPORT && export != null && export.requested() && segments > 0;
  }
}
