package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.testing.BuildPaths;
import io.ddbsync.testing.ConnectWorkerProcess;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Our topics read unchanged by the Debezium ecosystem (issue 26): in one stock Connect worker whose
 * plugin.path holds our archives and Debezium's JDBC sink connector archive (from Maven Central),
 *
 * <ul>
 *   <li>a source with {@code envelope.format=DEBEZIUM} feeds Debezium's JDBC sink with no transform
 *       (upserts, {@code delete.enabled=true}) and, on the same topic, the ddbsync sink;
 *   <li>a source with our default envelope (no keyless records) feeds Debezium's JDBC sink behind
 *       Debezium's {@code ExtractNewRecordState}.
 * </ul>
 *
 * A snapshot then inserts, updates and deletes in the stream; every one of the three tables must
 * end equal to the DynamoDB table, row for row and value for value.
 */
class DebeziumEcosystemIT {
  private static final String DEBEZIUM_SINK = "io.debezium.connector.jdbc.JdbcSinkConnector";

  @Test
  void debeziumsJdbcSinkAndExtractNewRecordStateReadOurTopicsIntoTablesEqualToDynamoDb()
      throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    String table = "DbzOrders" + Long.toHexString(System.nanoTime() & 0xffffff);
    String name = "dbz-" + table.toLowerCase();
    String pluginPath =
        ConnectWorkerProcess.pluginPath()
            + ","
            + System.getProperty("ddbsync.debezium.plugin.path");
    LocalPipeline.Options options =
        LocalPipeline.Options.named(name).stockWorkers().worker(Map.of("plugin.path", pluginPath));
    try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
      DynamoDbClient dynamo = moto.dynamoDb();
      DynamoTables.create(dynamo, table, "OrderId", 0);
      for (int i = 0; i < 30; i++) {
        put(dynamo, table, item(i, 1));
      }

      Map<String, Map<String, String>> connectors = new java.util.LinkedHashMap<>();
      connectors.put(
          name + "-dbz-source",
          pipeline
              .sourceConnector(table)
              .with(
                  Map.of(
                      "envelope.format",
                      example("source-debezium-envelope.json").get("envelope.format"),
                      "topic.prefix",
                      "dbz.",
                      "schema.history.topic",
                      name + "-dbz-history"))
              .config());
      connectors.put(
          name + "-plain-source",
          pipeline
              .sourceConnector(table)
              .with(
                  Map.of(
                      "topic.prefix", "plain.",
                      "schema.history.topic", name + "-plain-history",
                      // Debezium's JDBC sink takes a record without a key for a delete and stops.
                      "snapshot.completion.records", "false",
                      "heartbeat.records", "false"))
              .config());
      Map<String, String> debezium = debeziumSink(pipeline, "dbz." + table, "dbz_orders");
      connectors.put(name + "-debezium-sink", debezium);
      Map<String, String> unwrapped = debeziumSink(pipeline, "plain." + table, "unwrapped_orders");
      unwrapped.put("transforms", "unwrap");
      unwrapped.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
      unwrapped.put("transforms.unwrap.delete.tombstone.handling.mode", "tombstone");
      connectors.put(name + "-unwrapped-sink", unwrapped);
      connectors.put(
          name + "-ddbsync-sink",
          pipeline.sinkConnector().with(Map.of("topics.regex", "dbz\\..*")).config());
      for (Map.Entry<String, Map<String, String>> connector : connectors.entrySet()) {
        pipeline.rest().create(connector.getKey(), connector.getValue()).requireSuccess();
      }
      for (String connector : connectors.keySet()) {
        pipeline.awaitRunning(connector, Duration.ofSeconds(120));
      }

      List<Target> targets =
          List.of(
              new Target("Debezium's JDBC sink, Debezium envelope", "dbz_orders", true),
              new Target(
                  "Debezium's JDBC sink behind ExtractNewRecordState, our envelope",
                  "unwrapped_orders",
                  true),
              new Target(
                  "the ddbsync sink, Debezium envelope", Identifiers.snakeCase(table), false));
      awaitEqual(pipeline, dynamo, table, targets, "after the snapshot");

