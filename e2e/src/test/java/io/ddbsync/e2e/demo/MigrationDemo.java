package io.ddbsync.e2e.demo;

import io.ddbsync.e2e.LocalPipeline;
import io.ddbsync.e2e.OrderWorkload;
import io.ddbsync.e2e.cli.CliJar;
import io.ddbsync.testing.BuildPaths;
import io.ddbsync.testing.ConnectorConfigs.ConnectorRequest;
import io.ddbsync.testing.DynamoTables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main job, run by README's first command: a whole DynamoDB-to-warehouse migration on the
 * embedded stack. It starts moto (DynamoDB, Streams, S3), Kafka, PostgreSQL and a stock Kafka
 * Connect worker that loads the packaged plugins, creates an Orders table shaped like the example
 * item, runs the snapshot, then live inserts, updates and deletes, shows progress, and ends with
 * row counts, sample rows and a reconciliation of both sides. Everything it starts it stops.
 *
 * <p>Arguments (system properties): {@code demo.items} (default 3000), {@code demo.changes}
 * (default 1500), {@code demo.changesPerSecond} (default 100).
 */
public final class MigrationDemo {
  private static final String TABLE = "Orders";
  private static final long STARTED = System.nanoTime();

  private MigrationDemo() {}

  public static void main(String[] args) throws Exception {
    int items = Integer.getInteger("demo.items", 3000);
    int changes = Integer.getInteger("demo.changes", 1500);
    int perSecond = Integer.getInteger("demo.changesPerSecond", 100);
    step("Starting the embedded stack: moto, Kafka, PostgreSQL, a Kafka Connect worker");
    LocalPipeline.Options options =
        LocalPipeline.Options.named("demo")
            .source(Map.of("tasks.max", "2", "snapshot.segments", "4"))
            .sink(Map.of("tasks.max", "1"));
    boolean reconciled;
    try (LocalPipeline pipeline = LocalPipeline.startOwn(options)) {
      Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "demo-cleanup"));
      step(
          "Stack ready: moto on "
              + pipeline.moto().endpoint()
              + ", Kafka on "
              + pipeline.kafka().bootstrapServers()
              + ", Connect REST on "
              + pipeline.rest().base()
              + ", PostgreSQL "
              + pipeline.jdbcUrl());

      DynamoTables.create(pipeline.moto().dynamoDb(), TABLE, "OrderId", 0);
      OrderWorkload workload =
          new OrderWorkload(pipeline.moto().dynamoDb(), TABLE, OrderWorkload.Profile.DEMO, 2024);
      long loadStart = System.nanoTime();
      workload.load(items);
      step(
          String.format(
              Locale.ROOT,
              "Created DynamoDB table %s with %d orders (%.1fs)",
              TABLE,
              items,
              seconds(loadStart)));

      long snapshotStart = System.nanoTime();
      pipeline.createConnectors(TABLE);
      step("Created the source and sink connectors from config/*.json; snapshot running");
      awaitRows(pipeline, items, Duration.ofMinutes(5));
      double snapshotSeconds = seconds(snapshotStart);
      step(
          String.format(
              Locale.ROOT,
              "Snapshot loaded: %d orders in %.1fs (%.0f items/s from connector creation to"
                  + " committed rows)",
              items,
              snapshotSeconds,
              items / snapshotSeconds));

