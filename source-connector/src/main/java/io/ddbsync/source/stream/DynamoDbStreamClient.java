package io.ddbsync.source.stream;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** {@link StreamClient} on the AWS SDK. */
public final class DynamoDbStreamClient implements StreamClient {
  private final DynamoDbStreamsClient client;

  public DynamoDbStreamClient(DynamoDbStreamsClient client) {
    this.client = client;
  }

  @Override
  public StreamDescription describe(String streamArn) {
    List<ShardInfo> shards = new ArrayList<>();
    String status = null;
    String exclusiveStart = null;
    do {
      String start = exclusiveStart;
      DescribeStreamResponse page =
          client.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start));
      status = page.streamDescription().streamStatusAsString();
      for (Shard shard : page.streamDescription().shards()) {
        shards.add(
            new ShardInfo(
                shard.shardId(),
                shard.parentShardId(),
                shard.sequenceNumberRange() == null
                    ? null
                    : shard.sequenceNumberRange().startingSequenceNumber(),
                shard.sequenceNumberRange() == null
                    ? null
                    : shard.sequenceNumberRange().endingSequenceNumber()));
      }
      exclusiveStart = page.streamDescription().lastEvaluatedShardId();
    } while (exclusiveStart != null);
    return new StreamDescription(streamArn, status, shards);
  }

  @Override
  public String iterator(String streamArn, String shardId, Start start, String sequenceNumber) {
    return client
        .getShardIterator(
            b -> {
              b.streamArn(streamArn).shardId(shardId);
              if (start == Start.AFTER_SEQUENCE_NUMBER) {
                b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(sequenceNumber);
              } else {
                b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
              }
            })
        .shardIterator();
  }

  @Override
  public RecordsPage records(String iterator, int limit) {
    GetRecordsResponse response = client.getRecords(b -> b.shardIterator(iterator).limit(limit));
    return new RecordsPage(response.records(), response.nextShardIterator());
  }
}
