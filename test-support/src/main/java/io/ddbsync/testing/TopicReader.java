package io.ddbsync.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/** Reads a whole topic (to its current end) and decodes it with a Connect converter. */
public final class TopicReader {
  /** One decoded record and where it was. */
  public record Decoded(int partition, long offset, SchemaAndValue key, SchemaAndValue value) {}

  private TopicReader() {}

  public static JsonConverter jsonConverter(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "true", "schemas.cache.size", "10000"), isKey);
    return converter;
  }

  public static List<Decoded> readAll(String bootstrap, String topic) {
    return readAll(bootstrap, topic, jsonConverter(true), jsonConverter(false), "read_uncommitted");
  }

  public static List<Decoded> readAll(
      String bootstrap, String topic, Converter keys, Converter values, String isolation) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    List<Decoded> decoded = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        return decoded;
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reached(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          decoded.add(
              new Decoded(
                  record.partition(),
                  record.offset(),
                  keys.toConnectData(topic, record.headers(), record.key()),
                  values.toConnectData(topic, record.headers(), record.value())));
        }
      }
    }
    return decoded;
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }
}
