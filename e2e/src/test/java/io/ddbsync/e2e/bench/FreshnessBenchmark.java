package io.ddbsync.e2e.bench;

import io.ddbsync.e2e.LocalPipeline;
import io.ddbsync.testing.DynamoTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lag under a steady write load, three ways at once on the same writes: a plain DynamoDB Streams
 * reader polling every shard at the connector's poll interval (the baseline: the least any stream
 * consumer can do), the source connector (write to record in Kafka), and the whole pipeline (write
 * to committed row in PostgreSQL). Each item carries its sequence number; lag is the time from the
 * put returning to the item being seen. Run by {@code mvn -B -Pfreshness verify -DskipTests -pl e2e
 * -am} or the class's main with the e2e test class path; arguments (system properties): {@code
 * bench.rate} writes per second (default 50), {@code bench.seconds} (default 60), {@code
 * bench.flushMs} the sink's flush.interval.ms (default 1000).
 */
public final class FreshnessBenchmark {
  private static final String TABLE = "Freshness";
  private static final long POLL_MS = 250;

  private FreshnessBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = Integer.getInteger("bench.rate", 50);
    int seconds = Integer.getInteger("bench.seconds", 60);
    String flushMs = System.getProperty("bench.flushMs", "1000");
    LocalPipeline.Options options =
        LocalPipeline.Options.named("freshness")
            .source(Map.of("tasks.max", "1", "stream.poll.interval.ms", Long.toString(POLL_MS)))
            .sink(Map.of("tasks.max", "1", "flush.interval.ms", flushMs));
    try (LocalPipeline pipeline = LocalPipeline.startOwn(options)) {
      DynamoTables.create(pipeline.moto().dynamoDb(), TABLE, "OrderId", 0);
      pipeline.createConnectors(TABLE);
      warmUp(pipeline);

      Map<Long, Long> written = new ConcurrentHashMap<>();
      List<Long> rawLags = Collections.synchronizedList(new ArrayList<>());
      List<Long> kafkaLags = Collections.synchronizedList(new ArrayList<>());
      List<Long> warehouseLags = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> observers =
          List.of(
              thread("raw-streams", () -> rawReader(pipeline, written, rawLags, running)),
              thread("kafka", () -> kafkaReader(pipeline, written, kafkaLags, running)),
              thread(
                  "warehouse", () -> warehouseReader(pipeline, written, warehouseLags, running)));
      observers.forEach(Thread::start);

      long count = (long) rate * seconds;
      long interval = 1_000_000_000L / rate;
      long start = System.nanoTime();
      for (long seq = 1; seq <= count; seq++) {
        long due = start + seq * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("OrderId", AttributeValue.fromS(String.format("F-%08d", seq)));
        item.put("Seq", AttributeValue.fromN(Long.toString(seq)));
        item.put("Total", AttributeValue.fromN("12.50"));
        pipeline.moto().dynamoDb().putItem(b -> b.tableName(TABLE).item(item));
        written.put(seq, System.nanoTime());
      }
      double achieved = count / ((System.nanoTime() - start) / 1e9);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (warehouseLags.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      running.set(false);
      for (Thread observer : observers) {
        observer.join(10_000);
      }
      System.out.printf(
          Locale.ROOT,
          "%n%d writes at %.1f/s (target %d/s) over %ds; stream poll interval %d ms, sink"
              + " flush.interval.ms %s%n",
          count,
          achieved,
          rate,
          seconds,
          POLL_MS,
          flushMs);
      System.out.println("| | items seen | p50 lag (ms) | p95 lag (ms) | max lag (ms) |");
      System.out.println("|---|---:|---:|---:|---:|");
      print("baseline: plain Streams reader (GetRecords loop)", rawLags);
      print("source connector: write to record in Kafka", kafkaLags);
      print("pipeline: write to committed row in PostgreSQL", warehouseLags);
    }
  }

