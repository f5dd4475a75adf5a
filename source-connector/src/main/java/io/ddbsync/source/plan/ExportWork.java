package io.ddbsync.source.plan;

/**
 * The export of a table's snapshot for a task to request and await, in SNAPSHOT_ONLY mode (with a
 * stream, the table's stream reader does it): once it completed, the table's marker counts its data
 * files and the connector deals them out as {@link ExportFileWork}.
 */
public record ExportWork(String table, String tableId, int epoch, long generationFloorMillis) {}
