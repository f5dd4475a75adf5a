package io.ddbsync.sink.batch;

/**
 * One partition's heartbeat: every change of the DynamoDB table created before {@code
 * caughtUpToMillis} came on this partition ahead of it. Once a load covering it commits, the target
 * table holds them all (for this partition).
 *
 * @param topic the (original) topic the heartbeat came on
 * @param partition its (original) partition
 * @param partitions how many partitions the topic had, each carrying heartbeats
 */
public record Heartbeat(String topic, int partition, int partitions, long caughtUpToMillis) {}
