package io.ddbsync.source.plan;

import io.ddbsync.source.catalog.TableInfo;

/**
 * A table to plan for.
 *
 * @param needsSnapshot whether the table's current epoch still needs (or is taking) a snapshot
 * @param epoch the snapshot epoch to plan segments for
 * @param segments the epoch's segment count: the one stored in the table's marker if its snapshot
 *     already started, else a fresh choice
 * @param generationFloorMillis the lowest generation the epoch's snapshot may give its rows: newer
 *     than every generation the table's marker records (0 for none)
 */
public record TableWork(
    TableInfo table, boolean needsSnapshot, int epoch, int segments, long generationFloorMillis) {
  public TableWork(TableInfo table, boolean needsSnapshot, int epoch, int segments) {
    this(table, needsSnapshot, epoch, segments, 0);
  }
}
