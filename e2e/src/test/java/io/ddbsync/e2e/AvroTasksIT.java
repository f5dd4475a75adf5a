package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.testing.ApicurioRegistry;
import io.ddbsync.testing.ConnectRest;
import io.ddbsync.testing.ConnectorConfigs.ConnectorRequest;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Avro as users deploy it (issue 17): a real Apicurio Registry with a global FULL compatibility
 * rule, the converter from the archive the build produces ({@code ddbsync-avro-converter}, in
 * plugin.path) configured exactly as {@code config/avro-converter.properties} says, several source
 * tasks and several tables whose items bring new attributes and type conflicts all through the
 * snapshot (so tasks meet the same new schema version at the same moment) and the stream, a worker
 * restart in mid-stream, then more new shapes. No task may fail, and the warehouse must equal every
 * table exactly.
 *
 * <p>Before the fix, Apicurio's own {@code AvroConverter} failed a source task here with {@code
 * VersionAlreadyExistsException}: two tasks registered the same new version at once, the registry's
 * version numbering let the second insert collide, and the serializer only retries rate-limited
 * calls.
 */
class AvroTasksIT {
  private static final int ITEMS_PER_TABLE = 240;
  private static final int TABLES = 3;

  @ParameterizedTest(name = "tasks.max={0}")
  @ValueSource(ints = {2, 4})
  void severalSourceTasksWithEvolvingSchemasNeverFailAndTheWarehouseReconciles(int tasks)
      throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
    List<String> tables = new ArrayList<>();
    for (int t = 0; t < TABLES; t++) {
      tables.add("AvroEvolving" + t + "x" + suffix);
    }
    try (ApicurioRegistry registry = ApicurioRegistry.start()) {
      registry.putGlobalRule("COMPATIBILITY", "FULL");
      LocalPipeline.Options options =
          LocalPipeline.Options.named("avro-tasks-" + tasks + "-" + suffix)
              .worker(AvroSetup.workerSettings(registry.apiUrl()))
              .source(
                  Map.of(
                      "tasks.max", Integer.toString(tasks),
                      "snapshot.segments", Integer.toString(2 * tasks),
                      "snapshot.task.parallelism", "2"))
              .sink(Map.of("tasks.max", "2"));
      try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
        DynamoDbClient dynamo = moto.dynamoDb();
        Map<String, EvolvingItems> writers = new LinkedHashMap<>();
        for (int t = 0; t < TABLES; t++) {
          String table = tables.get(t);
          DynamoTables.create(dynamo, table, "OrderId", 0);
          EvolvingItems items = new EvolvingItems(dynamo, table, 17L * (t + 1) + tasks);
          items.load(ITEMS_PER_TABLE);
          writers.put(table, items);
        }
        List<ConnectorRequest> connectors = pipeline.connectorsFor(String.join(",", tables));
        ConnectorRequest source = connectors.get(0);
        ConnectorRequest sink = connectors.get(1);
        pipeline.createConnectors(String.join(",", tables));

        // The stream, with more new attributes, while the snapshot may still run.
        for (int round = 0; round < 3; round++) {
          for (EvolvingItems items : writers.values()) {
            items.changeSome(15);
          }
        }
        awaitAllReconciled(pipeline, tables);
        assertNoTaskFailed(pipeline.rest(), source.name(), tasks);
        assertNoTaskFailed(pipeline.rest(), sink.name(), 2);

        // A worker restart in mid-stream, then schemas change again.
        pipeline.replaceWorker(0);
        pipeline.awaitRunning(source.name(), Duration.ofSeconds(120));
        pipeline.awaitRunning(sink.name(), Duration.ofSeconds(120));
        for (EvolvingItems items : writers.values()) {
          items.changeSome(30);
        }
        awaitAllReconciled(pipeline, tables);
        assertNoTaskFailed(pipeline.rest(), source.name(), tasks);
        assertNoTaskFailed(pipeline.rest(), sink.name(), 2);

        for (String table : tables) {
          JsonNode versions =
              registry.get("/groups/default/artifacts/dynamodb." + table + "-value/versions");
          assertThat(versions.path("count").asInt())
              .as("value schema versions of %s under FULL: %s", table, versions)
              .isGreaterThanOrEqualTo(3);
        }
      }
    }
  }

  private static void awaitAllReconciled(LocalPipeline pipeline, List<String> tables)
      throws Exception {
    for (String table : tables) {
      WarehouseComparison.Report report =
          pipeline.awaitReconciled(table, Duration.ofMinutes(4), progress -> {});
      assertThat(report.isExact()).as("%s: %s", table, report).isTrue();
    }
  }

  /**
   * Every task RUNNING. A restarted source plans only the work left (once the snapshot is done, one
   * task per table stream), so it may run fewer than {@code maxTasks}.
   */
  private static void assertNoTaskFailed(ConnectRest rest, String connector, int maxTasks) {
    JsonNode status = rest.get("/connectors/" + connector + "/status").body();
    assertThat(status.path("connector").path("state").asText())
        .as("%s", status)
        .isEqualTo("RUNNING");
    assertThat(status.path("tasks")).as("%s", status).hasSizeBetween(1, maxTasks);
    for (JsonNode task : status.path("tasks")) {
      assertThat(task.path("state").asText()).as("%s", task).isEqualTo("RUNNING");
    }
  }

  /**
   * Orders whose shape keeps changing: every few items bring an attribute no item had before, some
   * of them with a type an earlier item gave the same attribute (a type conflict), spread over the
   * key space so that every scan segment meets new shapes at the same time.
   */
  static final class EvolvingItems {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Random random;
    private final List<String> keys = new ArrayList<>();
    private int nextAttribute;

    EvolvingItems(DynamoDbClient dynamo, String table, long seed) {
      this.dynamo = dynamo;
      this.table = table;
      this.random = new Random(seed);
    }

    void load(int count) {
      List<Map<String, AttributeValue>> items = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String key = String.format("ORD-%s-%05d", Integer.toHexString(random.nextInt()), i);
        keys.add(key);
        items.add(item(key, i));
      }
      DynamoTables.putAll(dynamo, table, items);
    }

    void changeSome(int count) {
      for (int i = 0; i < count; i++) {
        String key = keys.get(random.nextInt(keys.size()));
        Map<String, AttributeValue> item = item(key, random.nextInt(1000));
        item.put("Extra" + (nextAttribute++), AttributeValue.fromS("streamed"));
        dynamo.putItem(b -> b.tableName(table).item(item));
      }
    }

    private Map<String, AttributeValue> item(String key, int index) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("OrderId", AttributeValue.fromS(key));
      item.put("OrderDate", AttributeValue.fromS("2024-06-15T10:00:00Z"));
      item.put(
          "Items",
          AttributeValue.fromL(
              List.of(
                  AttributeValue.fromM(
                      Map.of(
                          "Sku", AttributeValue.fromS("A" + random.nextInt(99)),
                          "Q", AttributeValue.fromN(Integer.toString(1 + random.nextInt(9))))))));
      item.put("Total", AttributeValue.fromN(random.nextInt(10_000) + ".25"));
      if (index % 4 == 0) {
        // A new attribute every fourth item: dozens of schema versions during the snapshot.
        item.put("Attr" + index, AttributeValue.fromS("v" + index));
      }
      if (index % 7 == 0) {
        // The same attribute as a number here and as a string elsewhere.
        item.put("Level", AttributeValue.fromN(Integer.toString(index)));
      } else if (index % 7 == 3) {
        item.put("Level", AttributeValue.fromS("L" + index));
      }
      if (index % 5 == 0) {
        item.put(
            "Shipping",
            AttributeValue.fromM(
                Map.of(
                    "City",
                    AttributeValue.fromS("Lyon"),
                    "Floor" + index % 3,
                    AttributeValue.fromN("2"))));
      }
      return item;
    }
  }
}
