package io.ddbsync.sink.load;

import io.ddbsync.sink.batch.Heartbeat;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.model.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The applied-through watermark in the warehouse: a table of one row per target table and source
 * partition, the newest heartbeat time whose load committed (every change of that partition created
 * before it is in the target table), written in the load's transaction under the table's lock; and
 * a view of one row per target table whose {@code applied_through} is the minimum over the topic's
 * partitions, NULL until every partition has one. BI jobs gate on the view.
 */
public final class Watermarks {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final Dialect dialect;
  private final String schema;
  private final String table;
  private final String view;
  private boolean created;

  /**
   * @param table the watermark table's name; its view is named {@code <table>_by_table}
   */
  public Watermarks(Dialect dialect, String schema, String table) {
    this.dialect = dialect;
    this.schema = schema;
    this.table = table;
    this.view = table + "_by_table";
  }

  public String qualifiedTable() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(table);
  }

  public String qualifiedView() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(view);
  }

  /**
   * Creates the table and the view unless they exist, in auto-commit, before a load's transaction
   * locks them; two tasks creating them at once both end with them there.
   */
  public void ensureCreated(Connection connection) throws SQLException {
    if (created) {
      return;
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      try {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS "
                + qualifiedTable()
                + " (target_table VARCHAR(127) NOT NULL, topic VARCHAR(249) NOT NULL,"
                + " kafka_partition INTEGER NOT NULL, partitions INTEGER NOT NULL,"
                + " applied_through TIMESTAMP NOT NULL, loaded_at TIMESTAMP NOT NULL,"
                + " PRIMARY KEY (target_table, topic, kafka_partition))");
        statement.execute(
            "CREATE OR REPLACE VIEW "
                + qualifiedView()
                + " AS SELECT target_table,"
                + " CASE WHEN COUNT(*) >= MAX(partitions) THEN MIN(applied_through) END"
                + " AS applied_through,"
                + " MAX(loaded_at) AS loaded_at, COUNT(*) AS partitions_reporting,"
                + " MAX(partitions) AS partitions FROM "
                + qualifiedTable()
                + " GROUP BY target_table");
      } catch (SQLException raced) {
        // Another task created them at the same moment (a duplicate in the catalog): fine if
        // they are there now.
        if (!exists(connection)) {
          throw raced;
        }
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    created = true;
  }

  private boolean exists(Connection connection) throws SQLException {
    return !dialect.catalog().columns(connection, schema, table).isEmpty();
  }

  /**
   * Records {@code heartbeats} of {@code targetTable}'s loaded records, in the caller's transaction
   * (which holds the lock of {@link #qualifiedTable}): a partition's time only moves forward, so a
   * replay of older records never moves it back.
   */
  public void record(
      Statement statement, String targetTable, List<Heartbeat> heartbeats, Instant loadedAt)
      throws SQLException {
    String loaded = timestamp(loadedAt.getEpochSecond() * 1_000_000 + loadedAt.getNano() / 1000);
    for (Heartbeat beat : heartbeats) {
      String through = timestamp(beat.caughtUpToMillis() * 1000);
      String key =
          "target_table = '"
              + dialect.literal(targetTable)
              + "' AND topic = '"
              + dialect.literal(beat.topic())
              + "' AND kafka_partition = "
              + beat.partition();
      statement.executeUpdate(
          "UPDATE "
              + qualifiedTable()
              + " SET applied_through = "
              + through
              + ", loaded_at = "
              + loaded
              + ", partitions = "
              + beat.partitions()
              + " WHERE "
              + key
              + " AND applied_through < "
              + through);
      statement.executeUpdate(
          "INSERT INTO "
              + qualifiedTable()
              + " (target_table, topic, kafka_partition, partitions, applied_through, loaded_at)"
              + " SELECT '"
              + dialect.literal(targetTable)
              + "', '"
              + dialect.literal(beat.topic())
              + "', "
              + beat.partition()
              + ", "
              + beat.partitions()
              + ", "
              + through
              + ", "
              + loaded
              + " WHERE NOT EXISTS (SELECT 1 FROM "
              + qualifiedTable()
              + " WHERE "
              + key
              + ")");
    }
  }

  private static String timestamp(long micros) {
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000);
    return "CAST('" + TIMESTAMP.format(instant) + "' AS TIMESTAMP)";
  }
}
