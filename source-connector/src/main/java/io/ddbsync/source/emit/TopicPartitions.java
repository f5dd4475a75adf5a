package io.ddbsync.source.emit;

/**
 * How many partitions a topic has: the end of a snapshot is announced on every partition of the
 * table's topic, since each sink task sees only its own partitions.
 */
@FunctionalInterface
public interface TopicPartitions {
  /** One partition: what tests and topics created on first write by a one-partition broker have. */
  TopicPartitions ONE = topic -> 1;

  /**
   * The partition count of {@code topic}, or 0 when it does not exist (no record was ever written
   * to it). Throws {@link org.apache.kafka.connect.errors.RetriableException} when Kafka does not
   * answer in time; the caller asks again.
   */
  int count(String topic);
}
