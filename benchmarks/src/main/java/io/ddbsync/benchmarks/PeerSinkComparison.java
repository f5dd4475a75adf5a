package io.ddbsync.benchmarks;

import io.ddbsync.benchmarks.harness.SideBySide;
import io.ddbsync.benchmarks.harness.SideBySide.Contender;
import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.testing.ApicurioRegistry;
import io.ddbsync.testing.ConnectRest;
import io.ddbsync.testing.ConnectWorkerProcess;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.KafkaBroker;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.TcpProxy;
import io.ddbsync.testing.TopicReader;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.storage.Converter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sink against the sink users would pick instead: Debezium's JDBC sink connector, configured as
 * its users run it for upserts ({@code insert.mode=upsert}, {@code primary.key.mode=record_key},
 * {@code delete.enabled=true}, Kafka's {@code ExtractField$Value} taking {@code after} out of our
 * envelope), each from its own plugin directory of one stock Connect worker (a child JVM), reading
 * the same topics of change events (JSON with schemas) into the same PostgreSQL. A flat table, so
 * that the peer can load it. Two workloads: an initial load (every key new) and a stream of updates
 * (every key changed once, into a table that holds them all). Rounds alternate the contenders.
 *
 * <p>Run after {@code mvn -B install -DskipTests}: {@code cd benchmarks && java -cp
 * "target/classes:target/lib/*" io.ddbsync.benchmarks.PeerSinkComparison [records] [rounds]}.
 */
public final class PeerSinkComparison {
  private static final String INITIAL = "dynamodb.Flat";
  private static final String UPDATES = "dynamodb.FlatUpdates";
  private static final String BUCKET = "ddbsync-peer-bench";

  private PeerSinkComparison() {}

  /** One contender: which connector, and how its rows are found. */
  private enum Sink {
    DDBSYNC("flat", "order_id", "status"),
    DEBEZIUM("flat_orders", "\"OrderId\"", "\"Status\"");

    final String table;
    final String keyColumn;
    final String statusColumn;

    Sink(String table, String keyColumn, String statusColumn) {
      this.table = table;
      this.keyColumn = keyColumn;
      this.statusColumn = statusColumn;
    }
  }

