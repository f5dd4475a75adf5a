package io.ddbsync.source.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbsync.source.DynamoDbSourceConnector;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.EmbeddedConnect;
import io.ddbsync.testing.FaultProxy;
import io.ddbsync.testing.LogCapture;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.Reconciliation;
import io.ddbsync.testing.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The source connector on moto and an in-process Connect cluster with exactly-once source support
 * enabled. The assertion is the user's: replaying the topic per key leaves exactly the table's
 * items.
 */
class DynamoDbSourceIT {
  private static final List<String> KEY = List.of("pk");
  private static MotoServer moto;
  private static EmbeddedConnectCluster connect;
  private static DynamoDbClient dynamo;
  private static final AtomicInteger TABLES = new AtomicInteger();

  private String connector;

  @BeforeAll
  static void startStack() {
    moto = MotoServer.sharedOrSkip();
    connect =
        EmbeddedConnect.start("source-it", 1, Map.of("exactly.once.source.support", "enabled"));
    dynamo = moto.dynamoDb();
  }

  @AfterAll
  static void stopStack() {
    if (connect != null) {
      connect.stop();
    }
  }

  @AfterEach
  void deleteConnector() {
    if (connector != null) {
      connect.deleteConnector(connector);
    }
  }

  @Test
  void snapshotWithWritesDuringItThenStreamingLeavesTheTopicEqualToTheTable() throws Exception {
    String table = newTable(1500);
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = startWriter(table, 1500, writing, 11);

    // A slow scan (2 RCU/s per segment, 25-item pages) so that the writes overlap it.
    start(
        table,
        Map.of(
            "snapshot.read.budget.rcu", "8", "snapshot.segments", "4", "snapshot.page.size", "25"));
    Thread.sleep(6_000);
    writing.set(false);
    writer.join();
    writeSome(table, 100, 12);

    List<TopicReader.Decoded> records = awaitExactTopic(table);
    List<String> ops =
        records.stream().map(r -> ((Struct) r.value().value()).getString("op")).toList();
    assertThat(ops).contains("READ", "INSERT", "MODIFY", "REMOVE");
    // The handoff: every snapshot record of the table comes before every stream record.
    assertThat(ops.lastIndexOf("READ")).isLessThan(firstStreamRecord(ops));
  }

  @Test
  void workerRestartsMidSnapshotAndMidStreamLoseNothingAndResumeWhereTheyStopped()
      throws Exception {
    String table = newTable(2000);
    start(
        table,
        Map.of(
            "snapshot.read.budget.rcu", "8", "snapshot.segments", "4", "snapshot.page.size", "25"));
    await().atMost(Duration.ofSeconds(60)).until(() -> topic(table).size() >= 300);
    restartWorker();
    writeSome(table, 200, 21);

    await().atMost(Duration.ofSeconds(120)).until(() -> streamRecords(table) > 0);
    restartWorker();
    writeSome(table, 200, 22);

    List<TopicReader.Decoded> records = awaitExactTopic(table);
    long snapshotRecords =
        records.stream()
            .filter(r -> ((Struct) r.value().value()).getString("op").equals("READ"))
            .count();
    // Resumed at the page where it stopped: a few pages re-read, not the table.
    assertThat(snapshotRecords).isLessThan(2000 + 400);
  }

  @Test
  void anExportedSnapshotWithWritesDuringItLeavesTheTopicEqualToTheTableWithoutScanning()
      throws Exception {
    String table = newTable(1500);
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = startWriter(table, 1500, writing, 51);
    try (FaultProxy proxy = new FaultProxy(moto.endpoint(), 51)) {
      start(table, exportSettings(table, proxy, Map.of()));
      Thread.sleep(4_000);
      writing.set(false);
      writer.join();
      writeSome(table, 100, 52);

      List<TopicReader.Decoded> records = awaitExactTopic(table);
      List<String> ops =
          records.stream().map(r -> ((Struct) r.value().value()).getString("op")).toList();
      assertThat(ops).contains("READ");
      assertThat(ops.lastIndexOf("READ")).isLessThan(firstStreamRecord(ops));
      assertThat(proxy.forwarded("DynamoDB_20120810.ExportTableToPointInTime")).isEqualTo(1);
      assertThat(proxy.forwarded("DynamoDB_20120810.Scan")).as("Scan calls").isZero();
    }
  }