      step(
          "Live changes: "
              + changes
              + " inserts, updates and deletes at about "
              + perSecond
              + "/s, while the stream is followed");
      AtomicBoolean running = new AtomicBoolean(true);
      long liveStart = System.nanoTime();
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; i < changes && running.get(); i++) {
                  workload.change();
                  LocalPipeline.sleep(1000 / perSecond);
                }
              },
              "demo-writer");
      writer.start();
      while (writer.isAlive()) {
        writer.join(3000);
        progress(pipeline, workload);
      }
      long lastWrite = System.nanoTime();
      step(
          String.format(
              Locale.ROOT,
              "Changes written in %.1fs: %d inserts, %d updates, %d deletes in total",
              seconds(liveStart),
              workload.inserts(),
              workload.updates(),
              workload.deletes()));

      printTables(pipeline);
      reconciled = reconcileWithTheCli(pipeline);
      double catchUp = seconds(lastWrite);
      System.out.printf(
          Locale.ROOT,
          "    %s; %.1fs after the last write%n",
          reconciled ? "RECONCILED: 0 missing, 0 extra, 0 different" : "NOT RECONCILED",
          catchUp);
      step(
          String.format(
              Locale.ROOT,
              "Done in %.1fs. Stopping every process started (by PID).",
              seconds(STARTED)));
    }
    System.exit(reconciled ? 0 : 1);
  }

  private static void awaitRows(LocalPipeline pipeline, int rows, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long count;
    while ((count = count(pipeline, "orders")) < rows) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Only " + count + " of " + rows + " rows after " + timeout);
      }
      System.out.printf(
          Locale.ROOT, "    snapshot progress: %d / %d rows in orders%n", count, rows);
      Thread.sleep(2000);
    }
  }

  /**
   * The migration's last step, as a user runs it: {@code ddbsync reconcile} on the connector JSON
   * the demo POSTed. Changes still on their way are re-checked once the sink's watermark passes the
   * first look (at most the settle time); a table still catching up gets another run.
   */
  private static boolean reconcileWithTheCli(LocalPipeline pipeline) throws Exception {
    Path dir = BuildPaths.target("demo");
    List<ConnectorRequest> connectors = pipeline.connectorsFor(TABLE);
    Path source = write(dir.resolve("dynamodb-source.json"), connectors.get(0));
    Path sink = write(dir.resolve("redshift-sink.json"), connectors.get(1));
    Path html = dir.resolve("reconcile.html");
    Path json = dir.resolve("reconcile.json");
    String[] command = {
      "reconcile",
      "--source",
      source.toString(),
      "--sink",
      sink.toString(),
      "--settle-seconds",
      "60",
      "--json",
      json.toString(),
      "--html",
      html.toString()
    };
    for (int attempt = 1; attempt <= 3; attempt++) {
      step(
          "Reconciliation with the command-line tool (DynamoDB against the warehouse, key by key"
              + " and column by column):");
      System.out.println(
          "    java -jar "
              + BuildPaths.repositoryRoot().relativize(CliJar.jar())
              + " "
              + String.join(" ", command));
      int exit = CliJar.runInherited(Duration.ofMinutes(10), command);
      if (exit == 0) {
        System.out.println("    Report: " + html + " (and " + json + ")");
        return true;
      }
      if (exit != 1) {
        return false;
      }
    }
    return false;
  }

  private static Path write(Path file, ConnectorRequest connector) throws java.io.IOException {
    java.nio.file.Files.writeString(
        file,
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(Map.of("name", connector.name(), "config", connector.config())));
    return file;
  }

  private static void progress(LocalPipeline pipeline, OrderWorkload workload) {
    try {
      System.out.printf(
          Locale.ROOT,
          "    written: %d inserts, %d updates, %d deletes | warehouse: %d orders, %d order items%n",
          workload.inserts(),
          workload.updates(),
          workload.deletes(),
          count(pipeline, "orders"),
          count(pipeline, "order_items"));
    } catch (SQLException e) {
      System.out.println("    (warehouse not readable yet: " + e.getMessage() + ")");
    }
  }

  private static void printTables(LocalPipeline pipeline) throws SQLException {
    step("Target tables in PostgreSQL:");
    try (Connection connection = pipeline.connect()) {
      for (String table : new String[] {"orders", "order_items"}) {
        System.out.printf(Locale.ROOT, "    %-12s %6d rows%n", table, count(connection, table));
      }
      System.out.println("  Sample rows:");
      print(
          connection,
          "SELECT order_id, customer_id, order_date, total, status FROM orders"
              + " ORDER BY order_id LIMIT 3");
      print(
          connection,
          "SELECT order_id, _position, sku, quantity FROM order_items WHERE order_id IN"
              + " (SELECT order_id FROM orders ORDER BY order_id LIMIT 2)"
              + " ORDER BY order_id, _position");
    }
  }

  private static void print(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rows.getMetaData();
      StringBuilder header = new StringBuilder("    ");
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        header.append(String.format("%-22s", meta.getColumnName(i)));
      }
      System.out.println(header);
      while (rows.next()) {
        StringBuilder line = new StringBuilder("    ");
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          line.append(String.format("%-22s", rows.getString(i)));
        }
        System.out.println(line);
      }
    }
  }

  private static long count(LocalPipeline pipeline, String table) throws SQLException {
    try (Connection connection = pipeline.connect()) {
      return count(connection, table);
    }
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException notCreatedYet) {
      if ("42P01".equals(notCreatedYet.getSQLState())) {
        return 0;
      }
      throw notCreatedYet;
    }
  }

  private static void step(String message) {
    System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", seconds(STARTED), message);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