  /**
   * The figures as {@code workload,contender,records_per_second} for {@code
   * scripts/sink_comparison_chart.sh}; a contender's name is "who, workload".
   */
  static void writeCsv(List<SideBySide.Result> results, java.nio.file.Path csv)
      throws java.io.IOException {
    StringBuilder out = new StringBuilder("workload,contender,records_per_second\n");
    for (SideBySide.Result result : results) {
      int comma = result.name().lastIndexOf(", ");
      out.append(result.name().substring(comma + 2))
          .append(',')
          .append(result.name().substring(0, comma).replace(",", ";"))
          .append(',')
          .append(String.format(java.util.Locale.ROOT, "%.0f", result.unitsPerSecond()))
          .append('\n');
    }
    java.nio.file.Files.writeString(csv, out);
    System.out.println("wrote " + csv.toAbsolutePath());
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    MotoServer moto = MotoServer.start();
    try (KafkaBroker kafka = KafkaBroker.start()) {
      PostgresServer postgres = PostgresServer.start();
      ApicurioRegistry registry = AVRO ? startRegistry() : null;
      TcpProxy proxy =
          DELAY_MS > 0 ? new TcpProxy("127.0.0.1", postgres.port()).delayEachWay(DELAY_MS) : null;
      try {
        moto.s3().createBucket(b -> b.bucket(BUCKET));
        kafka.cluster().createTopic(INITIAL, 1);
        kafka.cluster().createTopic(UPDATES, 1);
        produce(kafka.bootstrapServers(), records, registry);
        // Each connector in its own plugin directory under one plugin.path entry, as users
        // install them.
        String pluginPath = Paths.get("target/peer-plugins").toAbsolutePath().toString();
        try (ConnectWorkerProcess worker =
            ConnectWorkerProcess.start(
                "peer-bench",
                "4.1",
                kafka.bootstrapServers(),
                "connect-distributed.properties",
                workerSettings(pluginPath, registry))) {
          Bench bench = new Bench(worker.rest(), moto, postgres, proxy, records);
          AtomicInteger run = new AtomicInteger();
          Map<Sink, String> preloaded = new HashMap<>();
          List<SideBySide.Result> results =
              SideBySide.run(
                  "Sinks side by side: "
                      + records
                      + " change events into PostgreSQL"
                      + (proxy == null ? "" : ", " + (2 * DELAY_MS) + " ms round trip"),
                  1,
                  rounds,
                  new Contender(
                      "ddbsync sink (postgres dialect), initial load",
                      () -> bench.load(Sink.DDBSYNC, INITIAL, null, run.incrementAndGet()),
                      bench::deleteConnectors),
                  new Contender(
                      "Debezium JDBC sink 3.3.1 (upsert), initial load",
                      () -> bench.load(Sink.DEBEZIUM, INITIAL, null, run.incrementAndGet()),
                      bench::deleteConnectors),
                  new Contender(
                      "ddbsync sink (postgres dialect), stream of updates",
                      () ->
                          bench.load(
                              Sink.DDBSYNC,
                              UPDATES,
                              preloaded.get(Sink.DDBSYNC),
                              run.incrementAndGet()),
                      () -> {
                        bench.deleteConnectors();
                        preloaded.put(
                            Sink.DDBSYNC, bench.preload(Sink.DDBSYNC, run.incrementAndGet()));
                        bench.deleteConnectors();
                        return 0;
                      }),
                  new Contender(
                      "Debezium JDBC sink 3.3.1 (upsert), stream of updates",
                      () ->
                          bench.load(
                              Sink.DEBEZIUM,
                              UPDATES,
                              preloaded.get(Sink.DEBEZIUM),
                              run.incrementAndGet()),
                      () -> {
                        bench.deleteConnectors();
                        preloaded.put(
                            Sink.DEBEZIUM, bench.preload(Sink.DEBEZIUM, run.incrementAndGet()));
                        bench.deleteConnectors();
                        return 0;
                      }));
          System.out.println(SideBySide.table(results));
          writeCsv(
              results,
              Paths.get(
                  "target/peer-sink-comparison"
                      + (AVRO ? "-avro" : "")
                      + (proxy == null ? "" : "-rtt" + (2 * DELAY_MS) + "ms")
                      + ".csv"));
        }
      } finally {
        if (proxy != null) {
          proxy.close();
        }
        if (registry != null) {
          registry.close();
        }
        postgres.stop();
      }
    } finally {
      moto.stop();
    }
  }

