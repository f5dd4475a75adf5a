package io.ddbsync.source.plan;

/**
 * One table's stream for a task to follow. With {@code snapshotFirst}, streaming waits until every
 * one of the {@code totalSegments} segments of snapshot {@code epoch} is in Kafka.
 *
 * @param expectedItems the table's item count as DynamoDB last reported it, to project the
 *     snapshot's end
 */
public record StreamWork(
    String table,
    String tableId,
    String streamArn,
    boolean snapshotFirst,
    int epoch,
    int totalSegments,
    long expectedItems) {

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