  @Test
  void anExportedSnapshotSurvivesWorkerRestartsWhileItsFilesAreRead() throws Exception {
    String table = newTable(3000);
    try (FaultProxy proxy = new FaultProxy(moto.endpoint(), 61)) {
      start(table, exportSettings(table, proxy, Map.of()));
      await().atMost(Duration.ofSeconds(90)).until(() -> topic(table).size() >= 200);
      restartWorker();
      writeSome(table, 200, 62);
      List<TopicReader.Decoded> records = awaitExactTopic(table);
      assertThat(proxy.forwarded("DynamoDB_20120810.ExportTableToPointInTime"))
          .as("exports requested across the restart")
          .isEqualTo(1);
      long reads =
          records.stream()
              .filter(r -> ((Struct) r.value().value()).getString("op").equals("READ"))
              .count();
      assertThat(reads).isGreaterThanOrEqualTo(3000);
    }
  }

  /** Point-in-time recovery on (exports read from it; moto refuses them without), and a bucket. */
  private Map<String, String> exportSettings(
      String table, FaultProxy proxy, Map<String, String> more) {
    dynamo.updateContinuousBackups(
        b ->
            b.tableName(table)
                .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    String bucket = "ddbsync-exports-it";
    if (moto.s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
      moto.s3().createBucket(b -> b.bucket(bucket));
    }
    Map<String, String> settings = new HashMap<>();
    settings.put("aws.endpoint.url", proxy.endpoint().toString());
    settings.put("snapshot.method", "EXPORT");
    settings.put("snapshot.export.s3.bucket", bucket);
    settings.put("snapshot.export.poll.interval.ms", "1000");
    settings.putAll(more);
    return settings;
  }

  @Test
  void throttlingAndServerErrorsFromTheProxySlowTheRunButDoNotBreakIt() throws Exception {
    String table = newTable(600);
    try (FaultProxy proxy = new FaultProxy(moto.endpoint(), 42)) {
      proxy
          .inject(
              FaultProxy.operation("DynamoDB_20120810.Scan"),
              FaultProxy.Fault.PROVISIONED_THROUGHPUT_EXCEEDED,
              0.3)
          .inject(
              FaultProxy.operation("DynamoDB_20120810.Scan"), FaultProxy.Fault.INTERNAL_ERROR, 0.05)
          .inject(
              FaultProxy.operation("DynamoDBStreams_20120810.GetRecords"),
              FaultProxy.Fault.THROTTLING,
              0.2)
          .inject(
              FaultProxy.operation("DynamoDBStreams_20120810.GetRecords"),
              FaultProxy.Fault.DROP_CONNECTION,
              0.05);
      start(
          table,
          Map.of(
              "aws.endpoint.url", proxy.endpoint().toString(),
              "aws.max.attempts", "2",
              "snapshot.segments", "4",
              "snapshot.page.size", "50"));
      await().atMost(Duration.ofSeconds(60)).until(() -> streamingStarted(table));
      writeSome(table, 150, 31);
      awaitExactTopic(table);
      assertThat(proxy.injected("DynamoDB_20120810.Scan")).isPositive();
      assertThat(proxy.injected("DynamoDBStreams_20120810.GetRecords")).isPositive();
    }
  }

  @Test
  void snapshotOnlyIsAOneOffMigrationWithoutStreamRecords() throws Exception {
    String table = newTable(300);
    start(table, Map.of("mode", "SNAPSHOT_ONLY", "snapshot.segments", "3"));
    List<TopicReader.Decoded> records = awaitExactTopic(table);
    writeSome(table, 20, 41);
    Thread.sleep(3_000);
    assertThat(topic(table)).hasSize(records.size());
  }

  @Test
  void tablesCreatedLaterArePickedUpAndProgressIsPublishedAsMetrics() throws Exception {
    String prefix = "Discovered" + TABLES.incrementAndGet() + "-";
    String first = prefix + "a";
    DynamoTables.create(dynamo, first, "pk", 0);
    connector = "source-discovery";
    Map<String, String> config = new HashMap<>(config(first, connector, Map.of()));
    config.remove("tables");
    config.put("tables.include.regex", java.util.regex.Pattern.quote(prefix) + ".*");
    config.put("tables.discovery.interval.ms", "2000");
    connect.configureConnector(connector, config);
    connect
        .assertions()
        .assertConnectorAndAtLeastNumTasksAreRunning(connector, 1, "connector did not start");

    String second = prefix + "b";
    DynamoTables.create(dynamo, second, "pk", 0);
    DynamoTables.putAll(
        dynamo,
        second,
        List.of(item("late-1", 0, new Random(1)), item("late-2", 0, new Random(2))));
    awaitExactTopic(second);

    assertThat(metricValues("snapshot-items-total"))
        .isNotEmpty()
        .anyMatch(v -> v.doubleValue() >= 2);
    assertThat(metricValues("stream-lag-ms")).isNotEmpty();
  }

  @Test
  void theAwsSecretsNeverReachALogNorAValidationMessage() throws Exception {
    String secret = "aws-secret-c2VjcmV0aXZl77";
    String token = "aws-token-dG9rZW5pemVk99";
    Map<String, String> credentials =
        Map.of(
            "aws.access.key.id", "AKIATESTKEYID0000002",
            "aws.secret.access.key", secret,
            "aws.session.token", token);
    String table = newTable(40);
    List<String> validationErrors = new ArrayList<>();
    List<String> logged;
    try (LogCapture logs = LogCapture.start("io.ddbsync")) {
      Map<String, String> missingTable =
          new HashMap<>(config("NoSuchTable", "validate-" + TABLES.incrementAndGet(), credentials));
      missingTable.put("name", "validate-secrets");
      connect
          .validateConnectorConfig(DynamoDbSourceConnector.class.getName(), missingTable)
          .values()
          .forEach(value -> validationErrors.addAll(value.configValue().errors()));
      start(table, credentials);
      awaitExactTopic(table);
      logged = logs.events();
    }

    assertThat(validationErrors).as("validate() answered").anyMatch(e -> e.contains("NoSuchTable"));
    assertThat(logged)
        .as("the capture saw the task at work")
        .anyMatch(line -> line.contains(table));
    assertThat(String.join("\n", logged) + String.join("\n", validationErrors))
        .doesNotContain(secret)
        .doesNotContain(token);
  }

  @Test
  void validateReportsAMissingTableOnTheTablesField() {
    Map<String, String> config =
        new HashMap<>(config("NoSuchTable", "validate-" + TABLES.incrementAndGet(), Map.of()));
    config.put("name", "validate-me");
    ConfigInfos result =
        connect.validateConnectorConfig(DynamoDbSourceConnector.class.getName(), config);

    assertThat(result.errorCount())
        .as(
            "errors: %s",
            result.values().stream()
                .filter(v -> !v.configValue().errors().isEmpty())
                .map(v -> v.configValue().name() + "=" + v.configValue().errors())
                .toList())
        .isEqualTo(1);
    ConfigInfo tables =
        result.values().stream()
            .filter(v -> v.configValue().name().equals("tables"))
            .findFirst()
            .orElseThrow();
    assertThat(tables.configValue().errors())
        .singleElement()
        .asString()
        .contains("NoSuchTable does not exist");
  }

  @Test
  void validateReportsAnExportBucketThatDoesNotExistAndATableWithoutRecoveryOnTheirSettings() {
    String table = newTable(1);
    Map<String, String> config =
        new HashMap<>(config(table, "validate-" + TABLES.incrementAndGet(), Map.of()));
    config.put("name", "validate-exports");
    config.put("snapshot.method", "EXPORT");
    config.put("snapshot.export.s3.bucket", "no-such-export-bucket");

    ConfigInfos result =
        connect.validateConnectorConfig(DynamoDbSourceConnector.class.getName(), config);

    Map<String, List<String>> errors = new HashMap<>();
    result.values().stream()
        .filter(v -> !v.configValue().errors().isEmpty())
        .forEach(v -> errors.put(v.configValue().name(), v.configValue().errors()));
    assertThat(errors).containsOnlyKeys("snapshot.export.s3.bucket", "snapshot.method");
    assertThat(errors.get("snapshot.export.s3.bucket"))
        .singleElement()
        .asString()
        .contains("no-such-export-bucket does not exist");
    assertThat(errors.get("snapshot.method"))
        .singleElement()
        .asString()
        .contains("point-in-time recovery off")
        .contains("--table-name " + table);
  }

  @Test
  void validateRefusesCompletionRecordsWhenATableTopicExistsCompacted() throws Exception {
    String table = "Compacted" + TABLES.incrementAndGet();
    DynamoTables.create(dynamo, table, "pk", 0);
    connect.kafka().createTopic("dynamodb." + table, 3, 1, Map.of("cleanup.policy", "compact"));
    Map<String, String> config = new HashMap<>(config(table, "validate-compacted", Map.of()));
    config.put("name", "validate-compacted");

    ConfigInfos result =
        connect.validateConnectorConfig(DynamoDbSourceConnector.class.getName(), config);

    ConfigInfo completion =
        result.values().stream()
            .filter(v -> v.configValue().name().equals("snapshot.completion.records"))
            .findFirst()
            .orElseThrow();
    assertThat(completion.configValue().errors())
        .singleElement()
        .asString()
        .contains("dynamodb." + table)
        .contains("cleanup.policy=compact");

    config.put("snapshot.completion.records", "false");
    ConfigInfos accepted =
        connect.validateConnectorConfig(DynamoDbSourceConnector.class.getName(), config);
    assertThat(
            accepted.values().stream()
                .filter(v -> !v.configValue().errors().isEmpty())
                .map(v -> v.configValue().name() + "=" + v.configValue().errors())
                .toList())
        .isEmpty();
  }

  /** Values of a task metric from JMX, wherever the runtime registered it. */
  private static List<Number> metricValues(String attribute) throws Exception {
    javax.management.MBeanServer server =
        java.lang.management.ManagementFactory.getPlatformMBeanServer();
    List<Number> values = new ArrayList<>();
    for (javax.management.ObjectName name : server.queryNames(null, null)) {
      for (javax.management.MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
        if (info.getName().equals(attribute)) {
          values.add((Number) server.getAttribute(name, attribute));
        }
      }
    }
    return values;
  }

  private String newTable(int items) {
    String table = "Orders-" + TABLES.incrementAndGet();
    DynamoTables.create(dynamo, table, "pk", 0);
    List<Map<String, AttributeValue>> batch = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      batch.add(item("item-" + i, 0, new Random(i)));
    }
    DynamoTables.putAll(dynamo, table, batch);
    return table;
  }

