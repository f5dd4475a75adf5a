package io.ddbsync.cli.drift;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The sink's dead letter queue, counted per reason: Connect's context headers (the sink's
 * errors.deadletterqueue.context.headers.enable=true) carry the original topic and the exception
 * message that says why. Read from the beginning to the end offsets as they are when it starts,
 * without a consumer group.
 */
public final class DeadLetters {
  static final String TOPIC_HEADER = "__connect.errors.topic";
  static final String MESSAGE_HEADER = "__connect.errors.exception.message";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int REASON_CHARACTERS = 160;

  private DeadLetters() {}

  /** "original topic: reason" to count; reasons unknown when the context headers are off. */
  public static Map<String, Long> countByReason(Map<String, Object> clientConfig, String topic) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, Long> counts = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, TIMEOUT)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      if (partitions.isEmpty()) {
        return counts;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos() * 5;
      while (!reached(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Timed out reading the dead letter queue " + topic);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
            counts.merge(reason(record), 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey(), TIMEOUT) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  static String reason(ConsumerRecord<byte[], byte[]> record) {
    String topic = header(record, TOPIC_HEADER);
    String message = header(record, MESSAGE_HEADER);
    if (message == null) {
      message = "(no reason: set errors.deadletterqueue.context.headers.enable=true on the sink)";
    }
    // The first line, without what varies from record to record (offsets, values).
    message = message.lines().findFirst().orElse("");
    if (message.length() > REASON_CHARACTERS) {
      message = message.substring(0, REASON_CHARACTERS - 1) + "…";
    }
    return (topic == null ? "?" : topic) + ": " + message;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
