package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.testing.ConnectRest;
import io.ddbsync.testing.ConnectWorkerProcess;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.KafkaBroker;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The packaged plugin archives in a stock Kafka Connect worker (a child JVM whose class path is
 * only Kafka's) on the newest runtime we build against and on an older one: both plugins load, the
 * shipped config JSON creates the connectors, validate() answers a bad value on its field, and an
 * item goes from a DynamoDB table to a PostgreSQL row.
 */
class PluginSmokeIT {
  private static final String SOURCE = "io.ddbsync.source.DynamoDbSourceConnector";
  private static final String SINK = "io.ddbsync.sink.RedshiftSinkConnector";
  private static KafkaBroker kafka;
  private static MotoServer moto;

  @BeforeAll
  static void stack() {
    moto = MotoServer.sharedOrSkip();
    kafka = KafkaBroker.start();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @ParameterizedTest(name = "Kafka Connect {0}")
  @ValueSource(strings = {"4.1", "3.9"})
  void packagedPluginsLoadValidateAndMoveAnItemEndToEnd(String kafkaVersion) throws Exception {
    String run =
        kafkaVersion.replace('.', '_') + "_" + UUID.randomUUID().toString().substring(0, 8);
    try (ConnectWorkerProcess worker =
        ConnectWorkerProcess.start(
            "smoke-" + run,
            kafkaVersion,
            kafka.bootstrapServers(),
            "connect-distributed.properties",
            Map.of(
                "group.id", "smoke-" + run,
                "config.storage.topic", "smoke-configs-" + run,
                "offset.storage.topic", "smoke-offsets-" + run,
                "status.storage.topic", "smoke-status-" + run,
                "offset.flush.interval.ms", "1000"))) {
      ConnectRest rest = worker.rest();

      JsonNode plugins = rest.get("/connector-plugins").requireSuccess().body();
      assertThat(plugins.findValuesAsText("class")).contains(SOURCE, SINK);
      assertThat(plugins.findValuesAsText("version")).contains("0.1.0-SNAPSHOT");

      // A bad value is reported on its field, not as a stack trace.
      Map<String, String> badSource = new HashMap<>(sourceConfig(run).config());
      badSource.put("snapshot.read.budget.percent", "500");
      assertFieldError(
          rest.validate(SOURCE, badSource),
          "snapshot.read.budget.percent",
          "Value must be no more than 100");
      String db = PostgresServer.shared().createDatabase();
      Map<String, String> badSink = new HashMap<>(sinkConfig(run, db).config());
      badSink.put("dialect", "ORACLE");
      assertFieldError(
          rest.validate(SINK, badSink), "dialect", "must be one of [REDSHIFT, POSTGRES]");
      assertIamLoginValidates(rest, run, db);

      String table = "Orders_" + run;
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 5);
      DynamoTables.putAll(
          moto.dynamoDb(),
          table,
          List.of(
              Map.of(
                  "OrderId",
                  AttributeValue.fromS("ORD-1"),
                  "Total",
                  AttributeValue.fromN("424.50"))));

      ConnectorConfigs.ConnectorRequest source = sourceConfig(run).with(Map.of("tables", table));
      rest.create(source.name(), source.config()).requireSuccess();
      ConnectorConfigs.ConnectorRequest sink =
          sinkConfig(run, db).with(Map.of("topics.regex", "smoke_" + run + "\\..*"));
      rest.create(sink.name(), sink.config()).requireSuccess();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> rest.isRunning(source.name(), 1) && rest.isRunning(sink.name(), 1));

      String target = table.toLowerCase();
      await()
          .atMost(Duration.ofSeconds(90))
          .ignoreExceptions()
          .until(() -> "424.500000000".equals(total(db, target)));
      moto.dynamoDb()
          .putItem(
              b ->
                  b.tableName(table)
                      .item(
                          Map.of(
                              "OrderId",
                              AttributeValue.fromS("ORD-1"),
                              "Total",
                              AttributeValue.fromN("500"))));
      await()
          .atMost(Duration.ofSeconds(90))
          .ignoreExceptions()
          .until(() -> "500.000000000".equals(total(db, target)));

      assertPluginThreadsLogWithTheirConnector(worker, source.name(), sink.name());
    }
  }

  /** The plugin's own threads: the source task's readers, the sink's loader and staging. */
  private static final java.util.regex.Pattern PLUGIN_THREAD =
      java.util.regex.Pattern.compile(
          "\\[(?<thread>(?:source-[^\\]]*-\\d+-(?:snapshot|stream|housekeeping)"
              + "|ddbsync-(?:loader|staging|source-watcher-[^\\]]*))-\\d+)\\] (?<rest>.*)");

  /**
   * Every line the plugin logs from a thread of its own names its connector and task, as Connect's
   * own threads' lines do (Log4j 1 on 3.9, Log4j 2 on 4.1): else an operator with several
   * connectors cannot tell whose a line is.
   */
  private static void assertPluginThreadsLogWithTheirConnector(
      ConnectWorkerProcess worker, String source, String sink) throws Exception {
    List<String> lines =
        java.nio.file.Files.readAllLines(
            worker.process().log(), java.nio.charset.StandardCharsets.UTF_8);
    Map<String, List<String>> byThread = new HashMap<>();
    for (String line : lines) {
      java.util.regex.Matcher matcher = PLUGIN_THREAD.matcher(line);
      if (matcher.find()) {
        byThread
            .computeIfAbsent(matcher.group("thread"), t -> new java.util.ArrayList<>())
            .add(matcher.group("rest"));
      }
    }
    assertThat(byThread.keySet())
        .as("plugin threads that logged")
        .anyMatch(thread -> thread.startsWith("source-"))
        .anyMatch(thread -> thread.startsWith("ddbsync-loader"));
    byThread.forEach(
        (thread, logged) -> {
          String context =
              thread.startsWith("ddbsync-source-watcher")
                  ? "[" + source + "|worker] "
                  : thread.startsWith("source-")
                      ? "[" + source + "|task-0] "
                      : "[" + sink + "|task-0] ";
          assertThat(logged).as("lines of thread " + thread).allMatch(l -> l.startsWith(context));
        });
  }

  private static ConnectorConfigs.ConnectorRequest sourceConfig(String run) {
    return ConnectorConfigs.connector("dynamodb-source.json")
        .named("source-" + run)
        .with(
            Map.of(
                "aws.endpoint.url",
                moto.endpoint().toString(),
                "topic.prefix",
                "smoke_" + run + ".",
                "schema.history.topic",
                "smoke-history-" + run,
                "schema.history.kafka.bootstrap.servers",
                kafka.bootstrapServers(),
                "stream.handoff.check.interval.ms",
                "500",
                "stream.poll.interval.ms",
                "200",
                "tasks.max",
                "1"));
  }

  private static ConnectorConfigs.ConnectorRequest sinkConfig(String run, String db) {
    if (moto.s3().listBuckets().buckets().stream()
        .noneMatch(b -> b.name().equals("ddbsync-smoke"))) {
      moto.s3().createBucket(b -> b.bucket("ddbsync-smoke"));
    }
    return ConnectorConfigs.connector("redshift-sink.json")
        .named("sink-" + run)
        .with(
            Map.of(
                "connection.url",
                PostgresServer.shared().jdbcUrl(db),
                "aws.endpoint.url",
                moto.endpoint().toString(),
                "s3.bucket",
                "ddbsync-smoke",
                "flush.interval.ms",
                "500",
                "errors.deadletterqueue.topic.name",
                "smoke-dlq-" + run,
                "tasks.max",
                "1"));
  }

  /**
   * An IAM URL validates in the stock worker: the packaged Redshift driver gets temporary
   * credentials with GetClusterCredentials (moto answers it) through the AWS SDK clients the
   * archive carries, and logs in to the Redshift stand-in over TLS.
   */
  private static void assertIamLoginValidates(ConnectRest rest, String run, String db)
      throws Exception {
    String cluster = "smoke-" + run.replace('_', '-');
    try (var redshift =
        software.amazon.awssdk.services.redshift.RedshiftClient.builder()
            .endpointOverride(moto.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "test", "test")))
            .build()) {
      redshift.createCluster(
          b ->
              b.clusterIdentifier(cluster)
                  .nodeType("ra3.xlplus")
                  .masterUsername("admin")
                  .masterUserPassword("Passw0rd-unused")
                  .dbName(db));
    }
    try (io.ddbsync.testing.redshift.RedshiftStandIn standIn =
        io.ddbsync.testing.redshift.RedshiftStandIn.start(PostgresServer.shared(), moto.s3())) {
      Map<String, String> iam = new HashMap<>(sinkConfig(run, db).config());
      iam.put("name", "iam-" + run);
      iam.put("dialect", "REDSHIFT");
      iam.put(
          "connection.url",
          "jdbc:redshift:iam://127.0.0.1:"
              + standIn.port()
              + "/"
              + db
              + "?ssl=true&sslfactory=com.amazon.redshift.ssl.NonValidatingFactory&ClusterID="
              + cluster
              + "&Region=us-east-1&EndpointUrl="
              + moto.endpoint());
      iam.put("connection.user", "ddbsync");
      iam.put("connection.password", "");
      iam.put("redshift.copy.iam.role", "arn:aws:iam::123456789012:role/redshift-copy");
      ConnectRest.Response response = rest.validate(SINK, iam);
      assertThat(response.status()).as(response.text()).isEqualTo(200);
      assertThat(response.body().path("error_count").asInt()).as(response.text()).isZero();
      assertThat(standIn.iamLogins()).anyMatch(user -> user.matches("IAM[A-Z]*:ddbsync"));
    }
  }

  private static void assertFieldError(
      ConnectRest.Response response, String field, String message) {
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    assertThat(response.body().path("error_count").asInt()).isPositive();
    JsonNode value = null;
    for (JsonNode config : response.body().path("configs")) {
      if (config.path("value").path("name").asText().equals(field)) {
        value = config.path("value");
      }
    }
    assertThat(value).as("validation result for %s", field).isNotNull();
    assertThat(value.path("errors").toString()).contains(message);
    assertThat(response.text()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static String total(String db, String table) throws Exception {
    try (Connection connection = PostgresServer.shared().connect(db);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT total FROM \"" + table + "\" WHERE order_id = 'ORD-1'")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }
}
