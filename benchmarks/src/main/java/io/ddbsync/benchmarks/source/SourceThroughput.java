package io.ddbsync.benchmarks.source;

import io.apicurio.registry.utils.converter.AvroConverter;
import io.ddbsync.common.testing.InMemoryAvroRegistry;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.EmbeddedConnect;
import io.ddbsync.testing.MotoServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * The source connector's own snapshot speed, without an emulator's limits (moto's Scan walks the
 * whole table for every page): a table of {@code items} orders of about 1 KB in memory behind the
 * {@code ScanClient} port, snapshotted by one task (4 segments, all scanned at once) into Kafka in
 * an embedded worker, with JSON and with Avro (Apicurio's converter, in-memory registry). Reports
 * items/s to records in Kafka, the JVM's CPU seconds per 100,000 items (broker and worker included:
 * one JVM), and the heap after garbage collection, which must stay flat while the table grows.
 *
 * <p>Run after {@code mvn -B install -DskipTests}: {@code cd benchmarks && java -Xmx2g -cp
 * "target/classes:target/lib/*" io.ddbsync.benchmarks.source.SourceThroughput [items...]}.
 */
public final class SourceThroughput {
  private static final String TABLE = "InMemoryOrders";

  private SourceThroughput() {}

  public static void main(String[] args) throws Exception {
    long[] sizes =
        args.length > 0
            ? java.util.Arrays.stream(args).mapToLong(Long::parseLong).toArray()
            : new long[] {100_000, 1_000_000};
    MotoServer moto = MotoServer.start();
    EmbeddedConnectCluster connect = null;
    try {
      // Only the table's description and stream come from moto; its items are in memory.
      DynamoTables.create(moto.dynamoDb(), TABLE, "OrderId", 0);
      connect = EmbeddedConnect.start("source-throughput", 1, Map.of());
      int run = 0;
      // A warm-up run of each format first, not reported.
      for (String format : FORMATS) {
        measure(connect, moto, 50_000, format, ++run);
      }
      System.out.println();
      System.out.println(
          "| items | converter | time (s) | items/s (one task) | JVM CPU-s per 100k items"
              + " | heap after GC, max (MB) |");
      System.out.println("|---:|---|---:|---:|---:|---:|");
      for (long items : sizes) {
        for (String format : FORMATS) {
          Result result = measure(connect, moto, items, format, ++run);
          System.out.printf(
              "| %,d | %s | %.1f | %,.0f | %.2f | %.0f |%n",
              items,
              switch (format) {
                case "json" -> "JsonConverter";
                case "json-schemaless" -> "JsonConverter, schemas.enable=false";
                case "ddbsync-avro" ->
                    "ddbsync AvroConverter (Apicurio's, each schema rendered once)";
                default -> "Apicurio AvroConverter";
              },
              result.seconds,
              items / result.seconds,
              result.cpuSeconds / (items / 100_000.0),
              result.maxHeapAfterGcBytes / 1e6);
        }
      }
    } finally {
      if (connect != null) {
        connect.stop();
      }
      moto.stop();
    }
  }

  /**
   * JSON with schemas (the worker's default), JSON without, and Avro; {@code
   * -Dsource.throughput.formats=...} picks some.
   */
  private static final List<String> FORMATS =
      List.of(
          System.getProperty("source.throughput.formats", "json,json-schemaless,avro").split(","));

  private record Result(double seconds, double cpuSeconds, long maxHeapAfterGcBytes) {}

