package io.ddbsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.connect.ConnectClient;
import io.ddbsync.cli.connect.SourceOffsets;
import io.ddbsync.cli.connect.SourceOffsets.TableState;
import io.ddbsync.source.DynamoDbSourceConfig;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.offsets.TableMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ddbsync status}: per table, the phase, snapshot progress and ETA, stream and sink lag. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows per table where the pipeline stands: the snapshot's progress and ETA, or how far"
          + " behind the stream is read; and how many records the sink has still to load. Reads"
          + " the connectors' state and offsets through the Connect REST API (offsets API, Kafka"
          + " 3.6+) and the topics' end offsets from Kafka."
    })
final class StatusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ConnectorOptions connectors;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOSTS",
      description =
          "Kafka brokers, for the sink's lag (default: the source's schema.history.kafka.bootstrap.servers).")
  String bootstrapServers;

  @Option(names = "--json", description = "Writes the status as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ConnectClient connect = connectors.connectClient();
    DynamoDbSourceConfig sourceConfig = connectors.sourceConfig();
    Map<String, TableState> states = SourceOffsets.byTable(connect.offsets(connectors.sourceName));
    Map<String, Long> sinkLag = sinkLag(connect, sourceConfig);
    Map<String, Long> itemCounts = new HashMap<>();
    try (SourceSide source = new SourceSide(sourceConfig, Double.NaN, Double.NaN)) {
      for (TableInfo table : source.tables(List.of())) {
        itemCounts.put(table.name(), table.itemCount());
        states.putIfAbsent(table.name(), null);
      }
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("source", connectors.sourceName);
    root.put("sourceState", state(connect, connectors.sourceName));
    root.put("sink", connectors.sinkName);
    root.put("sinkState", state(connect, connectors.sinkName));
    ArrayNode tables = root.putArray("tables");
    long now = System.currentTimeMillis();
    for (Map.Entry<String, TableState> entry : new java.util.TreeMap<>(states).entrySet()) {
      tables.add(
          describe(
              entry.getKey(),
              entry.getValue(),
              itemCounts.getOrDefault(entry.getKey(), 0L),
              sinkLag.get(sourceConfig.topicPrefix() + entry.getKey()),
              now));
    }
    if (json) {
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else {
      System.out.print(render(root));
    }
    return Ddbsync.MATCH;
  }

  static ObjectNode describe(
      String table, TableState state, long itemCount, Long sinkLag, long now) {
    ObjectNode node = JSON.createObjectNode();
    node.put("table", table);
    if (state == null) {
      node.put("phase", "NOT STARTED");
    } else {
      TableMarker marker = state.marker();
      node.put("phase", marker.healing() ? "HEALING" : marker.phase().name());
      node.put("epoch", marker.epoch());
      if (marker.phase() == TableMarker.Phase.SNAPSHOT) {
        long items = state.snapshotItems();
        node.put("snapshotItems", items);
        node.put("estimatedItems", itemCount);
        node.put("segmentsDone", state.segmentsDone());
        node.put("segments", marker.segments());
        long started = state.snapshotStartedMillis();
        if (started > 0 && items > 0 && now > started) {
          double rate = items * 1000.0 / (now - started);
          node.put("itemsPerSecond", Math.round(rate));
          if (itemCount > items) {
            node.put("etaSeconds", Math.round((itemCount - items) / rate));
          }
        }
      } else {
        node.put("shards", state.shards());
        if (marker.caughtUpToMillis() > 0) {
          node.put("caughtUpTo", Instant.ofEpochMilli(marker.caughtUpToMillis()).toString());
          node.put("streamLagSeconds", Math.max(0, (now - marker.caughtUpToMillis()) / 1000));
        }
      }
    }
    if (sinkLag != null) {
      node.put("sinkRecordsBehind", sinkLag);
    }
    return node;
  }

  static String render(JsonNode root) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "source %s: %s; sink %s: %s%n%n",
            root.path("source").asText(),
            root.path("sourceState").asText(),
            root.path("sink").asText(),
            root.path("sinkState").asText()));
    for (JsonNode table : root.path("tables")) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-24s %-11s",
              table.path("table").asText(),
              table.path("phase").asText()));
      if (table.has("snapshotItems")) {
        out.append(
            String.format(
                Locale.ROOT,
                " epoch %d: %,d of ~%,d items, %d/%d segments done",
                table.path("epoch").asInt(),
                table.path("snapshotItems").asLong(),
                table.path("estimatedItems").asLong(),
                table.path("segmentsDone").asLong(),
                table.path("segments").asInt()));
        if (table.has("itemsPerSecond")) {
          out.append(
              String.format(Locale.ROOT, ", %,d items/s", table.path("itemsPerSecond").asLong()));
        }
        if (table.has("etaSeconds")) {
          long eta = table.path("etaSeconds").asLong();
          out.append(String.format(Locale.ROOT, ", ETA %d:%02d", eta / 60, eta % 60));
        }
      } else if (table.has("caughtUpTo")) {
        out.append(
            String.format(
                Locale.ROOT,
                " epoch %d: %d shards, caught up to %s (%d s behind)",
                table.path("epoch").asInt(),
                table.path("shards").asInt(),
                table.path("caughtUpTo").asText(),
                table.path("streamLagSeconds").asLong()));
      }
      if (table.has("sinkRecordsBehind")) {
        out.append(
            String.format(
                Locale.ROOT,
                "; sink %,d records behind",
                table.path("sinkRecordsBehind").asLong()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String state(ConnectClient connect, String connector) {
    try {
      JsonNode status = connect.status(connector);
      StringBuilder text = new StringBuilder(status.path("connector").path("state").asText());
      for (JsonNode task : status.path("tasks")) {
        text.append(", task ")
            .append(task.path("id").asInt())
            .append(' ')
            .append(task.path("state").asText());
      }
      return text.toString();
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Per topic, the records the sink has not committed yet: end offsets less its offsets. */
  private Map<String, Long> sinkLag(ConnectClient connect, DynamoDbSourceConfig source)
      throws Exception {
    Map<String, Long> lag = new HashMap<>();
    JsonNode offsets;
    try {
      offsets = connect.offsets(connectors.sinkName);
    } catch (java.io.IOException e) {
      System.err.println(
          "No sink lag: the offsets of "
              + connectors.sinkName
              + " cannot be read ("
              + e.getMessage()
              + ")");
      return lag;
    }
    Map<TopicPartition, Long> committed = new HashMap<>();
    for (JsonNode entry : offsets.path("offsets")) {
      committed.put(
          new TopicPartition(
              entry.path("partition").path("kafka_topic").asText(),
              entry.path("partition").path("kafka_partition").asInt()),
          entry.path("offset").path("kafka_offset").asLong());
    }
    if (committed.isEmpty()) {
      return lag;
    }
    Map<String, Object> adminConfig = SourceSide.kafkaClientConfig(source, bootstrapServers);
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(adminConfig)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
      var ends =
          admin.listOffsets(latest).all().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
      for (Map.Entry<TopicPartition, Long> entry : committed.entrySet()) {
        long end = ends.get(entry.getKey()).offset();
        lag.merge(entry.getKey().topic(), Math.max(0, end - entry.getValue()), Long::sum);
      }
    }
    return lag;
  }
}
