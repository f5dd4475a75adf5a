package io.ddbsync.source.plan;

/**
 * One table's stream for a task to follow. With {@code snapshotFirst}, streaming waits until every
 * one of the {@code totalSegments} segments of snapshot {@code epoch} is in Kafka.
 */
public record StreamWork(
    String table,
    String tableId,
    String streamArn,
    boolean snapshotFirst,
    int epoch,
    int totalSegments) {}