  private static Result measure(
      EmbeddedConnectCluster connect, MotoServer moto, long items, String format, int run)
      throws Exception {
    InMemoryTable.use(new InMemoryTable(items));
    String name = "throughput-" + run;
    String prefix = "tp" + run + ".";
    Map<String, String> local = new HashMap<>();
    local.put("connector.class", InMemorySourceConnector.class.getName());
    local.put("tables", TABLE);
    local.put("mode", "SNAPSHOT_ONLY");
    local.put("topic.prefix", prefix);
    local.put("tasks.max", "1");
    local.put("snapshot.segments", "4");
    local.put("snapshot.task.parallelism", "4");
    local.put("snapshot.read.budget.rcu", "1000000");
    local.put("schema.history.topic", "_tp_history_" + run);
    local.put("aws.endpoint.url", moto.endpoint().toString());
    local.put("schema.history.kafka.bootstrap.servers", connect.kafka().bootstrapServers());
    if (format.equals("json-schemaless")) {
      local.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
      local.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
      local.put("key.converter.schemas.enable", "false");
      local.put("value.converter.schemas.enable", "false");
    }
    if (format.equals("avro") || format.equals("ddbsync-avro")) {
      for (String side : List.of("key.converter", "value.converter")) {
        local.put(
            side,
            format.equals("avro")
                ? AvroConverter.class.getName()
                : io.ddbsync.avro.AvroConverter.class.getName());
        InMemoryAvroRegistry.converterConfig()
            .forEach((setting, value) -> local.put(side + "." + setting, String.valueOf(value)));
      }
    }
    String topic = prefix + TABLE;
    System.gc();
    // The connector's own threads (its readers: scan, item model, queue) apart from Connect's
    // task thread (poll, converter, producer) and everything else (broker, worker, GC, JIT).
    ThreadCpu threadCpu =
        new ThreadCpu(
            thread ->
                thread.startsWith(name + "-0-snapshot-")
                    ? "readers"
                    : thread.startsWith("task-thread-" + name) ? "task thread" : "other");
    threadCpu.start();
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    connect.configureConnector(
        name, ConnectorConfigs.connector("dynamodb-source.json").with(local).named(name).config());
    long maxHeap = 0;
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", connect.kafka().bootstrapServers()))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      long records;
      long lastSample = 0;
      while ((records = recordsIn(admin, topic)) < items) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Only " + records + " of " + items + " in " + topic);
        }
        threadCpu.sample();
        if (System.nanoTime() - lastSample > SAMPLE_NANOS) {
          maxHeap = Math.max(maxHeap, LIVE_HEAP ? liveHeap() : heapAfterLastGc());
          lastSample = System.nanoTime();
        }
        Thread.sleep(20);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (processCpuNanos() - cpuBefore) / 1e9;
    threadCpu.sample();
    Map<String, Double> byThreads = threadCpu.seconds();
    double per100k = 100_000.0 / items;
    System.out.printf(
        "%s, %,d items: CPU-s per 100k items: readers (the connector's own) %.3f, task thread"
            + " (poll, converter, producer) %.3f, everything else %.3f%n",
        format,
        items,
        byThreads.getOrDefault("readers", 0.0) * per100k,
        byThreads.getOrDefault("task thread", 0.0) * per100k,
        (cpu - byThreads.getOrDefault("readers", 0.0) - byThreads.getOrDefault("task thread", 0.0))
            * per100k);
    connect.deleteConnector(name);
    Thread.sleep(2_000);
    System.out.printf(
        "%s, %,d items: %.1f s, %,.0f items/s, %.1f CPU-s%n",
        format, items, seconds, items / seconds, cpu);
    return new Result(seconds, cpu, maxHeap);
  }

  /**
   * With {@code -Dsource.throughput.liveHeap=true}, a full collection every 5 s and the heap in use
   * after it: the live set, which the default figure overstates by whatever garbage the old
   * generation holds until its next cycle. Costs the run a pause per sample.
   */
  private static final boolean LIVE_HEAP = Boolean.getBoolean("source.throughput.liveHeap");

  private static final long SAMPLE_NANOS = LIVE_HEAP ? 5_000_000_000L : 1_000_000_000L;

  private static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Heap in use right after the last collection of each heap pool (no collection forced). */
  private static long heapAfterLastGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
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
