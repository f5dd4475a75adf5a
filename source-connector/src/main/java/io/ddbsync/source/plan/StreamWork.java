package io.ddbsync.source.plan;

/**
 * One table's stream for a task to follow. With {@code snapshotFirst}, streaming waits until every
 * one of the {@code totalSegments} segments of snapshot {@code epoch} is in Kafka.
 *
 * @param expectedItems the table's item count as DynamoDB last reported it, to project the
 *     snapshot's end
 * @param exportSnapshot whether the epoch's snapshot is read from an export, which the reader
 *     requests and awaits before waiting for its data files ({@code totalSegments} then counts the
 *     files, 0 until the export completed)
 */
public record StreamWork(
    String table,
    String tableId,
    String streamArn,
    boolean snapshotFirst,
    int epoch,
    int totalSegments,
    long expectedItems,
    boolean exportSnapshot) {

  public StreamWork(
      String table,
      String tableId,
      String streamArn,
      boolean snapshotFirst,
      int epoch,
      int totalSegments,
      long expectedItems) {
    this(table, tableId, streamArn, snapshotFirst, epoch, totalSegments, expectedItems, false);
  }

  public StreamWork(
      String table,
      String tableId,
      String streamArn,
      boolean snapshotFirst,
      int epoch,
      int totalSegments) {
    this(table, tableId, streamArn, snapshotFirst, epoch, totalSegments, 0);
  }
}
