package io.ddbsync.benchmarks;

import io.apicurio.registry.utils.converter.AvroConverter;
import io.ddbsync.benchmarks.harness.SideBySide;
import io.ddbsync.benchmarks.harness.SideBySide.Contender;
import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.testing.InMemoryAvroRegistry;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.EmbeddedConnect;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.TopicReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sink load throughput: change events already in a Kafka topic loaded by the sink connector
 * (postgres dialect: Parquet staged on moto S3, binary COPY FROM STDIN of the batch in memory,
 * child rows replaced) against a raw {@code COPY ... FROM STDIN} of the very rows the connector
 * produced into the same PostgreSQL, in alternation. The connector runs twice per round: into an
 * empty schema (new keys, copied straight into the target) and into a schema already holding every
 * row (each batch staged and merged). Run: {@code java -cp
 * "benchmarks/target/classes:benchmarks/target/lib/*" io.ddbsync.benchmarks.SinkLoadComparison
 * [records] [rounds] [avro|json]}.
 */
public final class SinkLoadComparison {
  private static final String TOPIC = "dynamodb.Orders";
  private static final String BUCKET = "ddbsync-bench";
  private static final List<String> LOADED_CONNECTORS = new ArrayList<>();

  private SinkLoadComparison() {}

  /** One connector run into the next schema; the argument as {@code sinkLoad}'s last. */
  @FunctionalInterface
  private interface SinkRun {
    long load(String preloadedVersion) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    boolean avro = args.length <= 2 || args[2].equals("avro");
    MotoServer moto = MotoServer.start();
    PostgresServer postgres = PostgresServer.start();
    EmbeddedConnectCluster connect = null;
    try {
      moto.s3().createBucket(b -> b.bucket(BUCKET));
      String database = postgres.createDatabase();
      connect = EmbeddedConnect.start("sink-bench", 1, Map.of());
      connect.kafka().createTopic(TOPIC, 1);
      produce(connect.kafka().bootstrapServers(), records, avro);
      EmbeddedConnectCluster cluster = connect;
      AtomicInteger run = new AtomicInteger();
      AtomicReference<String> preloaded = new AtomicReference<>();
      SinkRun sink =
          version ->
              sinkLoad(
                  cluster, moto, postgres, database, records, run.incrementAndGet(), avro, version);
      // The rows the connector produced, as CSV, captured from its first run for the baseline.
      Map<String, byte[]> csv = new HashMap<>();
      SideBySide.run(
          "Loading " + records + " change events into PostgreSQL",
          1,
          rounds,
          new Contender(
              "baseline: raw COPY FROM STDIN of the same rows",
              () -> rawCopy(postgres, database, csv),
              () -> {
                if (csv.isEmpty()) {
                  // The first round's connector run has not happened yet: load once to capture.
                  sink.load(null);
                }
                if (csv.isEmpty()) {
                  capture(postgres, database, "bench_r" + run.get(), csv);
                }
                deleteLoadedConnectors(cluster);
                prepareBaseline(postgres, database, "bench_r" + run.get());
                return 0;
              }),
          new Contender(
              "ddbsync sink connector, new keys (initial load)",
              () -> sink.load(null),
              // Stopping the previous run's connector is not part of loading: untimed.
              () -> {
                deleteLoadedConnectors(cluster);
                return 0;
              }),
          new Contender(
              "ddbsync sink connector, every key already loaded (MERGE)",
              () -> sink.load(preloaded.get()),
              () -> {
                deleteLoadedConnectors(cluster);
                preloaded.set(preload(postgres, database, "bench_r1", run.get() + 1, csv, records));
                return 0;
              }));
    } finally {
      if (connect != null) {
        connect.stop();
      }
      postgres.stop();
      moto.stop();
    }
  }

