package io.ddbsync.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.e2e.LocalPipeline;
import io.ddbsync.e2e.OrderWorkload;
import io.ddbsync.e2e.WarehouseComparison;
import io.ddbsync.testing.ConnectorConfigs.ConnectorRequest;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.redshift.RedshiftStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command-line tool on the local stack, as its README lines run it (the packaged jar, the
 * connector JSON users POST): {@code reconcile} finds nothing on a converged pipeline; a row
 * changed behind the connector's back, a row deleted and a row added are each reported by key (and
 * the changed one by column); {@code drift} and {@code status} describe the pipeline; {@code
 * resnapshot} of the table repairs all three while the pipeline keeps running.
 */
class CliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RUN = Duration.ofMinutes(3);

  @TempDir Path dir;

  /**
   * @param dialect POSTGRES: the sink and the tool on PostgreSQL; REDSHIFT: both through the
   *     Redshift stand-in with the real Redshift JDBC driver (COPY from the staged Parquet on S3)
   */
  @ParameterizedTest
  @ValueSource(strings = {"POSTGRES", "REDSHIFT"})
  void reconcileReportsExactlyWhatChangedBehindTheConnectorsBackAndResnapshotRepairsIt(
      String dialect) throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    String table = "CliOrders" + Long.toHexString(System.nanoTime() & 0xffffff);
    try (LocalPipeline pipeline =
            LocalPipeline.startShared(LocalPipeline.Options.named("cli-" + table.toLowerCase()));
        RedshiftStandIn standIn =
            dialect.equals("REDSHIFT")
                ? RedshiftStandIn.start(PostgresServer.shared(), moto.s3())
                : null) {
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
      new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.DEMO, 7).load(120);
      List<ConnectorRequest> connectors = new java.util.ArrayList<>(pipeline.connectorsFor(table));
      if (standIn != null) {
        connectors.set(
            1,
            connectors
                .get(1)
                .with(
                    Map.of(
                        "dialect", "REDSHIFT",
                        "connection.url", standIn.jdbcUrl(pipeline.database()),
                        "redshift.copy.iam.role", "arn:aws:iam::123456789012:role/redshift-copy")));
      }
      for (ConnectorRequest connector : connectors) {
        pipeline.rest().create(connector.name(), connector.config()).requireSuccess();
        pipeline.awaitRunning(connector.name(), Duration.ofSeconds(90));
      }
      WarehouseComparison.Report converged =
          pipeline.awaitReconciled(table, Duration.ofMinutes(2), progress -> {});
      assertThat(converged.isExact()).as(converged.toString()).isTrue();

      Path source = write("source.json", connectors.get(0));
      Path sink = write("sink.json", connectors.get(1));
      Path json = dir.resolve("report.json");
      Path html = dir.resolve("report.html");

      CliJar.Run clean =
          reconcile(
              source,
              sink,
              "--settle-seconds",
              "2",
              "--json",
              json.toString(),
              "--html",
              html.toString());
      assertThat(clean.exitCode()).as(clean.toString()).isZero();
      JsonNode cleanReport = JSON.readTree(Files.readString(json));
      JsonNode orders = cleanReport.path("tables").get(0);
      assertThat(cleanReport.path("matches").asBoolean()).isTrue();
      assertThat(orders.path("items").asLong()).isEqualTo(120);
      assertThat(orders.path("matched").asLong()).isEqualTo(120);
      assertThat(orders.path("rows").asLong()).isEqualTo(120);
      assertThat(orders.path("childRows").asLong()).isPositive();
      assertThat(clean.stdout()).contains("RESULT: MATCH");
      assertThat(Files.readString(html)).contains("<svg").contains(table);

      String parent = io.ddbsync.sink.model.Identifiers.snakeCase(table);
      String changed;
      String deleted;
      try (Connection connection = pipeline.connect();
          Statement statement = connection.createStatement()) {
        List<String> keys = keys(statement, parent);
        changed = keys.get(3);
        deleted = keys.get(7);
        statement.executeUpdate(
            "UPDATE public."
                + parent
                + " SET customer_id = 'TAMPERED' WHERE order_id = '"
                + changed
                + "'");
        statement.executeUpdate(
            "DELETE FROM public." + parent + " WHERE order_id = '" + deleted + "'");
        // A row of an item DynamoDB never had: a copy of another row under a new key.
        statement.execute(
            "CREATE TEMP TABLE ghost AS SELECT * FROM public."
                + parent
                + " WHERE order_id = '"
                + keys.get(9)
                + "'");
        statement.executeUpdate("UPDATE ghost SET order_id = 'GHOST-1'");
        statement.executeUpdate("INSERT INTO public." + parent + " SELECT * FROM ghost");
      }

      CliJar.Run tampered =
          reconcile(source, sink, "--settle-seconds", "2", "--json", json.toString());
      System.out.printf("%s: reconcile after tampering:%n%s%n", dialect, tampered.stdout());
      assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(1);
      JsonNode report = JSON.readTree(Files.readString(json)).path("tables").get(0);
      assertThat(report.path("different").asLong()).as(tampered.toString()).isEqualTo(1);
      assertThat(report.path("missing").asLong()).as(tampered.toString()).isEqualTo(1);
      assertThat(report.path("extra").asLong()).as(tampered.toString()).isEqualTo(1);
      assertThat(report.path("matched").asLong()).isEqualTo(118);
      assertThat(report.path("columns").properties())
          .extracting(Map.Entry::getKey)
          .containsExactly(parent + ".customer_id");
      assertThat(report.path("examples").toString())
          .contains("OrderId=" + changed)
          .contains("OrderId=" + deleted)
          .contains("OrderId=GHOST-1")
          .contains("TAMPERED");
      assertThat(tampered.stdout()).contains("RESULT: MISMATCH (1 missing, 1 extra, 1 different)");

      // The same from an export: the table's image at the export's time, no Scan.
      Instant exportTime = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      String exportArn = export(moto, table, exportTime);
      CliJar.Run fromExport =
          reconcile(
              source,
              sink,
              "--table",
              table,
              "--from-export",
              exportArn,
              // moto's DescribeExport states no ExportTime; DynamoDB's always does.
              "--export-time",
              exportTime.toString(),
              "--settle-seconds",
              "2",
              "--json",
              json.toString(),
              "--no-progress");
      System.out.printf("%s: reconcile from an export:%n%s%n", dialect, fromExport.stdout());
      assertThat(fromExport.exitCode()).as(fromExport.toString()).isEqualTo(1);
      JsonNode exported = JSON.readTree(Files.readString(json)).path("tables").get(0);
      assertThat(exported.path("mode").asText()).isEqualTo("EXPORT");
      assertThat(exported.path("items").asLong()).isEqualTo(120);
      assertThat(exported.path("missing").asLong()).isEqualTo(1);
      assertThat(exported.path("extra").asLong()).isEqualTo(1);
      assertThat(exported.path("different").asLong()).isEqualTo(1);
      // Only the three keys that differ were read from the table, one consistent GetItem each.
      assertThat(exported.path("readCapacityUnits").asDouble()).isLessThanOrEqualTo(3.0);
      assertThat(exported.path("changedSinceImage").asLong()).isZero();

      CliJar.Run drift =
          CliJar.run(
              RUN,
              "drift",
              "--source",
              source.toString(),
              "--sink",
              sink.toString(),
              "--json",
              "--sample-percent",
              "100");
      System.out.printf("%s: drift:%n%s%n", dialect, drift.stdout());
      assertThat(drift.exitCode()).as(drift.toString()).isZero();
      JsonNode findings = JSON.readTree(drift.stdout()).path("findings");
      assertThat(findings.toString()).contains("varchar-width").contains(parent + ".customer_id");

      String connect = pipeline.rest().base().toString();
      String sourceName = connectors.get(0).name();
      String sinkName = connectors.get(1).name();
      CliJar.Run status =
          CliJar.run(
              RUN,
              "status",
              "--connect",
              connect,
              "--source-connector",
              sourceName,
              "--sink-connector",
              sinkName,
              "--json");
      System.out.printf("%s: status:%n%s%n", dialect, status.stdout());
      assertThat(status.exitCode()).as(status.toString()).isZero();
      JsonNode statusTables = JSON.readTree(status.stdout()).path("tables");
      assertThat(statusTables.get(0).path("table").asText()).isEqualTo(table);
      assertThat(statusTables.get(0).path("phase").asText()).isEqualTo("STREAMING");

      CliJar.Run resnapshot =
          CliJar.run(
              RUN,
              "resnapshot",
              table,
              "--connect",
              connect,
              "--source-connector",
              sourceName,
              "--wait-seconds",
              "120");
      assertThat(resnapshot.exitCode()).as(resnapshot.toString()).isZero();

      // The new snapshot's rows and the sweep of the old generation reach the warehouse in the
      // sink's next loads.
      CliJar.Run repaired = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        repaired =
            reconcile(
                source, sink, "--settle-seconds", "2", "--json", json.toString(), "--no-progress");
        if (repaired.exitCode() == 0) {
          break;
        }
        Thread.sleep(2000);
      }
      assertThat(repaired.exitCode()).as(String.valueOf(repaired)).isZero();

      // The sink's applied-through watermark: heartbeats of the streamed table (about every 30 s)
      // reach the view, and reconcile reports it.
      Instant resnapshotted = Instant.now();
      String through = null;
      long watermarkDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (through == null && System.nanoTime() < watermarkDeadline) {
        try (Connection connection = pipeline.connect();
            Statement statement = connection.createStatement();
            ResultSet rows =
                statement.executeQuery(
                    "SELECT applied_through FROM public.ddbsync_watermarks_by_table"
                        + " WHERE target_table = '"
                        + parent
                        + "' AND applied_through > TIMESTAMP '"
                        + java.sql.Timestamp.from(resnapshotted.minusSeconds(5))
                            .toInstant()
                            .toString()
                            .replace('T', ' ')
                            .replace("Z", "")
                        + "'")) {
          through = rows.next() ? rows.getString(1) : null;
        } catch (java.sql.SQLException viewNotThereYet) {
          through = null;
        }
        if (through == null) {
          Thread.sleep(1000);
        }
      }
      assertThat(through).as("applied_through of " + parent).isNotNull();
      CliJar.Run withWatermark =
          reconcile(
              source, sink, "--settle-seconds", "2", "--json", json.toString(), "--no-progress");
      assertThat(withWatermark.exitCode()).as(withWatermark.toString()).isZero();
      assertThat(
              JSON.readTree(Files.readString(json))
                  .path("tables")
                  .get(0)
                  .path("appliedThrough")
                  .asText())
          .isNotBlank();
      assertThat(withWatermark.stdout())
          .contains("is in the warehouse (the sink's applied-through watermark)");
      WarehouseComparison.Report independent = pipeline.compareOrders(table);
      assertThat(independent.isExact()).as(independent.toString()).isTrue();
    }
  }

  /** A full export of {@code table} to the stack's bucket, completed; its ARN. */
  private static String export(MotoServer moto, String table, Instant exportTime) throws Exception {
    var dynamo = moto.dynamoDb();
    dynamo.updateContinuousBackups(
        b ->
            b.tableName(table)
                .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    String tableArn = dynamo.describeTable(b -> b.tableName(table)).table().tableArn();
    String arn =
        dynamo
            .exportTableToPointInTime(
                b ->
                    b.tableArn(tableArn)
                        .exportTime(exportTime)
                        .s3Bucket(LocalPipeline.BUCKET)
                        .s3Prefix("exports/" + table)
                        .exportFormat("DYNAMODB_JSON"))
            .exportDescription()
            .exportArn();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String status =
          dynamo.describeExport(b -> b.exportArn(arn)).exportDescription().exportStatusAsString();
      if ("COMPLETED".equals(status)) {
        return arn;
      }
      assertThat(status).isNotEqualTo("FAILED");
      Thread.sleep(500);
    }
    throw new AssertionError("Export " + arn + " did not complete");
  }

  /** {@code ddbsync reconcile} on the connectors' JSON, with {@code options}. */
  private static CliJar.Run reconcile(Path source, Path sink, String... options) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("reconcile", "--source", source.toString(), "--sink", sink.toString()));
    args.addAll(List.of(options));
    return CliJar.run(RUN, args.toArray(String[]::new));
  }

  private static List<String> keys(Statement statement, String table) throws Exception {
    List<String> keys = new java.util.ArrayList<>();
    try (ResultSet rows =
        statement.executeQuery("SELECT order_id FROM public." + table + " ORDER BY order_id")) {
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
    }
    return keys;
  }

  private Path write(String name, ConnectorRequest connector) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(Map.of("name", connector.name(), "config", connector.config())));
    return file;
  }
}
