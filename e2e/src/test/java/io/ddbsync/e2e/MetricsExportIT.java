package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.testing.BuildPaths;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/monitoring/ against real workers (issue 16): a stock Kafka Connect worker (4.1, where the
 * gauges are the runtime's plugin metrics, and 3.9, where they are the connectors' own JMX beans)
 * runs Prometheus's JMX exporter agent with jmx-exporter.yaml, both connectors load a table, and
 * the scrape must hold every metric the connectors register (with connector and task labels, and
 * the table on per-table lag), while the Grafana dashboard must query exactly the exported metrics:
 * none missing from the scrape, none left off the dashboard.
 */
class MetricsExportIT {
  private static final Path ROOT = BuildPaths.repositoryRoot();
  private static final Pattern GAUGE = Pattern.compile("gauge\\(\\s*\"([a-z0-9-]+)\"");
  private static final Pattern COUNTER = Pattern.compile("counter\\(\\s*\"([a-z0-9-]+)\"");
  private static final Pattern ALERT_SERIES =
      Pattern.compile("(?:ddbsync|kafka_connect)_[a-z0-9_]+");
  private static final Pattern DASHBOARD_METRIC = Pattern.compile("ddbsync_[a-z0-9_]+");

  @ParameterizedTest(name = "Kafka Connect {0}")
  @ValueSource(strings = {"4.1", "3.9"})
  void everyMetricIsExportedAndOnTheDashboard(String kafkaVersion) throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    String agent = System.getProperty("ddbsync.jmx.exporter.agent");
    assertThat(agent).as("the JMX exporter agent the build copies").isNotNull();
    assertThat(Path.of(agent)).exists();
    int port = Ports.free();
    String table =
        "Metrics" + kafkaVersion.replace(".", "") + Long.toHexString(System.nanoTime() & 0xffff);
    LocalPipeline.Options options =
        LocalPipeline.Options.named("metrics-" + Long.toHexString(System.nanoTime() & 0xffff))
            .kafkaVersion(kafkaVersion)
            .stockWorkers()
            .workerJvm(
                List.of(
                    "-javaagent:"
                        + agent
                        + "=127.0.0.1:"
                        + port
                        + ":"
                        + ROOT.resolve("deploy/monitoring/jmx-exporter.yaml")));
    try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
      OrderWorkload workload =
          new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.DEMO, 3);
      workload.load(20);
      pipeline.createConnectors(table);
      WarehouseComparison.Report report =
          pipeline.awaitReconciled(table, Duration.ofMinutes(3), progress -> {});
      assertThat(report.isExact()).as(report.toString()).isTrue();

      String scrape = scrape(port);
      Set<String> exported = new TreeSet<>();
      for (String line : scrape.split("\n")) {
        if (line.startsWith("ddbsync_")) {
          String name =
              line.substring(0, line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' '));
          exported.add(name);
          assertThat(line).as("labels of %s", line).contains("connector=\"").contains("task=\"");
          if (name.equals("ddbsync_stream_table_lag_ms")) {
            assertThat(line).contains("table=\"" + table + "\"");
          }
        }
      }
      Set<String> registered = new TreeSet<>();
      for (String file :
          List.of(
              // The metrics classes declare their gauges; the source task adds the queue's.
              "source-connector/src/main/java/io/ddbsync/source/DynamoDbSourceTask.java",
              "source-connector/src/main/java/io/ddbsync/source/snapshot/SnapshotProgress.java",
              "source-connector/src/main/java/io/ddbsync/source/stream/StreamProgress.java",
              "sink-connector/src/main/java/io/ddbsync/sink/task/SinkMetrics.java")) {
        String source = Files.readString(ROOT.resolve(file));
        Matcher gauge = GAUGE.matcher(source);
        while (gauge.find()) {
          registered.add("ddbsync_" + gauge.group(1).replace('-', '_'));
        }
        // A count is a Kafka sensor: a counter <name>_total and a gauge <name>_rate.
        Matcher counter = COUNTER.matcher(source);
        while (counter.find()) {
          registered.add("ddbsync_" + counter.group(1).replace('-', '_') + "_total");
          registered.add("ddbsync_" + counter.group(1).replace('-', '_') + "_rate");
        }
      }
      assertThat(scrape)
          .as("counts are Prometheus counters")
          .contains("# TYPE ddbsync_rows_merged_total counter")
          .contains("# TYPE ddbsync_snapshot_items_total counter");
      assertThat(registered).as("gauges found in the metrics classes").hasSizeGreaterThan(20);
      assertThat(exported).as("exported on Kafka Connect %s", kafkaVersion).containsAll(registered);

      JsonNode dashboard =
          new ObjectMapper()
              .readTree(ROOT.resolve("deploy/monitoring/grafana-dashboard.json").toFile());
      Set<String> queried = new TreeSet<>();
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          Matcher metric = DASHBOARD_METRIC.matcher(target.path("expr").asText());
          while (metric.find()) {
            queried.add(metric.group());
          }
        }
      }
      // A counter's rate series is shown through rate() of its total.
      Set<String> shown = new TreeSet<>(queried);
      queried.stream()
          .filter(m -> m.endsWith("_total"))
          .forEach(m -> shown.add(m.substring(0, m.length() - "_total".length()) + "_rate"));
      assertThat(shown).as("metrics the dashboard queries").isEqualTo(exported);

      // Every series the alert rules query is in the scrape.
      JsonNode alerts =
          new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
              .readTree(ROOT.resolve("deploy/monitoring/alerts.yaml").toFile());
      Set<String> alerted = new TreeSet<>();
      for (JsonNode group : alerts.path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          assertThat(rule.path("alert").asText()).isNotBlank();
          Matcher series = ALERT_SERIES.matcher(rule.path("expr").asText());
          while (series.find()) {
            alerted.add(series.group());
          }
        }
      }
      assertThat(alerted).hasSizeGreaterThanOrEqualTo(7);
      for (String series : alerted) {
        assertThat(scrape)
            .as("alerts.yaml queries " + series)
            .containsPattern("(?m)^" + series + "\\{");
      }
    }
  }

  private static String scrape(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
