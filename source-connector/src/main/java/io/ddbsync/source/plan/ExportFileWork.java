package io.ddbsync.source.plan;

/**
 * One data file of an export for a task to read: a snapshot segment of a table whose snapshot is
 * read from an export. Its position is stored like a Scan segment's, under the segment partition of
 * index {@code file} of {@code totalFiles}, so the handoff to the stream waits for files exactly as
 * it waits for segments.
 *
 * @param file the data file's index in the export's files manifest
 * @param exportTimeMillis the point in time the export is an image of: the stream is read from
 *     before it, and it is the start of every file's position
 * @param generationFloorMillis the lowest generation the rows may carry (see {@link SegmentWork})
 */
public record ExportFileWork(
    String table,
    String tableId,
    int epoch,
    int file,
    int totalFiles,
    String exportArn,
    long exportTimeMillis,
    long generationFloorMillis) {}
