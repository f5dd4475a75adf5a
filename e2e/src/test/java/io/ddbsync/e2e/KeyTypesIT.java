package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.testing.ConnectorConfigs.ConnectorRequest;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Tables keyed by each of DynamoDB's key types, end to end: a string partition key with a numeric
 * sort key, a numeric partition key with a binary sort key, and a binary partition key, each
 * snapshotted and then streamed (updates, removals, new items) into the warehouse, where the rows
 * must equal the items. The packaged plugins run in a stock worker. One snapshot segment: moto
 * cannot scan a binary-keyed table in segments (KeyTypesScanTest covers several with a fake).
 */
class KeyTypesIT {
  private record KeyedTable(String name, ScalarAttributeType partition, ScalarAttributeType sort) {
    List<Map.Entry<String, ScalarAttributeType>> key() {
      return sort == null
          ? List.of(Map.entry("Id", partition))
          : List.of(Map.entry("Id", partition), Map.entry("Seq", sort));
    }
  }

  @Test
  void tablesKeyedByStringsNumbersAndBinariesArriveAndStayEqual() throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    DynamoDbClient dynamo = moto.dynamoDb();
    String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
    List<KeyedTable> tables =
        List.of(
            new KeyedTable("KeysS" + suffix, ScalarAttributeType.S, ScalarAttributeType.N),
            new KeyedTable("KeysN" + suffix, ScalarAttributeType.N, ScalarAttributeType.B),
            new KeyedTable("KeysB" + suffix, ScalarAttributeType.B, null));
    for (KeyedTable table : tables) {
      DynamoTables.create(dynamo, table.name(), table.key());
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        items.add(item(table, i, "snapshot-" + i));
      }
      DynamoTables.putAll(dynamo, table.name(), items);
    }

    LocalPipeline.Options options =
        LocalPipeline.Options.named("keys-" + suffix).source(Map.of("snapshot.segments", "1"));
    try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
      ConnectorRequest source =
          pipeline.sourceConnector(
              String.join(",", tables.stream().map(KeyedTable::name).toList()));
      ConnectorRequest sink = pipeline.sinkConnector();
      pipeline.rest().create(source.name(), source.config()).requireSuccess();
      pipeline.rest().create(sink.name(), sink.config()).requireSuccess();
      pipeline.awaitRunning(source.name(), Duration.ofSeconds(90));
      pipeline.awaitRunning(sink.name(), Duration.ofSeconds(90));
      for (KeyedTable table : tables) {
        awaitEqual(pipeline, table, Duration.ofMinutes(2));
      }

      // Streamed: updates, removals and new items of every key type.
      for (KeyedTable table : tables) {
        for (int i = 0; i < 3; i++) {
          Map<String, AttributeValue> changed = item(table, i, "updated-" + i);
          dynamo.putItem(b -> b.tableName(table.name()).item(changed));
        }
        for (int i = 3; i < 5; i++) {
          Map<String, AttributeValue> key = new java.util.HashMap<>(item(table, i, null));
          key.remove("Note");
          dynamo.deleteItem(b -> b.tableName(table.name()).key(key));
        }
        for (int i = 20; i < 23; i++) {
          Map<String, AttributeValue> added = item(table, i, "streamed-" + i);
          dynamo.putItem(b -> b.tableName(table.name()).item(added));
        }
      }
      for (KeyedTable table : tables) {
        awaitEqual(pipeline, table, Duration.ofMinutes(2));
      }
    }
  }

  private static Map<String, AttributeValue> item(KeyedTable table, int i, String note) {
    Map<String, AttributeValue> item = new java.util.HashMap<>();
    item.put("Id", value(table.partition(), i / (table.sort() == null ? 1 : 2)));
    if (table.sort() != null) {
      item.put("Seq", value(table.sort(), i % 2));
    }
    if (note != null) {
      item.put("Note", AttributeValue.fromS(note));
    }
    return item;
  }

  private static AttributeValue value(ScalarAttributeType type, int i) {
    return switch (type) {
      case S -> AttributeValue.fromS("id-" + i);
      case N -> AttributeValue.fromN(Integer.toString(i * 1000 - 3));
      case B ->
          AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xfe, (byte) i, 0, 7}));
      default -> throw new IllegalArgumentException(type.toString());
    };
  }

  private static void awaitEqual(LocalPipeline pipeline, KeyedTable table, Duration timeout)
      throws Exception {
    TreeSet<String> expected = new TreeSet<>();
    for (Map<String, AttributeValue> item :
        DynamoTables.scanAll(pipeline.moto().dynamoDb(), table.name())) {
      expected.add(
          text(item.get("Id"))
              + "/"
              + (table.sort() == null ? "" : text(item.get("Seq")))
              + "/"
              + item.get("Note").s());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    TreeSet<String> actual = new TreeSet<>();
    while (System.nanoTime() < deadline) {
      try {
        actual = rows(pipeline, table);
        if (actual.equals(expected)) {
          return;
        }
      } catch (SQLException notYetCreated) {
        // The sink creates the table with its first batch.
      }
      Thread.sleep(1000);
    }
    assertThat(actual).as(table.name()).isEqualTo(expected);
  }

  private static TreeSet<String> rows(LocalPipeline pipeline, KeyedTable table)
      throws SQLException {
    String name = Identifiers.snakeCase(table.name());
    String sql =
        "SELECT "
            + column("id", table.partition())
            + ", "
            + (table.sort() == null ? "''" : column("seq", table.sort()))
            + ", note FROM public."
            + name;
    TreeSet<String> rows = new TreeSet<>();
    try (Connection connection = pipeline.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1) + "/" + result.getString(2) + "/" + result.getString(3));
      }
    }
    return rows;
  }

  /** The column as the test's text of the attribute: binaries in hex, numbers as written. */
  private static String column(String name, ScalarAttributeType type) {
    return type == ScalarAttributeType.B ? "encode(" + name + ", 'hex')" : name + "::text";
  }

  private static String text(AttributeValue value) {
    if (value.b() != null) {
      return HexFormat.of().formatHex(value.b().asByteArray());
    }
    return value.s() != null ? value.s() : value.n();
  }
}
