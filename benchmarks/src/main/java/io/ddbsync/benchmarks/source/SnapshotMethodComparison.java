package io.ddbsync.benchmarks.source;

import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.EmbeddedConnect;
import io.ddbsync.testing.MotoServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * The same table snapshotted by SCAN and by EXPORT into Kafka, side by side in one JVM, in
 * alternating rounds: {@code items} orders of about 1 KB (the {@link InMemoryTable} behind the Scan
 * port, and the same items written beforehand as DynamoDB's export in 8 data files behind the
 * export ports, {@link InMemoryExports}), two tasks, {@code SNAPSHOT_ONLY}, JSON without schemas,
 * an embedded worker and broker. Reports the wall time from creating the connector to the last
 * record in the topic, the reading time (first to last snapshot record's timestamp), items per
 * second per task while reading, the read capacity the connector's own accounting says it consumed
 * (the {@code snapshot-rcu-consumed} gauges of the connector's tasks) and the JVM's CPU seconds per
 * 100,000 items. The export's own time (DynamoDB's, on its servers) is not in it: it depends on the
 * table's size and on AWS, and costs the connector nothing but waiting.
 *
 * <p>Run after {@code mvn -B install -DskipTests}: {@code cd benchmarks && java -Xmx2g -cp
 * "target/classes:target/lib/*" io.ddbsync.benchmarks.source.SnapshotMethodComparison [items]
 * [rounds]}.
 */
public final class SnapshotMethodComparison {
  private static final String TABLE = "InMemoryOrders";
  private static final int TASKS = 2;
  private static final int FILES = 8;

  private SnapshotMethodComparison() {}

  private record Run(
      String method,
      int round,
      long items,
      double wallSeconds,
      double readSeconds,
      double rcu,
      double cpu) {}

  public static void main(String[] args) throws Exception {
    long items = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    MotoServer moto = MotoServer.start();
    EmbeddedConnectCluster connect = null;
    try {
      DynamoTables.create(moto.dynamoDb(), TABLE, "OrderId", 0);
      // What validate() checks before an exported snapshot: recovery on, a bucket it may use.
      moto.dynamoDb()
          .updateContinuousBackups(
              b ->
                  b.tableName(TABLE)
                      .pointInTimeRecoverySpecification(r -> r.pointInTimeRecoveryEnabled(true)));
      moto.s3().createBucket(b -> b.bucket("benchmark-exports"));
      connect = EmbeddedConnect.start("snapshot-methods", 1, Map.of());
      InMemoryTable table = new InMemoryTable(items);
      InMemoryTable.use(table);
      InMemoryExports exports = new InMemoryExports(table, FILES);
      InMemoryExports.use(exports);
      System.out.printf(
          "%,d items; export: %d data files, %.1f MB compressed%n",
          items, FILES, exports.dataBytes() / 1e6);
      int run = 0;
      // Warm-up, not reported.
      measure(connect, moto, "SCAN", Math.min(items, 20_000), ++run);
      measure(connect, moto, "EXPORT", Math.min(items, 20_000), ++run);
      List<Run> results = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        List<String> order = round % 2 == 0 ? List.of("SCAN", "EXPORT") : List.of("EXPORT", "SCAN");
        for (String method : order) {
          Run result = measure(connect, moto, method, items, ++run);
          results.add(
              new Run(
                  method,
                  round + 1,
                  items,
                  result.wallSeconds(),
                  result.readSeconds(),
                  result.rcu(),
                  result.cpu()));
        }
      }
      System.out.println();
      System.out.println(
          "| method | round | wall (s) | reading (s) | items/s per task (reading) | RCU consumed"
              + " | JVM CPU-s per 100k items |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|");
      for (Run result : results) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %.1f | %.1f | %,.0f | %,.1f | %.2f |%n",
            result.method(),
            result.round(),
            result.wallSeconds(),
            result.readSeconds(),
            result.items() / result.readSeconds() / TASKS,
            result.rcu(),
            result.cpu() / (result.items() / 100_000.0));
      }
    } finally {
      if (connect != null) {
        connect.stop();
      }
      moto.stop();
    }
  }

  private static Run measure(
      EmbeddedConnectCluster connect, MotoServer moto, String method, long items, int run)
      throws Exception {
    String name = "methods-" + run;
    String prefix = "sm" + run + ".";
    Map<String, String> local = new HashMap<>();
    local.put("connector.class", InMemorySourceConnector.class.getName());
    local.put("tables", TABLE);
    local.put("mode", "SNAPSHOT_ONLY");
    local.put("topic.prefix", prefix);
    local.put("tasks.max", Integer.toString(TASKS));
    local.put("snapshot.segments", Integer.toString(FILES));
    local.put("snapshot.task.parallelism", "4");
    local.put("snapshot.read.budget.rcu", "1000000");
    local.put("snapshot.method", method);
    local.put("snapshot.export.s3.bucket", "benchmark-exports");
    local.put("snapshot.export.poll.interval.ms", "1000");
    local.put("schema.history.topic", "_sm_history_" + run);
    local.put("aws.endpoint.url", moto.endpoint().toString());
    local.put("schema.history.kafka.bootstrap.servers", connect.kafka().bootstrapServers());
    local.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    local.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    local.put("key.converter.schemas.enable", "false");
    local.put("value.converter.schemas.enable", "false");
    String topic = prefix + TABLE;
    System.gc();
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    connect.configureConnector(
        name, ConnectorConfigs.connector("dynamodb-source.json").with(local).named(name).config());
    double rcu;
    double readSeconds;
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", connect.kafka().bootstrapServers()))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      long records;
      while ((records = recordsIn(admin, topic)) < items) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Only " + records + " of " + items + " in " + topic);
        }
        Thread.sleep(20);
      }
      rcu = rcuConsumed(name);
      readSeconds = readingSeconds(connect, admin, topic);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (processCpuNanos() - cpuBefore) / 1e9;
    connect.deleteConnector(name);
    Thread.sleep(2_000);
    System.out.printf(
        Locale.ROOT,
        "%s, %,d items: %.1f s (%.1f s reading), %,.1f RCU, %.1f CPU-s%n",
        method,
        items,
        seconds,
        readSeconds,
        rcu,
        cpu);
    return new Run(method, 0, items, seconds, readSeconds, rcu, cpu);
  }

  /** The read capacity the connector's tasks counted: their snapshot-rcu-consumed gauges. */
  private static double rcuConsumed(String connector) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    double total = 0;
    for (ObjectName name : server.queryNames(null, null)) {
      if (!connector.equals(name.getKeyProperty("connector"))) {
        continue;
      }
      for (var attribute : server.getMBeanInfo(name).getAttributes()) {
        if (attribute.getName().equals("snapshot-rcu-consumed")) {
          total += ((Number) server.getAttribute(name, attribute.getName())).doubleValue();
        }
      }
    }
    return total;
  }

  /** From the first snapshot record's timestamp to the newest one's. */
  private static double readingSeconds(EmbeddedConnectCluster connect, Admin admin, String topic)
      throws Exception {
    Map<TopicPartition, OffsetSpec> newest = new HashMap<>();
    for (TopicPartition partition : partitions(admin, topic)) {
      newest.put(partition, OffsetSpec.maxTimestamp());
    }
    long last = 0;
    for (ListOffsetsResult.ListOffsetsResultInfo info :
        admin.listOffsets(newest).all().get().values()) {
      last = Math.max(last, info.timestamp());
    }
    long first = Long.MAX_VALUE;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", connect.kafka().bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = partitions(admin, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(10))) {
        first = Math.min(first, record.timestamp());
      }
    }
    return (last - first) / 1e3;
  }

  private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
    TopicDescription description =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    return description.partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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
