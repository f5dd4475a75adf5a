package io.ddbsync.sink.batch;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where a record is in Kafka, as the framework tracks it: its original topic, partition and offset
 * (Kafka 3.6+, KIP-793), which a topic-renaming transform such as RegexRouter does not change.
 * Offsets, commits, rewinds and the staged file names all use these; only table naming uses the
 * (possibly renamed) {@link SinkRecord#topic()}. On an older runtime they are the record's own.
 */
public final class Coordinates {
  private static final boolean ORIGINALS = hasOriginals();

  private Coordinates() {}

  public static TopicPartition partition(SinkRecord record) {
    return new TopicPartition(topic(record), kafkaPartition(record));
  }

  public static String topic(SinkRecord record) {
    return ORIGINALS ? record.originalTopic() : record.topic();
  }

  public static int kafkaPartition(SinkRecord record) {
    return ORIGINALS ? record.originalKafkaPartition() : record.kafkaPartition();
  }

  public static long offset(SinkRecord record) {
    return ORIGINALS ? record.originalKafkaOffset() : record.kafkaOffset();
  }

  /** e.g. {@code dynamodb.Orders-0@42}, for messages. */
  public static String describe(SinkRecord record) {
    return topic(record) + "-" + kafkaPartition(record) + "@" + offset(record);
  }

  private static boolean hasOriginals() {
    try {
      SinkRecord.class.getMethod("originalTopic");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
