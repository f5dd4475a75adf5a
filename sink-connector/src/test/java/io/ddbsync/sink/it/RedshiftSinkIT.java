package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.briefOrder;
import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.EmbeddedConnect;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sink connector in an in-process Connect cluster, reading change events from Kafka, for both
 * dialects: rows arrive, a poison record reaches the dead letter queue with its reason, and
 * re-delivering every already-loaded offset (offsets reset through the REST API) changes nothing.
 */
class RedshiftSinkIT {
  private static EmbeddedConnectCluster connect;
  private static int topics;

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
    // A cleaner that looks often, so that a test can wait for compaction.
    connect =
        EmbeddedConnect.start("sink-it", 1, Map.of(), Map.of("log.cleaner.backoff.ms", "200"));
  }

  @AfterAll
  static void stop() {
    if (connect != null) {
      connect.stop();
    }
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void changeEventsLandAndAReplayOfEveryOffsetChangesNothing(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    String topic = "dynamodb.Orders-it" + (++topics);
    String dlq = "dlq-" + topic;
    SinkEvents events = SinkEvents.orders();
    List<SinkRecord> records = new ArrayList<>();
    records.add(events.read(briefOrder(), 0, 0));
    for (int i = 0; i < 20; i++) {
      records.add(
          events.read(
              item("OrderId", s("o-" + i), "Items", l(m(item("Sku", s("S" + i), "Q", n("1"))))),
              0,
              0));
    }
    records.add(events.upsert(item("OrderId", s("o-1"), "status", s("PAID")), 0, 0));
    records.add(events.remove(item("OrderId", s("o-2")), 0, 0));
    records.add(events.tombstone(item("OrderId", s("o-2")), 0, 0));
    produce(topic, records);
    // Two poisons: bytes the converter cannot read, and a record that is not a change event.
    produceRaw(topic, "not json at all".getBytes(StandardCharsets.UTF_8));
    produce(
        topic,
        List.of(
            new SinkRecord(
                topic,
                0,
                null,
                null,
                org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                "hello",
                0)));

    String name = "sink-" + dialect.name().toLowerCase() + topics;
    Map<String, String> config =
        new HashMap<>(
            SinkStack.config(
                dialect,
                db,
                Map.of(
                    "topics.regex",
                    "",
                    "topics",
                    topic,
                    "flush.interval.ms",
                    "500",
                    "tasks.max",
                    "1",
                    "errors.deadletterqueue.topic.name",
                    dlq)));
    config.remove("topics.regex");
    config.remove("name");
    connect.configureConnector(name, config);
    connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning(name, 1, "sink did not start");

    List<List<String>> expected = new ArrayList<>();
    expected.add(List.of("ORD-20240615-0001"));
    for (int i = 0; i < 20; i++) {
      if (i != 2) {
        expected.add(List.of("o-" + i));
      }
    }
    expected.sort((a, b) -> a.get(0).compareTo(b.get(0)));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(SinkStack.rows(db, "SELECT order_id FROM orders ORDER BY order_id"))
                    .isEqualTo(expected));
    assertThat(SinkStack.rows(db, "SELECT status FROM orders WHERE order_id = 'o-1'"))
        .containsExactly(List.of("PAID"));
    await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(dlq).size() >= 2);
    assertThat(deadLetters(dlq))
        .anySatisfy(reason -> assertThat(reason).contains("not a ddbsync change event"));

    List<List<String>> orders = SinkStack.rows(db, "SELECT * FROM orders ORDER BY order_id");
    List<List<String>> items =
        SinkStack.rows(db, "SELECT * FROM order_items ORDER BY order_id, _position");
    connect.stopConnector(name);
    connect.resetConnectorOffsets(name);
    connect.resumeConnector(name);
    connect
        .assertions()
        .assertConnectorAndAtLeastNumTasksAreRunning(name, 1, "sink did not resume");
    // Everything is delivered again; wait for the replay to reach the end of the topic.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> committedOffset(name, topic) >= records.size() + 2);
    assertThat(SinkStack.rows(db, "SELECT * FROM orders ORDER BY order_id")).isEqualTo(orders);
    assertThat(SinkStack.rows(db, "SELECT * FROM order_items ORDER BY order_id, _position"))
        .isEqualTo(items);
    connect.deleteConnector(name);
  }

  @Test
  void onACompactedTopicATombstoneWhoseRemoveWasCompactedAwayStillDeletesTheRow() throws Exception {
    String db = PostgresServer.shared().createDatabase();
    String topic = "dynamodb.Orders-compacted" + (++topics);
    connect
        .kafka()
        .createTopic(
            topic,
            1,
            1,
            Map.of(
                "cleanup.policy", "compact",
                "segment.ms", "100",
                "min.cleanable.dirty.ratio", "0.001",
                "min.compaction.lag.ms", "0",
                "delete.retention.ms", "86400000"));
    SinkEvents events = SinkEvents.orders();
    produce(
        topic,
        List.of(
            events.read(item("OrderId", s("o-1")), 0, 0),
            events.read(item("OrderId", s("o-2")), 0, 0)));
    String name = "sink-compacted" + topics;
    connect.configureConnector(name, sinkConfig(DialectName.POSTGRES, db, topic, Map.of()));
    awaitOrders(db, List.of("o-1", "o-2"));
    connect.stopConnector(name);

    // While the sink is stopped, o-1 is removed and compaction drops the REMOVE: the tombstone
    // after it is all a lagging sink will ever see of the removal.
    produce(
        topic,
        List.of(
            events.remove(item("OrderId", s("o-1")), 0, 0),
            events.tombstone(item("OrderId", s("o-1")), 0, 0)));
    Thread.sleep(300);
    produce(topic, List.of(events.read(item("OrderId", s("o-3")), 0, 0)));
    Thread.sleep(300);
    produce(topic, List.of(events.read(item("OrderId", s("o-4")), 0, 0)));
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !hasValueFor(topic, "o-1"));

    connect.resumeConnector(name);
    awaitOrders(db, List.of("o-2", "o-3", "o-4"));
    connect.deleteConnector(name);
  }

  @Test
  void offsetsAreCommittedWhenATransformRenamedTheTopic() throws Exception {
    String db = PostgresServer.shared().createDatabase();
    String topic = "dynamodb.Orders-renamed" + (++topics);
    SinkEvents events = SinkEvents.orders();
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(events.read(item("OrderId", s("o-" + i)), 0, 0));
    }
    produce(topic, records);
    String name = "sink-renamed" + topics;
    connect.configureConnector(
        name,
        sinkConfig(
            DialectName.REDSHIFT,
            db,
            topic,
            Map.of(
                "transforms", "route",
                "transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter",
                "transforms.route.regex", "dynamodb\\.(.*)",
                "transforms.route.replacement", "renamed-$1")));
    awaitOrders(db, List.of("o-0", "o-1", "o-2", "o-3", "o-4"));

    // The framework commits what preCommit returns for the original partitions.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> committedOffset(name, topic) >= records.size());
    connect.deleteConnector(name);
  }

  private static Map<String, String> sinkConfig(
      DialectName dialect, String db, String topic, Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("topics.regex", "");
    overrides.put("topics", topic);
    overrides.put("flush.interval.ms", "500");
    overrides.put("tasks.max", "1");
    overrides.putAll(extra);
    Map<String, String> config = new HashMap<>(SinkStack.config(dialect, db, overrides));
    config.remove("topics.regex");
    config.remove("name");
    return config;
  }

  private static void awaitOrders(String db, List<String> expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(SinkStack.rows(db, "SELECT order_id FROM orders ORDER BY order_id"))
                    .extracting(row -> row.get(0))
                    .containsExactlyElementsOf(expected));
  }

  /** Whether the topic still holds a record with a value (not a tombstone) for the order. */
  private static boolean hasValueFor(String topic, String orderId) {
    try (var consumer =
        connect
            .kafka()
            .createConsumerAndSubscribeTo(
                Map.of(
                    "auto.offset.reset",
                    "earliest",
                    "group.id",
                    "compaction-check-" + System.nanoTime()),
                topic)) {
      boolean found = false;
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(2))) {
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (key.contains("\"" + orderId + "\"") && record.value() != null) {
          String value = new String(record.value(), StandardCharsets.UTF_8);
          found |= value.contains("REMOVE");
        }
      }
      return found;
    }
  }

  private static long committedOffset(String connector, String topic) {
    var offsets = connect.connectorOffsets(connector).offsets();
    return offsets.stream()
        .filter(o -> topic.equals(o.partition().get("kafka_topic")))
        .mapToLong(o -> ((Number) o.offset().get("kafka_offset")).longValue())
        .max()
        .orElse(-1);
  }

  private static List<String> deadLetters(String dlq) {
    List<String> reasons = new ArrayList<>();
    try (var consumer =
        connect
            .kafka()
            .createConsumerAndSubscribeTo(
                Map.of("auto.offset.reset", "earliest", "group.id", "dlq-reader-" + dlq), dlq)) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(2))) {
        var header = record.headers().lastHeader("__connect.errors.exception.message");
        reasons.add(header == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return reasons;
  }

  private static void produce(String topic, List<SinkRecord> records) {
    JsonConverter keys = TopicReader.jsonConverter(true);
    JsonConverter values = TopicReader.jsonConverter(false);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (SinkRecord record : records) {
        producer.send(
            new ProducerRecord<>(
                topic,
                0,
                keys.fromConnectData(topic, record.keySchema(), record.key()),
                values.fromConnectData(topic, record.valueSchema(), record.value())));
      }
    }
  }

  private static void produceRaw(String topic, byte[] value) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, 0, null, value));
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            "bootstrap.servers", connect.kafka().bootstrapServers(),
            "key.serializer", ByteArraySerializer.class,
            "value.serializer", ByteArraySerializer.class));
  }
}
