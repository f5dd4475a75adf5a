package io.ddbsync.benchmarks;

import io.ddbsync.benchmarks.harness.SideBySide;
import io.ddbsync.benchmarks.harness.SideBySide.Contender;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.EmbeddedConnect;
import io.ddbsync.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Snapshot throughput: the source connector (SNAPSHOT_ONLY, from creating the connector until the
 * last record is in Kafka) against a plain parallel Scan with the same segments and the same
 * concurrency over the same moto table, in alternation. Run: {@code java -cp
 * "benchmarks/target/classes:benchmarks/target/lib/*"
 * io.ddbsync.benchmarks.SnapshotThroughputComparison [items] [rounds]}.
 */
public final class SnapshotThroughputComparison {
  private static final int SEGMENTS = 4;
  private static final String TABLE = "BenchOrders";

  private SnapshotThroughputComparison() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    MotoServer moto = MotoServer.start();
    EmbeddedConnectCluster connect = null;
    try {
      DynamoDbClient dynamo = moto.dynamoDb();
      DynamoTables.create(dynamo, TABLE, "OrderId", 0);
      List<Map<String, AttributeValue>> batch = RealisticItems.generate(items, 3);
      long loadStart = System.nanoTime();
      DynamoTables.putAll(dynamo, TABLE, batch);
      System.out.printf(
          "loaded %d items (~1 KB each) into moto in %.1fs%n",
          items, (System.nanoTime() - loadStart) / 1e9);
      connect = EmbeddedConnect.start("snapshot-bench", 1, Map.of());
      EmbeddedConnectCluster cluster = connect;
      AtomicInteger run = new AtomicInteger();
      SideBySide.run(
          "Snapshot of " + items + " items, " + SEGMENTS + " segments",
          1,
          rounds,
          Contender.of("baseline: plain parallel Scan", () -> plainScan(dynamo)),
          Contender.of(
              "ddbsync source connector (to records in Kafka)",
              () -> connectorSnapshot(cluster, moto, items, run.incrementAndGet())));
    } finally {
      if (connect != null) {
        connect.stop();
      }
      moto.stop();
    }
  }

  /** Every segment scanned by its own thread, 1 MB pages, eventually consistent, items counted. */
  static long plainScan(DynamoDbClient dynamo) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SEGMENTS);
    try {
      List<Future<Long>> segments = new ArrayList<>();
      for (int segment = 0; segment < SEGMENTS; segment++) {
        int current = segment;
        segments.add(pool.submit(() -> scanSegment(dynamo, current)));
      }
      long total = 0;
      for (Future<Long> segment : segments) {
        total += segment.get();
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long scanSegment(DynamoDbClient dynamo, int segment) {
    long count = 0;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      ScanResponse page =
          dynamo.scan(
              b ->
                  b.tableName(TABLE)
                      .segment(segment)
                      .totalSegments(SEGMENTS)
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                      .exclusiveStartKey(exclusiveStart));
      count += page.count();
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return count;
  }

  /** Creates a fresh connector with its own topic, waits for every item to be in Kafka. */
  static long connectorSnapshot(EmbeddedConnectCluster connect, MotoServer moto, int items, int run)
      throws Exception {
    String name = "snapshot-bench-" + run;
    String prefix = "bench" + run + ".";
    Map<String, String> local = new HashMap<>();
    local.put("tables", TABLE);
    local.put("mode", "SNAPSHOT_ONLY");
    local.put("topic.prefix", prefix);
    local.put("tasks.max", "2");
    local.put("snapshot.segments", Integer.toString(SEGMENTS));
    local.put("snapshot.read.budget.rcu", "1000000");
    local.put("schema.history.topic", "_bench_history_" + run);
    local.put("aws.endpoint.url", moto.endpoint().toString());
    local.put("schema.history.kafka.bootstrap.servers", connect.kafka().bootstrapServers());
    connect.configureConnector(
        name, ConnectorConfigs.connector("dynamodb-source.json").with(local).named(name).config());
    String topic = prefix + TABLE;
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", connect.kafka().bootstrapServers()))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      long records;
      while ((records = recordsIn(admin, topic)) < items) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Only " + records + " of " + items + " in " + topic);
        }
        Thread.sleep(50);
      }
      connect.deleteConnector(name);
      return records;
    }
  }

  private static long recordsIn(Admin admin, String topic) throws Exception {
    Map<String, TopicDescription> described;
    try {
      described = admin.describeTopics(List.of(topic)).allTopicNames().get();
    } catch (java.util.concurrent.ExecutionException notYet) {
      return 0;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (var partition : described.get(topic).partitions()) {
      latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
    }
    long total = 0;
    for (var offsets : admin.listOffsets(latest).all().get().values()) {
      total += offsets.offset();
    }
    return total;
  }
}