      // The stream: updates, inserts, deletes.
      for (int i = 0; i < 10; i++) {
        put(dynamo, table, item(i, 2));
      }
      for (int i = 30; i < 40; i++) {
        put(dynamo, table, item(i, 1));
      }
      for (int i = 20; i < 25; i++) {
        String id = id(i);
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("OrderId", AttributeValue.fromS(id))));
      }
      awaitEqual(pipeline, dynamo, table, targets, "after 10 updates, 10 inserts, 5 deletes");

      for (String connector : connectors.keySet()) {
        assertThat(pipeline.rest().get("/connectors/" + connector + "/status").text())
            .as(connector)
            .doesNotContain("FAILED");
      }
    }
  }

  /** A target table: who wrote it, its name, and whether its columns keep DynamoDB's names. */
  private record Target(String writer, String table, boolean attributeNames) {}

  /**
   * Debezium's JDBC sink as examples/debezium-jdbc-sink.json configures it (so that the example
   * cannot rot), pointed at this stack's PostgreSQL, {@code topic} and {@code targetTable}.
   */
  private static Map<String, String> debeziumSink(
      LocalPipeline pipeline, String topic, String targetTable) {
    Map<String, String> config = new HashMap<>(example("debezium-jdbc-sink.json"));
    assertThat(config.get("connector.class")).isEqualTo(DEBEZIUM_SINK);
    config.put("topics", topic);
    config.put("connection.url", pipeline.jdbcUrl());
    config.put("connection.username", PostgresServer.USER);
    config.put("connection.password", "");
    config.put("collection.name.format", targetTable);
    return config;
  }

  private static Map<String, String> example(String file) {
    return ConnectorConfigs.read(BuildPaths.repositoryRoot().resolve("examples").resolve(file))
        .config();
  }

  private static void put(DynamoDbClient dynamo, String table, Map<String, AttributeValue> item) {
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  private static String id(int i) {
    return String.format("o-%03d", i);
  }

  /**
   * Item i at version v: strings, integers, decimals, booleans, and an attribute not always set.
   */
  private static Map<String, AttributeValue> item(int i, int version) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("OrderId", AttributeValue.fromS(id(i)));
    item.put("Status", AttributeValue.fromS("v" + version));
    item.put("Amount", AttributeValue.fromN(Integer.toString(i * 10 + version)));
    item.put("Price", AttributeValue.fromN(i + "." + (25 + version)));
    item.put("Paid", AttributeValue.fromBool(i % 2 == 0));
    if (i % 3 == 0) {
      item.put("Note", AttributeValue.fromS("note " + i + "/" + version));
    }
    return item;
  }

  private static void awaitEqual(
      LocalPipeline pipeline,
      DynamoDbClient dynamo,
      String table,
      List<Target> targets,
      String when)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    for (Target target : targets) {
      String difference;
      while (true) {
        Map<String, List<Object>> expected = new TreeMap<>();
        for (Map<String, AttributeValue> item : DynamoTables.scanAll(dynamo, table)) {
          expected.put(item.get("OrderId").s(), values(item));
        }
        Map<String, List<Object>> actual;
        try (Connection connection = pipeline.connect()) {
          actual = rows(connection, target);
          difference = expected.equals(actual) ? null : describe(expected, actual);
        } catch (SQLException notYet) {
          difference = notYet.getMessage();
        }
        if (difference == null) {
          System.out.printf(
              "%s, %s: %d rows equal to DynamoDB's items%n",
              target.writer(), when, expected.size());
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(target.writer() + ", " + when + ": " + difference);
        }
        Thread.sleep(1000);
      }
    }
  }

  private static List<Object> values(Map<String, AttributeValue> item) {
    AttributeValue note = item.get("Note");
    return java.util.Arrays.asList(
        item.get("Status").s(),
        Long.parseLong(item.get("Amount").n()),
        new BigDecimal(item.get("Price").n()).stripTrailingZeros(),
        item.get("Paid").bool(),
        note == null ? null : note.s());
  }

  private static Map<String, List<Object>> rows(Connection connection, Target target)
      throws SQLException {
    List<String> columns =
        target.attributeNames()
            ? List.of("OrderId", "Status", "Amount", "Price", "Paid", "Note")
            : List.of("order_id", "status", "amount", "price", "paid", "note");
    String sql =
        "SELECT "
            + String.join(", ", columns.stream().map(c -> "\"" + c + "\"").toList())
            + " FROM public.\""
            + target.table()
            + "\"";
    Map<String, List<Object>> rows = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        BigDecimal price = result.getBigDecimal(4);
        rows.put(
            result.getString(1),
            java.util.Arrays.asList(
                result.getString(2),
                result.getLong(3),
                price == null ? null : price.stripTrailingZeros(),
                result.getBoolean(5),
                result.getString(6)));
      }
    }
    return rows;
  }

  private static String describe(
      Map<String, List<Object>> expected, Map<String, List<Object>> actual) {
    List<String> problems = new java.util.ArrayList<>();
    for (Map.Entry<String, List<Object>> row : expected.entrySet()) {
      List<Object> got = actual.get(row.getKey());
      if (got == null) {
        problems.add(row.getKey() + " missing");
      } else if (!got.equals(row.getValue())) {
        problems.add(row.getKey() + " is " + got + ", not " + row.getValue());
      }
    }
    for (String key : actual.keySet()) {
      if (!expected.containsKey(key)) {
        problems.add(key + " extra");
      }
    }
    return problems.size()
        + " differences, first: "
        + problems.subList(0, Math.min(5, problems.size()));
  }
}
