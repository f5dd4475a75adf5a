package io.ddbsync.source.stream;

/**
 * One shard of a stream as DescribeStream lists it.
 *
 * @param parentShardId the shard this one split from, or null
 * @param endingSequenceNumber set once the shard is closed (no new records); null while open
 */
public record ShardInfo(
    String shardId,
    String parentShardId,
    String startingSequenceNumber,
    String endingSequenceNumber) {

  public boolean isClosed() {
    return endingSequenceNumber != null;
  }
}
