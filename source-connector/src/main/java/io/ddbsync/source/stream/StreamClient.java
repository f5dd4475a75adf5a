package io.ddbsync.source.stream;

/**
 * The DynamoDB Streams calls the connector makes. The SDK implements it for real streams; unit
 * tests use a fake for what moto cannot model (several shards, splits, closed shards, iterator
 * expiry, trimming, paging).
 */
public interface StreamClient {
  /** Position to start a shard iterator at. */
  enum Start {
    TRIM_HORIZON,
    AFTER_SEQUENCE_NUMBER
  }

  /** The stream and all its shards, paging through DescribeStream (100 shards a page). */
  StreamDescription describe(String streamArn);

  /** A new shard iterator; {@code sequenceNumber} only for AFTER_SEQUENCE_NUMBER. */
  String iterator(String streamArn, String shardId, Start start, String sequenceNumber);

  RecordsPage records(String iterator, int limit);
}