  /** The change events: READs of flat orders, then a MODIFY of each. */
  private static void produce(String bootstrap, int count, ApicurioRegistry registry) {
    TableEventModel model =
        new TableEventModel(
            "Flat",
            List.of(new KeyAttribute("OrderId", KeyAttribute.ScalarType.S)),
            ModelSettings.defaults(),
            new InMemorySchemaHistory(),
            Clock.systemUTC());
    Converter keys = registry != null ? avro(registry, true) : TopicReader.jsonConverter(true);
    Converter values = registry != null ? avro(registry, false) : TopicReader.jsonConverter(false);
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
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (String topic : List.of(INITIAL, UPDATES)) {
        for (int i = 0; i < count; i++) {
          boolean update = topic.equals(UPDATES);
          Map<String, AttributeValue> item = flatOrder(i, update ? "updated" : "new");
          EncodedEvent event =
              model.encode(
                  new ChangeEvent(
                      update ? Operation.MODIFY : Operation.READ,
                      Map.of("OrderId", item.get("OrderId")),
                      item,
                      null,
                      update
                          ? SourceInfo.stream(
                              "Flat",
                              "arn",
                              "shard-1",
                              Integer.toString(i),
                              "e",
                              Instant.now(),
                              false)
                          : SourceInfo.snapshot("Flat", 0, Instant.now())));
          byte[] key = keys.fromConnectData(topic, event.keySchema(), event.key());
          byte[] value = values.fromConnectData(topic, event.valueSchema(), event.value());
          producer.send(new ProducerRecord<>(topic, 0, key, value));
        }
      }
    }
    System.out.printf(
        "produced %d initial and %d update events (%s)%n",
        count, count, registry != null ? "Avro, ddbsync AvroConverter" : "JSON with schemas");
  }

  /**
   * {@code -Dpeer.format=avro}: the topics in Avro through the ddbsync converter and a real
   * Apicurio Registry, the worker reading them with the same converter (both sinks); JSON with
   * schemas otherwise.
   */
  static final boolean AVRO = "avro".equals(System.getProperty("peer.format", "json"));

  /**
   * {@code -Dpeer.delay.ms=0.5}: both sinks reach PostgreSQL through a {@link TcpProxy} that holds
   * each direction this many milliseconds (a round trip of twice as long), as a warehouse on
   * another host would; 0 (the default) connects them directly.
   */
  static final double DELAY_MS = Double.parseDouble(System.getProperty("peer.delay.ms", "0"));

  private static final String AVRO_CONVERTER = "io.ddbsync.avro.AvroConverter";

  private static ApicurioRegistry startRegistry() {
    if (System.getProperty("ddbsync.apicurio.registry") == null) {
      System.setProperty(
          "ddbsync.apicurio.registry",
          Paths.get("../e2e/target/apicurio-registry").toAbsolutePath().normalize().toString());
    }
    return ApicurioRegistry.start();
  }

  private static Converter avro(ApicurioRegistry registry, boolean isKey) {
    Converter converter = new io.ddbsync.avro.AvroConverter();
    converter.configure(
        Map.of(
            "apicurio.registry.url", registry.apiUrl(), "apicurio.registry.auto-register", "true"),
        isKey);
    return converter;
  }

  private static Map<String, String> workerSettings(String pluginPath, ApicurioRegistry registry) {
    Map<String, String> settings = new HashMap<>();
    settings.put("plugin.path", pluginPath);
    settings.put("group.id", "peer-bench");
    settings.put("config.storage.topic", "peer-bench-configs");
    settings.put("offset.storage.topic", "peer-bench-offsets");
    settings.put("status.storage.topic", "peer-bench-status");
    if (registry != null) {
      for (String side : List.of("key.converter", "value.converter")) {
        settings.put(side, AVRO_CONVERTER);
        settings.put(side + ".apicurio.registry.url", registry.apiUrl());
        settings.put(side + ".apicurio.registry.auto-register", "true");
      }
    }
    return settings;
  }

  /** The Orders shape without its list and maps: what a flat-table sink can load. */
  static Map<String, AttributeValue> flatOrder(int i, String status) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("OrderId", AttributeValue.fromS(RealisticItems.orderId(i)));
    item.put("CustomerId", AttributeValue.fromS("CUST-" + (i % 5000)));
    item.put("OrderDate", AttributeValue.fromS("2024-06-" + (10 + i % 20) + "T09:12:11Z"));
    item.put("Status", AttributeValue.fromS(status));
    item.put("Total", AttributeValue.fromN((i % 1000) + ".50"));
    item.put("Quantity", AttributeValue.fromN(Integer.toString(i % 17)));
    item.put("Currency", AttributeValue.fromS("EUR"));
    item.put("Note", AttributeValue.fromS("order number " + i + " for the benchmark"));
    return item;
  }

  /** Runs connectors in the worker and times them until the topic's last key is in the table. */
  private static final class Bench {
    private final ConnectRest rest;
    private final MotoServer moto;
    private final PostgresServer postgres;
    private final TcpProxy proxy;
    private final int records;
    private final Map<String, String> created = new HashMap<>();
    private final Map<Sink, String> databases = new HashMap<>();

    Bench(ConnectRest rest, MotoServer moto, PostgresServer postgres, TcpProxy proxy, int records) {
      this.rest = rest;
      this.moto = moto;
      this.postgres = postgres;
      this.proxy = proxy;
      this.records = records;
    }

    /** An initial load, untimed, leaving a database for the next update run of {@code sink}. */
    String preload(Sink sink, int run) throws Exception {
      load(sink, INITIAL, null, run);
      String db = databases.get(sink);
      if (sink == Sink.DDBSYNC) {
        // The updates come on another topic, which the sink takes for another source of a table
        // of the same name and refuses (TableCollision); clearing the table's comment is how its
        // message says to hand a table to a new topic.
        try (Connection connection = postgres.connect(db);
            Statement statement = connection.createStatement()) {
          statement.execute("COMMENT ON TABLE " + sink.table + " IS NULL");
        }
      }
      return db;
    }

    /**
     * Loads {@code topic} with a new connector of {@code sink} into {@code database} (a new one
     * when null) and returns the records; the time is the harness's.
     */
    long load(Sink sink, String topic, String database, int run) throws Exception {
      String db = database != null ? database : postgres.createDatabase();
      databases.put(sink, db);
      String name = sink.name().toLowerCase() + "-" + run;
      Map<String, String> config = sink == Sink.DDBSYNC ? ours(topic, db) : debezium(topic, db);
      rest.create(name, config).requireSuccess();
      created.put(name, db);
      String lastKey = RealisticItems.orderId(records - 1);
      String expectedStatus = topic.equals(UPDATES) ? "updated" : "new";
      long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
      try (Connection connection = postgres.connect(db)) {
        while (!loaded(connection, sink, lastKey, expectedStatus)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(name + " did not load the last record in time");
          }
          Thread.sleep(50);
        }
        long rows = count(connection, sink.table);
        if (rows != records) {
          throw new IllegalStateException(name + " loaded " + rows + " rows, not " + records);
        }
      }
      return records;
    }

    long deleteConnectors() throws Exception {
      for (String name : List.copyOf(created.keySet())) {
        rest.delete("/connectors/" + name);
        created.remove(name);
      }
      Thread.sleep(2_000);
      return 0;
    }

    /** Where the sinks connect: through the delay proxy when there is one. */
    private String sinkUrl(String db) {
      return proxy == null
          ? postgres.jdbcUrl(db)
          : "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db;
    }

    private Map<String, String> ours(String topic, String db) {
      Map<String, String> local = new HashMap<>();
      local.put("topics", topic);
      local.put("tasks.max", "1");
      local.put("dialect", "POSTGRES");
      local.put("connection.url", sinkUrl(db));
      local.put("s3.bucket", BUCKET);
      local.put("aws.endpoint.url", moto.endpoint().toString());
      local.put("flush.interval.ms", "1000");
      local.put("flush.max.records", "25000");
      Map<String, String> config =
          new HashMap<>(ConnectorConfigs.connector("redshift-sink.json").with(local).config());
      config.remove("topics.regex");
      config.remove("name");
      return config;
    }

    private Map<String, String> debezium(String topic, String db) {
      Map<String, String> config = new HashMap<>();
      config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
      config.put("tasks.max", "1");
      config.put("topics", topic);
      config.put("connection.url", sinkUrl(db));
      config.put("connection.username", PostgresServer.USER);
      config.put("connection.password", "");
      config.put("insert.mode", "upsert");
      config.put("primary.key.mode", "record_key");
      config.put("delete.enabled", "true");
      config.put("schema.evolution", "basic");
      config.put("collection.name.format", "flat_orders");
      config.put("quote.identifiers", "true");
      config.put("transforms", "after");
      config.put("transforms.after.type", "org.apache.kafka.connect.transforms.ExtractField$Value");
      config.put("transforms.after.field", "after");
      return config;
    }

    private static boolean loaded(
        Connection connection, Sink sink, String key, String expectedStatus) throws SQLException {
      String sql =
          "SELECT "
              + sink.statusColumn
              + " FROM "
              + sink.table
              + " WHERE "
              + sink.keyColumn
              + " = ?";
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, key);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() && expectedStatus.equals(rows.getString(1));
        }
      } catch (SQLException notYetCreated) {
        return false;
      }
    }

    private static long count(Connection connection, String table) throws SQLException {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
