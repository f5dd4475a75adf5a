package io.ddbsync.e2e;

import io.ddbsync.testing.ConnectRest;
import io.ddbsync.testing.ConnectWorkerProcess;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.ConnectorConfigs.ConnectorRequest;
import io.ddbsync.testing.KafkaBroker;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole pipeline on the embedded stack: moto (DynamoDB, Streams, S3), an in-process Kafka
 * broker, PostgreSQL as the target, and stock Kafka Connect workers in child JVMs that load the
 * packaged plugin archives. Connectors are created from the JSON in config/, pointed at this stack.
 * Workers can be killed with {@code kill -9} and replaced. Every process it starts it stops by PID
 * in {@link #close()}.
 */
public final class LocalPipeline implements AutoCloseable {
  /**
   * Settings of one pipeline. {@code stockWorker}: the workers get only what a stock worker cannot
   * run without (group, storage topics, converters; no setting from config/), {@code
   * brokerOverrides} change the broker (for instance auto-creation off), {@code workerJvmArguments}
   * go to each worker's JVM.
   */
  public record Options(
      String name,
      int workers,
      String kafkaVersion,
      Map<String, String> workerOverrides,
      URI sourceAwsEndpoint,
      URI sinkAwsEndpoint,
      Map<String, String> sourceOverrides,
      Map<String, String> sinkOverrides,
      boolean stockWorker,
      Map<String, String> brokerOverrides,
      List<String> workerJvmArguments) {
    public static Options named(String name) {
      return new Options(
          name, 1, "4.1", Map.of(), null, null, Map.of(), Map.of(), false, Map.of(), List.of());
    }

    private Options with(java.util.function.Consumer<Builder> change) {
      Builder b = new Builder(this);
      change.accept(b);
      return b.build();
    }

    public Options workers(int count) {
      return with(b -> b.workers = count);
    }

    public Options worker(Map<String, String> overrides) {
      return with(b -> b.workerOverrides = overrides);
    }

    public Options awsEndpoints(URI source, URI sink) {
      return with(
          b -> {
            b.sourceAwsEndpoint = source;
            b.sinkAwsEndpoint = sink;
          });
    }

    public Options source(Map<String, String> overrides) {
      return with(b -> b.sourceOverrides = overrides);
    }

    public Options sink(Map<String, String> overrides) {
      return with(b -> b.sinkOverrides = overrides);
    }

    /** Workers with Kafka's defaults: nothing from config/connect-distributed.properties. */
    public Options stockWorkers() {
      return with(b -> b.stockWorker = true);
    }

    /** "4.1" or "3.9": which stock Kafka Connect runs the workers. */
    public Options kafkaVersion(String version) {
      return with(b -> b.kafkaVersion = version);
    }

    public Options broker(Map<String, String> overrides) {
      return with(b -> b.brokerOverrides = overrides);
    }

    public Options workerJvm(List<String> arguments) {
      return with(b -> b.workerJvmArguments = arguments);
    }

    private static final class Builder {
      String name;
      int workers;
      String kafkaVersion;
      Map<String, String> workerOverrides;
      URI sourceAwsEndpoint;
      URI sinkAwsEndpoint;
      Map<String, String> sourceOverrides;
      Map<String, String> sinkOverrides;
      boolean stockWorker;
      Map<String, String> brokerOverrides;
      List<String> workerJvmArguments;

      Builder(Options o) {
        name = o.name;
        workers = o.workers;
        kafkaVersion = o.kafkaVersion;
        workerOverrides = o.workerOverrides;
        sourceAwsEndpoint = o.sourceAwsEndpoint;
        sinkAwsEndpoint = o.sinkAwsEndpoint;
        sourceOverrides = o.sourceOverrides;
        sinkOverrides = o.sinkOverrides;
        stockWorker = o.stockWorker;
        brokerOverrides = o.brokerOverrides;
        workerJvmArguments = o.workerJvmArguments;
      }

      Options build() {
        return new Options(
            name,
            workers,
            kafkaVersion,
            workerOverrides,
            sourceAwsEndpoint,
            sinkAwsEndpoint,
            sourceOverrides,
            sinkOverrides,
            stockWorker,
            brokerOverrides,
            workerJvmArguments);
      }
    }
  }

  public static final String BUCKET = "ddbsync-staging";

  private final Options options;
  private final MotoServer moto;
  private final boolean ownsMoto;
  private final PostgresServer postgres;
  private final boolean ownsPostgres;
  private final KafkaBroker kafka;
  private final String database;
  private final List<ConnectWorkerProcess> workers = new ArrayList<>();
  // Worker settings for the workers started from now on (a plugin.path of other archives).
  private Map<String, String> nextWorkerOverrides = Map.of();
  private int workerGeneration;
  private boolean closed;

  private LocalPipeline(
      Options options,
      MotoServer moto,
      boolean ownsMoto,
      PostgresServer postgres,
      boolean ownsPostgres,
      KafkaBroker kafka) {
    this.options = options;
    this.moto = moto;
    this.ownsMoto = ownsMoto;
    this.postgres = postgres;
    this.ownsPostgres = ownsPostgres;
    this.kafka = kafka;
    this.database = postgres.createDatabase();
  }

  /** A pipeline on the JVM's shared moto and PostgreSQL (tests). */
  public static LocalPipeline startShared(Options options) {
    return start(options, MotoServer.sharedOrSkip(), false, PostgresServer.shared(), false);
  }

  /** A pipeline with its own moto and PostgreSQL, all stopped by {@link #close()} (the demo). */
  public static LocalPipeline startOwn(Options options) {
    MotoServer moto = MotoServer.start();
    PostgresServer postgres;
    try {
      postgres = PostgresServer.start();
    } catch (RuntimeException e) {
      moto.stop();
      throw e;
    }
    return start(options, moto, true, postgres, true);
  }

  private static LocalPipeline start(
      Options options,
      MotoServer moto,
      boolean ownsMoto,
      PostgresServer postgres,
      boolean ownsPostgres) {
    KafkaBroker kafka = KafkaBroker.start(options.brokerOverrides());
    LocalPipeline pipeline =
        new LocalPipeline(options, moto, ownsMoto, postgres, ownsPostgres, kafka);
    try {
      if (moto.s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
        moto.s3().createBucket(b -> b.bucket(BUCKET));
      }
      for (int i = 0; i < options.workers(); i++) {
        pipeline.workers.add(pipeline.newWorker());
      }
      return pipeline;
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  private ConnectWorkerProcess newWorker() {
    String group = options.name();
    Map<String, String> overrides = new HashMap<>();
    overrides.put("group.id", group);
    overrides.put("config.storage.topic", group + "-configs");
    overrides.put("offset.storage.topic", group + "-offsets");
    overrides.put("status.storage.topic", group + "-status");
    if (options.stockWorker()) {
      // What Kafka's own config/connect-distributed.properties sets, on a one-broker cluster.
      overrides.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
      overrides.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
      overrides.put("config.storage.replication.factor", "1");
      overrides.put("offset.storage.replication.factor", "1");
      overrides.put("status.storage.replication.factor", "1");
      overrides.putAll(options.workerOverrides());
      overrides.putAll(nextWorkerOverrides);
      return ConnectWorkerProcess.startStock(
          group + "-w" + (++workerGeneration),
          options.kafkaVersion(),
          kafka.bootstrapServers(),
          overrides,
          options.workerJvmArguments());
    }
    overrides.put("offset.flush.interval.ms", "1000");
    // A killed worker's tasks move to the others soon after its session times out.
    overrides.put("scheduled.rebalance.max.delay.ms", "3000");
    overrides.put("session.timeout.ms", "6000");
    overrides.put("heartbeat.interval.ms", "1500");
    overrides.putAll(options.workerOverrides());
    overrides.putAll(nextWorkerOverrides);
    return ConnectWorkerProcess.start(
        group + "-w" + (++workerGeneration),
        options.kafkaVersion(),
        kafka.bootstrapServers(),
        "connect-distributed.properties",
        overrides);
  }

  public MotoServer moto() {
    return moto;
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public String database() {
    return database;
  }

  public Connection connect() throws SQLException {
    return postgres.connect(database);
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl(database);
  }

  public List<ConnectWorkerProcess> workers() {
    return workers;
  }

  /** The REST API of a live worker. */
  public ConnectRest rest() {
    for (ConnectWorkerProcess worker : workers) {
      if (worker.process().isAlive()) {
        return worker.rest();
      }
    }
    throw new IllegalStateException("No live worker");
  }

  /** The source connector from config/dynamodb-source.json, pointed at this stack. */
  public ConnectorRequest sourceConnector(String tables) {
    Map<String, String> local = new HashMap<>();
    local.put("tables", tables);
    local.put("aws.endpoint.url", endpoint(options.sourceAwsEndpoint()));
    local.put("schema.history.kafka.bootstrap.servers", kafka.bootstrapServers());
    local.put("schema.history.topic", options.name() + "-schema-history");
    local.put("topic.prefix", "dynamodb.");
    local.put("stream.poll.interval.ms", "250");
    local.put("stream.handoff.check.interval.ms", "500");
    local.putAll(options.sourceOverrides());
    return ConnectorConfigs.connector("dynamodb-source.json")
        .named(options.name() + "-source")
        .with(local);
  }

  /** The sink connector from config/redshift-sink.json (postgres dialect), on this stack. */
  public ConnectorRequest sinkConnector() {
    Map<String, String> local = new HashMap<>();
    local.put("connection.url", jdbcUrl());
    local.put("aws.endpoint.url", endpoint(options.sinkAwsEndpoint()));
    local.put("s3.bucket", BUCKET);
    local.put("flush.interval.ms", "1000");
    local.put("errors.deadletterqueue.topic.name", options.name() + "-dlq");
    local.putAll(options.sinkOverrides());
    return ConnectorConfigs.connector("redshift-sink.json")
        .named(options.name() + "-sink")
        .with(local);
  }

  private String endpoint(URI override) {
    return (override != null ? override : moto.endpoint()).toString();
  }

  /**
   * Both connectors for {@code tables} (comma-separated): the shipped settings name the demo's
   * table, so the sink gets the same timestamp column and column override for each of these.
   */
  public List<ConnectorRequest> connectorsFor(String tables) {
    List<String> names = List.of(tables.split(","));
    ConnectorRequest source = sourceConnector(tables);
    ConnectorRequest sink =
        sinkConnector()
            .with(
                Map.of(
                    "timestamp.columns",
                    String.join(",", names.stream().map(t -> t + ".OrderDate").toList()),
                    "column.name.overrides",
                    String.join(",", names.stream().map(t -> t + ".Items.Q=quantity").toList())));
    return List.of(source, sink);
  }

  /** Creates both connectors and waits until they and their tasks run. */
  public void createConnectors(String tables) {
    List<ConnectorRequest> connectors = connectorsFor(tables);
    for (ConnectorRequest connector : connectors) {
      rest().create(connector.name(), connector.config()).requireSuccess();
    }
    for (ConnectorRequest connector : connectors) {
      awaitRunning(connector.name(), Duration.ofSeconds(90));
    }
  }

  public void awaitRunning(String connector, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (rest().isRunning(connector, 1)) {
          return;
        }
      } catch (RuntimeException workerBusy) {
        // A worker that is rebalancing or starting answers with errors for a while.
      }
      sleep(250);
    }
    throw new IllegalStateException(
        connector
            + " did not run within "
            + timeout
            + ": "
            + rest().get("/connectors/" + connector + "/status").text());
  }

  /** kill -9 of worker {@code index}: no graceful shutdown, no offset flush. */
  public void killWorker(int index) {
    workers.get(index).kill();
  }

  /**
   * Replaces worker {@code index} (killed or not) by a fresh one in the same group, with {@code
   * overrides} on top of the pipeline's worker settings (for this and later workers): an upgrade is
   * a worker restarted with another plugin.path.
   */
  public void replaceWorker(int index, Map<String, String> overrides) {
    nextWorkerOverrides = Map.copyOf(overrides);
    replaceWorker(index);
  }

  /** Replaces worker {@code index} (killed or not) by a fresh one in the same group. */
  public void replaceWorker(int index) {
    ConnectWorkerProcess old = workers.get(index);
    old.close();
    workers.set(index, newWorker());
  }

  /** Compares the DynamoDB table with the target tables of the shipped sink configuration. */
  public WarehouseComparison.Report compareOrders(String dynamoTable) throws SQLException {
    var items = io.ddbsync.testing.DynamoTables.scanAll(moto.dynamoDb(), dynamoTable);
    String parent = io.ddbsync.sink.model.Identifiers.snakeCase(dynamoTable);
    WarehouseComparison.Spec spec =
        new WarehouseComparison.Spec(
            "public",
            parent,
            "OrderId",
            Map.of("Items", io.ddbsync.sink.model.Identifiers.singular(parent) + "_items"),
            Set.of("OrderDate"),
            Map.of("Items.Q", "quantity"));
    try (Connection connection = connect()) {
      return WarehouseComparison.compare(items, connection, spec);
    }
  }

  /**
   * Compares until the warehouse equals the table or {@code timeout} passes; returns the last
   * comparison. {@code progress} hears about each comparison that is not exact yet.
   */
  public WarehouseComparison.Report awaitReconciled(
      String dynamoTable, Duration timeout, java.util.function.Consumer<String> progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    WarehouseComparison.Report last = null;
    String problem = "the sink has not created the tables yet";
    while (true) {
      try {
        last = compareOrders(dynamoTable);
        if (last.isExact()) {
          return last;
        }
        problem = last.toString();
      } catch (SQLException notYetCreated) {
        problem = notYetCreated.getMessage();
      }
      if (System.nanoTime() > deadline) {
        if (last == null) {
          throw new IllegalStateException("No warehouse tables after " + timeout + ": " + problem);
        }
        return last;
      }
      progress.accept(problem);
      Thread.sleep(2000);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ConnectWorkerProcess worker : workers) {
      worker.close();
    }
    workers.clear();
    kafka.close();
    if (ownsPostgres) {
      postgres.stop();
    }
    if (ownsMoto) {
      moto.stop();
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
