package io.ddbsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.config.ConnectorJson;
import io.ddbsync.cli.drift.DeadLetters;
import io.ddbsync.cli.drift.DriftAnalysis;
import io.ddbsync.cli.drift.DriftFinding;
import io.ddbsync.cli.drift.WarehouseColumns;
import io.ddbsync.cli.reconcile.BudgetedScan;
import io.ddbsync.cli.reconcile.ExpectedRows;
import io.ddbsync.cli.reconcile.RowComparator;
import io.ddbsync.cli.reconcile.WarehouseTables;
import io.ddbsync.cli.report.HtmlReport;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.Assignment;
import io.ddbsync.source.catalog.TableInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code ddbsync drift}: DynamoDB's attributes against the topic's schema and the warehouse. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Compares the attributes and types seen in DynamoDB (a sample) with the change events' schema"
          + " history and the warehouse's columns: attributes of several types and their"
          + " type-conflict columns, types not in the topic's schema yet, VARCHARs and how close"
          + " they are to the warehouse's limit, columns never filled, maps kept whole as SUPER,"
          + " and dead-lettered records per reason."
    })
final class DriftCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ConnectorOptions connectors;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description =
          "A DynamoDB table (repeatable; default: every table of the source configuration).")
  List<String> tables = new ArrayList<>();

  @Option(
      names = "--sample-percent",
      paramLabel = "PERCENT",
      defaultValue = "10",
      description = "Share of the table's 64 scan segments sampled (default: ${DEFAULT-VALUE}).")
  double samplePercent;

  @Option(
      names = "--max-items",
      paramLabel = "N",
      defaultValue = "20000",
      description = "Stops sampling a table after this many items (default: ${DEFAULT-VALUE}).")
  int maxItems;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOSTS",
      description =
          "Kafka brokers, for the dead letter queue (default: the source's schema.history.kafka.bootstrap.servers).")
  String bootstrapServers;

  @Option(names = "--json", description = "Writes the findings as JSON.")
  boolean json;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also writes the findings as an HTML page.")
  Path html;

  @Option(
      names = "--fail-on-attention",
      description =
          "Exits with 1 when a finding needs attention (a VARCHAR near its limit, a column never filled, dead letters).")
  boolean failOnAttention;

  @Override
  public Integer call() throws Exception {
    List<DriftFinding> findings = new ArrayList<>();
    ConnectorJson.Loaded sinkJson = connectors.sink();
    try (SourceSide source = new SourceSide(connectors.sourceConfig(), Double.NaN, Double.NaN);
        SinkSide sink = new SinkSide(new io.ddbsync.sink.RedshiftSinkConfig(sinkJson.config()))) {
      ExpectedRows expectedRows = sink.expectedRows();
      WarehouseTables warehouse = sink.warehouse();
      for (TableInfo table : source.tables(tables)) {
        List<Map<String, AttributeValue>> items = sample(source, table);
        int before = source.history().load(table.name()).size();
        TableEventModel model = source.model(table);
        String topic = source.topicOf(table.name());
        ExpectedRows.Expected expected = expectedRows.expect(model, topic, items, Instant.now());
        List<Assignment> history = source.history().load(table.name());
        List<Assignment> added =
            new ArrayList<>(history.subList(Math.min(before, history.size()), history.size()));
        List<DriftAnalysis.ColumnStats> columns = new ArrayList<>();
        try (Connection connection = warehouse.connect()) {
          WarehouseTables.Resolved resolved =
              warehouse.resolve(connection, table.name(), topic, expected.layout(), null);
          if (resolved != null && resolved.parent() != null) {
            String schema = sink.config().targetSchema();
            columns.addAll(
                WarehouseColumns.measure(
                    connection, schema, resolved.parent().name(), resolved.parent().columns()));
            for (RowComparator.ChildTable child : resolved.children().values()) {
              columns.addAll(
                  WarehouseColumns.measure(
                      connection, schema, child.table().name(), child.table().columns()));
            }
          } else {
            findings.add(
                new DriftFinding(
                    table.name(),
                    "missing-table",
                    topic,
                    "the sink has no table for this topic yet",
                    true));
          }
        }
        findings.addAll(
            DriftAnalysis.analyse(
                table.name(),
                DriftAnalysis.attributeTypes(items, source.config().modelSettings().maxDepth()),
                added,
                columns,
                sink.dialect().limits().maxVarcharBytes()));
      }
      String dlq = sinkJson.config().getOrDefault("errors.deadletterqueue.topic.name", "");
      if (!dlq.isBlank()) {
        Map<String, Object> client =
            SourceSide.kafkaClientConfig(source.config(), bootstrapServers);
        DeadLetters.countByReason(client, dlq)
            .forEach(
                (reason, count) ->
                    findings.add(
                        new DriftFinding(dlq, "dead-letters", reason, count + " records", true)));
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (DriftFinding finding : findings) {
      rows.add(
          List.of(
              finding.attention() ? "!" : "",
              finding.table(),
              finding.kind(),
              finding.subject(),
              finding.detail()));
    }
    List<String> headers = List.of("", "table", "finding", "subject", "detail");
    if (json) {
      ObjectNode root = JSON.createObjectNode();
      root.put("attention", findings.stream().anyMatch(DriftFinding::attention));
      root.set("findings", JSON.valueToTree(findings));
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else {
      System.out.print(render(headers, rows));
    }
    if (html != null) {
      Files.writeString(
          html,
          HtmlReport.drift("Drift: DynamoDB, change events and warehouse", headers, rows),
          StandardCharsets.UTF_8);
    }
    boolean attention = findings.stream().anyMatch(DriftFinding::attention);
    return failOnAttention && attention ? Ddbsync.DIFFERENT : Ddbsync.MATCH;
  }

  private List<Map<String, AttributeValue>> sample(SourceSide source, TableInfo table)
      throws InterruptedException {
    int total = 64;
    List<Integer> segments = new ArrayList<>();
    for (int s = 0; s < total; s++) {
      segments.add(s);
    }
    Collections.shuffle(segments, new Random());
    List<Integer> chosen =
        new ArrayList<>(
            segments.subList(0, Math.max(1, (int) Math.ceil(total * samplePercent / 100))));
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    try (BudgetedScan scan = source.scan(table, chosen, total, 500, 4)) {
      List<Map<String, AttributeValue>> page;
      while (items.size() < maxItems && (page = scan.next()) != null) {
        items.addAll(page.subList(0, Math.min(page.size(), maxItems - items.size())));
      }
    }
    return items;
  }

  private static String render(List<String> headers, List<List<String>> rows) {
    if (rows.isEmpty()) {
      return "No drift found.\n";
    }
    StringBuilder out = new StringBuilder();
    String table = null;
    for (List<String> row : rows) {
      if (!row.get(1).equals(table)) {
        table = row.get(1);
        out.append('\n').append(table).append('\n');
      }
      out.append(
          String.format(
              Locale.ROOT,
              "  %1s %-20s %-32s %s%n",
              row.get(0),
              row.get(2),
              row.get(3),
              row.get(4)));
    }
    return out.toString();
  }
}
