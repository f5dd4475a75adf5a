package io.ddbsync.source.fakes;

import io.ddbsync.source.stream.RecordsPage;
import io.ddbsync.source.stream.ShardInfo;
import io.ddbsync.source.stream.StreamClient;
import io.ddbsync.source.stream.StreamDescription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * A DynamoDB stream for unit tests with what moto cannot do: many shards, splits, closing shards,
 * iterator expiry, trimming, DescribeStream paging (100 shards a page) and throttling.
 */
public final class FakeStreamClient implements StreamClient {
  private static final int DESCRIBE_PAGE = 100;

  private final class Shard {
    final String id;
    final String parent;
    final List<Record> records = new ArrayList<>();
    final String startingSequence;
    boolean closed;
    int trimmedBefore;

    Shard(String id, String parent) {
      this.id = id;
      this.parent = parent;
      this.startingSequence = sequence(sequenceCounter.get() + 1);
    }
  }

  private final String streamArn;
  private final Map<String, Shard> shards = new LinkedHashMap<>();
  private final Map<String, int[]> iterators = new HashMap<>();
  private final AtomicLong sequenceCounter = new AtomicLong(100_000_000_000_000_000L);
  private final AtomicLong iteratorCounter = new AtomicLong();
  private String status = "ENABLED";
  private boolean deleted;
  public int describeCalls;
  public int describePages;
  public int getRecordsCalls;
  public int throttleNextCalls;

  public FakeStreamClient(String streamArn) {
    this.streamArn = streamArn;
  }

  public synchronized FakeStreamClient shard(String id, String parent) {
    shards.put(id, new Shard(id, parent));
    return this;
  }

  /** Appends a change; returns its sequence number. */
  public synchronized String put(
      String shardId,
      OperationType type,
      Map<String, AttributeValue> keys,
      Map<String, AttributeValue> newImage,
      Instant createdAt) {
    return append(shardId, type, keys, newImage, createdAt, null);
  }

  public synchronized String ttlRemove(
      String shardId, Map<String, AttributeValue> keys, Instant createdAt) {
    return append(
        shardId,
        OperationType.REMOVE,
        keys,
        null,
        createdAt,
        Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build());
  }

  private String append(
      String shardId,
      OperationType type,
      Map<String, AttributeValue> keys,
      Map<String, AttributeValue> newImage,
      Instant createdAt,
      Identity identity) {
    Shard shard = shards.get(shardId);
    if (shard.closed) {
      throw new IllegalStateException("Shard " + shardId + " is closed");
    }
    String sequence = sequence(sequenceCounter.incrementAndGet());
    StreamRecord.Builder change =
        StreamRecord.builder()
            .keys(keys)
            .sequenceNumber(sequence)
            .approximateCreationDateTime(createdAt)
            .sizeBytes(100L)
            .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
    if (newImage != null) {
      change.newImage(newImage);
    }
    shard.records.add(
        Record.builder()
            .eventID("event-" + sequence)
            .eventName(type)
            .userIdentity(identity)
            .dynamodb(change.build())
            .build());
    return sequence;
  }

  public synchronized void close(String shardId) {
    shards.get(shardId).closed = true;
  }

  /** Closes {@code parent} and opens two children, as DynamoDB does when a shard splits. */
  public synchronized void split(String parent, String left, String right) {
    close(parent);
    shard(left, parent);
    shard(right, parent);
  }

  /** Drops the oldest {@code count} records of a shard, as the 24-hour retention does. */
  public synchronized void trim(String shardId, int count) {
    shards.get(shardId).trimmedBefore = count;
  }

  /** Removes a shard from listings entirely (trimmed away after it closed). */
  public synchronized void forget(String shardId) {
    shards.remove(shardId);
  }

  public synchronized void expireAllIterators() {
    iterators.clear();
  }

  public synchronized void disable() {
    status = "DISABLED";
    shards.values().forEach(s -> s.closed = true);
  }

  public synchronized void delete() {
    deleted = true;
  }

  @Override
  public synchronized StreamDescription describe(String arn) {
    if (deleted || !arn.equals(streamArn)) {
      throw ResourceNotFoundException.builder().message("Stream " + arn + " not found").build();
    }
    describeCalls++;
    // Page through like DynamoDB: 100 shards per DescribeStream call.
    List<ShardInfo> all = new ArrayList<>();
    List<Shard> list = new ArrayList<>(shards.values());
    for (int start = 0; start < list.size(); start += DESCRIBE_PAGE) {
      describePages++;
      for (Shard shard : list.subList(start, Math.min(list.size(), start + DESCRIBE_PAGE))) {
        all.add(
            new ShardInfo(
                shard.id,
                shard.parent,
                shard.startingSequence,
                shard.closed ? sequence(sequenceCounter.get()) : null));
      }
    }
    if (list.isEmpty()) {
      describePages++;
    }
    return new StreamDescription(arn, status, all);
  }

  @Override
  public synchronized String iterator(
      String arn, String shardId, Start start, String sequenceNumber) {
    Shard shard = shards.get(shardId);
    if (shard == null) {
      throw ResourceNotFoundException.builder().message("Shard " + shardId + " not found").build();
    }
    int index;
    if (start == Start.TRIM_HORIZON) {
      index = shard.trimmedBefore;
    } else {
      index = -1;
      for (int i = 0; i < shard.records.size(); i++) {
        if (shard.records.get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
          index = i + 1;
        }
      }
      if (index == -1 || index - 1 < shard.trimmedBefore) {
        throw TrimmedDataAccessException.builder()
            .message("Sequence number " + sequenceNumber + " is beyond the trim horizon")
            .build();
      }
    }
    return issue(shard, index);
  }

  @Override
  public synchronized RecordsPage records(String iterator, int limit) {
    getRecordsCalls++;
    if (throttleNextCalls > 0) {
      throttleNextCalls--;
      throw software.amazon.awssdk.services.dynamodb.model.LimitExceededException.builder()
          .message("Rate exceeded")
          .statusCode(400)
          .awsErrorDetails(
              software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                  .errorCode("LimitExceededException")
                  .build())
          .build();
    }
    int[] position = iterators.get(iterator);
    if (position == null) {
      throw ExpiredIteratorException.builder().message("Iterator expired").build();
    }
    Shard shard = shards.get(iteratorShard(iterator));
    if (position[0] < shard.trimmedBefore) {
      throw TrimmedDataAccessException.builder().message("Data trimmed").build();
    }
    int end = Math.min(shard.records.size(), position[0] + limit);
    List<Record> page = new ArrayList<>(shard.records.subList(position[0], end));
    String next = shard.closed && end == shard.records.size() ? null : issue(shard, end);
    return new RecordsPage(page, next);
  }

  private String issue(Shard shard, int index) {
    String token = shard.id + "#" + iteratorCounter.incrementAndGet();
    iterators.put(token, new int[] {index});
    return token;
  }

  private static String iteratorShard(String iterator) {
    return iterator.substring(0, iterator.lastIndexOf('#'));
  }

  private static String sequence(long value) {
    return String.format("%021d", value);
  }
}