  private static Map<String, AttributeValue> item(String key, int version, Random random) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", AttributeValue.fromS(key));
    item.put("version", AttributeValue.fromN(Integer.toString(version)));
    item.put("total", AttributeValue.fromN(random.nextInt(100_000) / 100.0 + ""));
    item.put("status", AttributeValue.fromS(random.nextBoolean() ? "NEW" : "PAID"));
    item.put(
        "address",
        AttributeValue.fromM(Map.of("city", AttributeValue.fromS("City " + random.nextInt(50)))));
    if (random.nextInt(10) == 0) {
      // Type conflicts: the same attribute as a string now and then.
      item.put("total", AttributeValue.fromS("n/a"));
    }
    return item;
  }

  /** Updates, deletes and inserts until told to stop. */
  private Thread startWriter(String table, int existing, AtomicBoolean writing, long seed) {
    Thread writer =
        new Thread(
            () -> {
              Random random = new Random(seed);
              int version = 1;
              while (writing.get()) {
                applyRandomChange(table, existing, random, version++);
              }
            },
            "writer-" + table);
    writer.start();
    return writer;
  }

  private void writeSome(String table, int changes, long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < changes; i++) {
      applyRandomChange(table, 2000, random, 1000 + i);
    }
  }

  private void applyRandomChange(String table, int existing, Random random, int version) {
    int choice = random.nextInt(10);
    if (choice < 6) {
      dynamo.putItem(
          b -> b.tableName(table).item(item("item-" + random.nextInt(existing), version, random)));
    } else if (choice < 8) {
      dynamo.deleteItem(
          b ->
              b.tableName(table)
                  .key(Map.of("pk", AttributeValue.fromS("item-" + random.nextInt(existing)))));
    } else {
      dynamo.putItem(
          b -> b.tableName(table).item(item("new-" + random.nextInt(1_000_000), version, random)));
    }
  }

  private void start(String table, Map<String, String> overrides) throws InterruptedException {
    connector = "source-" + table.toLowerCase();
    connect.configureConnector(connector, config(table, connector, overrides));
    connect
        .assertions()
        .assertConnectorAndAtLeastNumTasksAreRunning(connector, 1, "connector did not start");
  }

  private Map<String, String> config(String table, String name, Map<String, String> overrides) {
    Map<String, String> local = new HashMap<>();
    local.put("tables", table);
    local.put("aws.endpoint.url", moto.endpoint().toString());
    local.put("schema.history.kafka.bootstrap.servers", connect.kafka().bootstrapServers());
    local.put("exactly.once.support", "required");
    local.put("stream.poll.interval.ms", "200");
    local.put("stream.handoff.check.interval.ms", "500");
    local.put("tasks.max", "2");
    local.putAll(overrides);
    return ConnectorConfigs.connector("dynamodb-source.json").with(local).named(name).config();
  }

  private void restartWorker() throws InterruptedException {
    connect.removeWorker();
    connect.addWorker();
    connect
        .assertions()
        .assertConnectorAndAtLeastNumTasksAreRunning(connector, 1, "connector did not come back");
  }

  /**
   * The table's change events as a consumer reads them: records without a value (the source's
   * heartbeats; tombstones are off here) are not events and are left out.
   */
  private List<TopicReader.Decoded> topic(String table) {
    return TopicReader.readAll(
            connect.kafka().bootstrapServers(),
            "dynamodb." + table,
            TopicReader.jsonConverter(true),
            TopicReader.jsonConverter(false),
            "read_committed")
        .stream()
        .filter(r -> r.value().value() != null)
        .toList();
  }

  private long streamRecords(String table) {
    return topic(table).stream()
        .filter(r -> !((Struct) r.value().value()).getString("op").equals("READ"))
        .count();
  }

  private boolean streamingStarted(String table) {
    try {
      writeSome(table, 1, System.nanoTime());
    } catch (RuntimeException ignored) {
      return false;
    }
    return streamRecords(table) > 0;
  }

  /** Waits until the topic replays to exactly the table, and returns the topic. */
  private List<TopicReader.Decoded> awaitExactTopic(String table) {
    List<List<TopicReader.Decoded>> last = new ArrayList<>(List.of(List.of()));
    Reconciliation.Report[] report = new Reconciliation.Report[1];
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                List<TopicReader.Decoded> records = topic(table);
                last.set(0, records);
                report[0] =
                    Reconciliation.compare(
                        DynamoTables.scanAll(dynamo, table),
                        Reconciliation.replay(records, KEY),
                        KEY);
                return report[0].isExact();
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("The topic never matched the table: " + report[0], e);
    }
    return last.get(0);
  }

  private static int firstStreamRecord(List<String> ops) {
    for (int i = 0; i < ops.size(); i++) {
      if (!ops.get(i).equals("READ")) {
        return i;
      }
    }
    return ops.size();
  }
}