  private static void print(String name, List<Long> lags) {
    List<Long> sorted = new ArrayList<>(lags);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      System.out.printf("| %s | 0 | - | - | - |%n", name);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %d | %d |%n",
        name,
        sorted.size(),
        sorted.get(sorted.size() / 2),
        sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.95))),
        sorted.get(sorted.size() - 1));
  }

  private static Thread thread(String name, ThrowingRunnable body) {
    return new Thread(
        () -> {
          try {
            body.run();
          } catch (Exception e) {
            throw new IllegalStateException(name + " failed", e);
          }
        },
        name);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void record(Map<Long, Long> written, long seq, List<Long> lags, long seenAt) {
    Long at = written.get(seq);
    if (at != null) {
      lags.add(Math.max(0, (seenAt - at) / 1_000_000));
    }
  }

  /** The baseline: every shard from LATEST, GetRecords every poll interval when idle. */
  private static void rawReader(
      LocalPipeline pipeline, Map<Long, Long> written, List<Long> lags, AtomicBoolean running)
      throws Exception {
    DynamoDbStreamsClient streams = pipeline.moto().streams();
    String arn =
        pipeline.moto().dynamoDb().describeTable(b -> b.tableName(TABLE)).table().latestStreamArn();
    Map<String, String> iterators = new HashMap<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    while (running.get()) {
      for (Shard shard :
          streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
        iterators.computeIfAbsent(
            shard.shardId(),
            id ->
                streams
                    .getShardIterator(
                        b ->
                            b.streamArn(arn)
                                .shardId(id)
                                .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator());
      }
      boolean any = false;
      for (Map.Entry<String, String> entry : iterators.entrySet()) {
        if (entry.getValue() == null) {
          continue;
        }
        GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(entry.getValue()));
        long now = System.nanoTime();
        for (Record record : response.records()) {
          any = true;
          var image = record.dynamodb().newImage();
          if (image != null && image.containsKey("Seq")) {
            long seq = Long.parseLong(image.get("Seq").n());
            if (seen.add(seq)) {
              record(written, seq, lags, now);
            }
          }
        }
        entry.setValue(response.nextShardIterator());
      }
      if (!any) {
        Thread.sleep(POLL_MS);
      }
    }
  }

  /** Records of the table's topic as they arrive in Kafka. */
  private static void kafkaReader(
      LocalPipeline pipeline, Map<Long, Long> written, List<Long> lags, AtomicBoolean running) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", pipeline.kafka().bootstrapServers());
    config.put("key.deserializer", ByteArrayDeserializer.class);
    config.put("value.deserializer", ByteArrayDeserializer.class);
    String topic = "dynamodb." + TABLE;
    java.util.regex.Pattern seqField = java.util.regex.Pattern.compile("\"Seq\":(\\d+)");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          long now = System.nanoTime();
          if (record.value() == null) {
            continue;
          }
          var match = seqField.matcher(new String(record.value()));
          if (match.find()) {
            record(written, Long.parseLong(match.group(1)), lags, now);
          }
        }
      }
    }
  }

  /**
   * One write that goes all the way through before measuring: the source's topic only appears with
   * the table's first record, and the sink finds it at its consumer's next metadata refresh ({@code
   * consumer.metadata.max.age.ms}); both, and the first load's warm-up, are start-up costs rather
   * than freshness.
   */
  private static void warmUp(LocalPipeline pipeline) throws Exception {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("OrderId", AttributeValue.fromS("F-warm-up"));
    item.put("Seq", AttributeValue.fromN("0"));
    item.put("Total", AttributeValue.fromN("12.50"));
    pipeline.moto().dynamoDb().putItem(b -> b.tableName(TABLE).item(item));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    try (Connection connection = pipeline.connect();
        Statement statement = connection.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM freshness")) {
          rows.next();
          if (rows.getLong(1) > 0) {
            return;
          }
        } catch (java.sql.SQLException notCreatedYet) {
          // The sink creates the table with its first batch.
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("The warm-up write never reached the warehouse");
  }

  /** Rows as they are committed: the highest sequence number in the target, every 100 ms. */
  private static void warehouseReader(
      LocalPipeline pipeline, Map<Long, Long> written, List<Long> lags, AtomicBoolean running)
      throws Exception {
    long highest = 0;
    try (Connection connection = pipeline.connect();
        Statement statement = connection.createStatement()) {
      while (running.get()) {
        long now = System.nanoTime();
        try (ResultSet rows = statement.executeQuery("SELECT max(seq) FROM freshness")) {
          rows.next();
          long max = rows.getLong(1);
          for (long seq = highest + 1; seq <= max; seq++) {
            record(written, seq, lags, now);
          }
          highest = Math.max(highest, max);
        } catch (java.sql.SQLException notCreatedYet) {
          // The sink creates the table with its first batch.
        }
        Thread.sleep(100);
      }
    }
  }
}
