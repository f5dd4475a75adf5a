package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.testing.ApicurioRegistry;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Avro for real: a running Apicurio Registry (global compatibility rule FULL), Apicurio's
 * AvroConverter on the worker for both connectors, installed in plugin.path as users install it.
 * The source registers its key and value schemas, registers a new version when the items change
 * shape (and the registry accepts it under FULL), the sink reads the Avro records into the
 * warehouse, and a plain Avro consumer — the registry's REST API and Avro's own reader, no Connect
 * — reads every record.
 */
class AvroRegistryIT {
  private static final String CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";

  @Test
  void bothConnectorsRunOnAvroWithARealRegistryAndPlainAvroConsumersReadTheTopic()
      throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    String table = "AvroOrders" + Long.toHexString(System.nanoTime() & 0xffff);
    try (ApicurioRegistry registry = ApicurioRegistry.start()) {
      putFullCompatibilityRule(registry);
      Map<String, String> worker = new HashMap<>();
      for (String side : List.of("key.converter", "value.converter")) {
        worker.put(side, CONVERTER);
        worker.put(side + ".apicurio.registry.url", registry.apiUrl());
        worker.put(side + ".apicurio.registry.auto-register", "true");
      }
      LocalPipeline.Options options =
          LocalPipeline.Options.named("avro-" + Long.toHexString(System.nanoTime() & 0xffff))
              .worker(worker)
              .source(Map.of("tasks.max", "1"))
              .sink(Map.of("tasks.max", "1"));
      try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
        DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
        OrderWorkload workload =
            new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.DEMO, 11);
        workload.load(100);
        pipeline.createConnectors(table);
        awaitReconciled(pipeline, table);

        // A new shape: a new attribute and a type conflict, streamed after the snapshot.
        moto.dynamoDb()
            .putItem(
                b ->
                    b.tableName(table)
                        .item(
                            Map.of(
                                "OrderId", AttributeValue.fromS("ORD-AVRO-1"),
                                "Total", AttributeValue.fromS("n/a"),
                                "Channel", AttributeValue.fromS("app"))));
        for (int i = 0; i < 50; i++) {
          workload.change();
        }
        awaitReconciled(pipeline, table);

        String topic = "dynamodb." + table;
        JsonNode versions = registry.get("/groups/default/artifacts/" + topic + "-value/versions");
        assertThat(versions.path("count").asInt())
            .as("value schema versions registered (FULL compatibility): %s", versions)
            .isGreaterThanOrEqualTo(2);
        registry.get("/groups/default/artifacts/" + topic + "-key/meta");

        List<GenericRecord> values = readWithPlainAvro(pipeline, registry, topic);
        assertThat(values).hasSizeGreaterThanOrEqualTo(150);
        assertThat(values)
            .anySatisfy(
                value -> {
                  assertThat(value.get("op").toString()).isEqualTo("INSERT");
                  GenericRecord after = (GenericRecord) value.get("after");
                  assertThat(after.get("OrderId").toString()).isEqualTo("ORD-AVRO-1");
                  assertThat(after.get("Total__s").toString()).isEqualTo("n/a");
                  assertThat(after.get("Channel").toString()).isEqualTo("app");
                });
        assertThat(values)
            .anySatisfy(value -> assertThat(value.get("op").toString()).isEqualTo("READ"));
      }
    }
  }

  private static void awaitReconciled(LocalPipeline pipeline, String table) throws Exception {
    WarehouseComparison.Report report =
        pipeline.awaitReconciled(table, Duration.ofMinutes(3), progress -> {});
    assertThat(report.isExact()).as(report.toString()).isTrue();
  }

  private static void putFullCompatibilityRule(ApicurioRegistry registry) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var response =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(registry.apiUrl() + "/admin/rules"))
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"COMPATIBILITY\",\"config\":\"FULL\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
  }

  /** A consumer that knows Avro and the registry's REST API, and nothing of Connect. */
  private static List<GenericRecord> readWithPlainAvro(
      LocalPipeline pipeline, ApicurioRegistry registry, String topic) throws Exception {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", pipeline.kafka().bootstrapServers());
    config.put("key.deserializer", ByteArrayDeserializer.class);
    config.put("value.deserializer", ByteArrayDeserializer.class);
    List<GenericRecord> values = new ArrayList<>();
    Map<Long, Schema> schemas = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() == null) {
            continue; // a tombstone
          }
          Header id = record.headers().lastHeader("apicurio.value.globalId");
          assertThat(id).as("schema id header on %s", record).isNotNull();
          long globalId = ByteBuffer.wrap(id.value()).getLong();
          Schema schema =
              schemas.computeIfAbsent(
                  globalId, g -> new Schema.Parser().parse(registry.schemaByGlobalId(g)));
          values.add(
              new GenericDatumReader<GenericRecord>(schema)
                  .read(null, DecoderFactory.get().binaryDecoder(record.value(), null)));
        }
      }
    }
    return values;
  }
}