  private static void produce(String bootstrap, int count, boolean avro) {
    TableEventModel model = RealisticItems.ordersModel();
    Converter keys = avro ? avroConverter(true) : TopicReader.jsonConverter(true);
    Converter values = avro ? avroConverter(false) : TopicReader.jsonConverter(false);
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "key.serializer",
            ByteArraySerializer.class,
            "value.serializer",
            ByteArraySerializer.class,
            "linger.ms",
            20,
            "compression.type",
            "lz4");
    long bytes = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      int i = 0;
      for (Map<String, AttributeValue> item : RealisticItems.generate(count, 5)) {
        EncodedEvent event =
            model.encode(
                new ChangeEvent(
                    Operation.READ,
                    Map.of("OrderId", item.get("OrderId")),
                    item,
                    null,
                    SourceInfo.snapshot("Orders", i++ % 4, Instant.now())));
        // Apicurio's converter puts the schema ids in headers; the record must carry them.
        RecordHeaders headers = new RecordHeaders();
        byte[] key = keys.fromConnectData(TOPIC, headers, event.keySchema(), event.key());
        byte[] value = values.fromConnectData(TOPIC, headers, event.valueSchema(), event.value());
        bytes += value.length;
        producer.send(new ProducerRecord<>(TOPIC, 0, key, value, headers));
      }
    }
    System.out.printf(
        "produced %d change events (%s, %.1f KB each on average)%n",
        count, avro ? "Avro, Apicurio converter" : "JSON with schemas", bytes / 1024.0 / count);
  }

  /**
   * A fresh connector (new consumer group) into schema {@code bench_r<run>}, created here unless
   * preloaded; waits for every row.
   *
   * @param preloadedVersion null for an empty schema; else the row version ({@code xmin}) of the
   *     last record's preloaded row, which the load must replace
   */
  static long sinkLoad(
      EmbeddedConnectCluster connect,
      MotoServer moto,
      PostgresServer postgres,
      String database,
      int records,
      int run,
      boolean avro,
      String preloadedVersion)
      throws Exception {
    String schema = "bench_r" + run;
    if (preloadedVersion == null) {
      execute(postgres, database, "CREATE SCHEMA " + schema);
    }
    String name = "sink-bench-" + run;
    Map<String, String> local = new HashMap<>();
    local.put("topics", TOPIC);
    local.put("tasks.max", "1");
    local.put("target.schema", schema);
    local.put("connection.url", postgres.jdbcUrl(database));
    local.put("s3.bucket", BUCKET);
    local.put("aws.endpoint.url", moto.endpoint().toString());
    local.put("flush.interval.ms", "1000");
    local.put("flush.max.records", "25000");
    if (avro) {
      for (String side : List.of("key.converter", "value.converter")) {
        // The converter docs/change-events.md recommends; it writes Apicurio's bytes.
        local.put(side, io.ddbsync.avro.AvroConverter.class.getName());
        InMemoryAvroRegistry.converterConfig()
            .forEach((setting, value) -> local.put(side + "." + setting, String.valueOf(value)));
      }
    }
    Map<String, String> config =
        new HashMap<>(
            ConnectorConfigs.connector("redshift-sink.json").with(local).named(name).config());
    config.remove("topics.regex");
    connect.configureConnector(name, config);
    long start = System.nanoTime();
    long deadline = start + Duration.ofMinutes(10).toNanos();
    // The harness must not compete with the connector for the two cores: one connection and an
    // index probe for the last record's key, instead of counting the table every 100 ms. One task
    // loads one partition's batches in Kafka order, so the last key committed means every earlier
    // batch did; the exact count afterwards checks that.
    String lastKey = RealisticItems.orderId(records - 1);
    long firstRowsAt = 0;
    try (Connection connection = postgres.connect(database)) {
      while (!committed(connection, schema, lastKey, preloadedVersion)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The last record was not loaded; rows so far: "
                  + count(postgres, database, schema + ".orders"));
        }
        if (firstRowsAt == 0
            && preloadedVersion == null
            && committed(connection, schema, null, null)) {
          firstRowsAt = System.nanoTime();
        }
        Thread.sleep(20);
      }
    }
    long end = System.nanoTime();
    long rows = count(postgres, database, schema + ".orders");
    if (rows != records) {
      throw new IllegalStateException("Loaded " + rows + " rows for " + records + " records");
    }
    System.out.printf(
        "  connector run %d: %sall %d records committed %.2fs after creating the connector%n",
        run,
        firstRowsAt > 0 ? String.format("first rows at %.2fs, ", (firstRowsAt - start) / 1e9) : "",
        records,
        (end - start) / 1e9);
    // The load is done once its rows are committed; the connector is deleted outside the timing.
    LOADED_CONNECTORS.add(name);
    return rows;
  }

  /**
   * Deletes the connectors of earlier runs and lets the worker settle (their tasks stop and the
   * group rebalances after the REST call returns), so that the next run starts on an idle worker.
   */
  private static void deleteLoadedConnectors(EmbeddedConnectCluster connect) throws Exception {
    if (LOADED_CONNECTORS.isEmpty()) {
      return;
    }
    LOADED_CONNECTORS.forEach(connect::deleteConnector);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (LOADED_CONNECTORS.stream().anyMatch(connect.connectors()::contains)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    LOADED_CONNECTORS.clear();
    Thread.sleep(2_000);
  }

  private static Converter avroConverter(boolean isKey) {
    AvroConverter<Object> converter = new AvroConverter<>();
    converter.configure(InMemoryAvroRegistry.converterConfig(), isKey);
    return converter;
  }

  private static void capture(
      PostgresServer postgres, String database, String schema, Map<String, byte[]> csv)
      throws Exception {
    try (Connection connection = postgres.connect(database)) {
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      for (String table : List.of("orders", "order_items")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy.copyOut("COPY " + schema + "." + table + " TO STDOUT WITH (FORMAT csv)", out);
        csv.put(table, out.toByteArray());
      }
    }
  }

  /**
   * Schema {@code bench_r<run>} with tables shaped like the connector's (comments included, which
   * record each column's field) holding every row already, so that each batch touches existing keys
   * and is merged; returns the row version of the last record's row.
   */
  private static String preload(
      PostgresServer postgres,
      String database,
      String like,
      int run,
      Map<String, byte[]> csv,
      int records)
      throws Exception {
    String schema = "bench_r" + run;
    execute(postgres, database, "CREATE SCHEMA " + schema);
    try (Connection connection = postgres.connect(database)) {
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      for (String table : List.of("orders", "order_items")) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(
              "CREATE TABLE "
                  + schema
                  + "."
                  + table
                  + " (LIKE "
                  + like
                  + "."
                  + table
                  + " INCLUDING ALL)");
        }
        copy.copyIn(
            "COPY " + schema + "." + table + " FROM STDIN WITH (FORMAT csv)",
            new ByteArrayInputStream(csv.get(table)));
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("VACUUM ANALYZE " + schema + ".orders");
        statement.execute("VACUUM ANALYZE " + schema + ".order_items");
        ResultSet version =
            statement.executeQuery(
                "SELECT xmin::text FROM "
                    + schema
                    + ".orders WHERE order_id = '"
                    + RealisticItems.orderId(records - 1)
                    + "'");
        version.next();
        return version.getString(1);
      }
    }
  }

  /** Empty tables shaped like the connector's, ready for the raw COPY. */
  private static void prepareBaseline(PostgresServer postgres, String database, String like)
      throws Exception {
    execute(postgres, database, "DROP SCHEMA IF EXISTS baseline CASCADE");
    execute(postgres, database, "CREATE SCHEMA baseline");
    for (String table : List.of("orders", "order_items")) {
      execute(
          postgres,
          database,
          "CREATE TABLE baseline." + table + " (LIKE " + like + "." + table + " INCLUDING ALL)");
    }
  }

  static long rawCopy(PostgresServer postgres, String database, Map<String, byte[]> csv)
      throws Exception {
    try (Connection connection = postgres.connect(database)) {
      connection.setAutoCommit(false);
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      long rows = 0;
      for (String table : List.of("orders", "order_items")) {
        long copied =
            copy.copyIn(
                "COPY baseline." + table + " FROM STDIN WITH (FORMAT csv)",
                new ByteArrayInputStream(csv.get(table)));
        if (table.equals("orders")) {
          rows = copied;
        }
      }
      connection.commit();
      return rows;
    }
  }

  /**
   * Whether the row of the given order (any row: null) is committed, in a version other than {@code
   * notVersion} when that is given.
   */
  private static boolean committed(
      Connection connection, String schema, String orderId, String notVersion) throws Exception {
    String sql =
        "SELECT 1 FROM "
            + schema
            + ".orders"
            + (orderId == null ? "" : " WHERE order_id = ?")
            + (notVersion == null ? "" : " AND xmin::text <> ?")
            + " LIMIT 1";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (orderId != null) {
        statement.setString(1, orderId);
      }
      if (notVersion != null) {
        statement.setString(2, notVersion);
      }
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    } catch (SQLException notYetCreated) {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
      return false;
    }
  }

  private static long count(PostgresServer postgres, String database, String table)
      throws Exception {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table);
      result.next();
      return result.getLong(1);
    } catch (SQLException notYetCreated) {
      return 0;
    }
  }

  private static void execute(PostgresServer postgres, String database, String sql)
      throws Exception {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
