package io.ddbsync.sink.load;

import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.db.TableSource;
import io.ddbsync.sink.flatten.LayoutBuilder;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the rows of items a completed snapshot did not find. Every row records the start of the
 * snapshot its change belongs to (its generation, {@link LayoutBuilder#SNAPSHOT_START}); once a
 * snapshot is complete, every item the table still has was read by it or changed since, so a row of
 * an older generation (or of none) is of an item that is gone: a table deleted and created again, a
 * snapshot taken again after a lost position. Such rows are deleted, child rows too; where the
 * table keeps removed rows (delete.mode=SOFT, ttl.removals=SOFT) they are flagged as removed at the
 * snapshot's start instead, and keep their child rows, as any soft removal does.
 *
 * <p>The same sweep, with the generation the table's comment records, removes rows that a change
 * older than it wrote afterwards (one that arrived late on another partition). Runs inside the
 * load's transaction: a replay of the batch sweeps the same rows.
 */
final class GenerationSweep {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationSweep.class);

  private final Dialect dialect;
  private final LoadStatements statements;
  private final TableManager tables;

  GenerationSweep(Dialect dialect, LoadStatements statements, TableManager tables) {
    this.dialect = dialect;
    this.statements = statements;
    this.tables = tables;
  }

  /**
   * Sweeps {@code table} (the item table of {@code dynamoTable}) and its child tables of
   * generations older than {@code micros}; with {@code record}, the table's comment then records
   * {@code micros} as complete. Returns the item rows removed or flagged.
   */
  int sweep(
      Connection connection,
      Statement statement,
      String schema,
      String table,
      String dynamoTable,
      long micros,
      boolean record)
      throws SQLException {
    List<ExistingColumn> columns = dialect.catalog().columns(connection, schema, table);
    if (columns.isEmpty()) {
      return 0;
    }
    boolean soft = has(columns, LayoutBuilder.DELETED) && has(columns, LayoutBuilder.DELETED_AT);
    int childRows = 0;
    if (!soft) {
      for (String child : dialect.catalog().childTables(connection, schema, dynamoTable)) {
        ensureGeneration(connection, statement, schema, child);
        childRows +=
            statement.executeUpdate(
                statements.deleteOlderGenerations(
                    qualified(schema, child), LayoutBuilder.SNAPSHOT_START, micros));
      }
    }
    if (!has(columns, LayoutBuilder.SNAPSHOT_START)) {
      addGeneration(statement, schema, table);
    }
    String parent = qualified(schema, table);
    int items =
        statement.executeUpdate(
            soft
                ? statements.flagOlderGenerations(
                    parent,
                    LayoutBuilder.SNAPSHOT_START,
                    LayoutBuilder.DELETED,
                    LayoutBuilder.DELETED_AT,
                    micros)
                : statements.deleteOlderGenerations(parent, LayoutBuilder.SNAPSHOT_START, micros));
    if (record) {
      statement.execute(statements.tableComment(parent, TableSource.of(dynamoTable), micros));
    }
    if (items > 0 || childRows > 0) {
      LOG.info(
          "{}.{}: {} {} rows (and {} child rows) of items the snapshot of {} that started at {}"
              + " did not find",
          schema,
          table,
          soft ? "flagged" : "removed",
          items,
          childRows,
          dynamoTable,
          java.time.Instant.ofEpochMilli(micros / 1000));
    }
    return items;
  }

  /**
   * A batch that only completes a snapshot: the table's rows of older generations go, in one
   * transaction with the record of the generation. Nothing when the table does not exist yet.
   */
  LoadResult completeOnly(Connection connection, Batch batch) throws SQLException {
    long completes = batch.completedSnapshotMicros();
    String schema = tables.schema();
    String table = batch.layout().name();
    if (completes == 0) {
      return new LoadResult(0, 0, 0, 0, false);
    }
    TableSource owner = dialect.catalog().source(connection, schema, table);
    TableSource source = TableSource.of(batch.layout().source());
    if (owner != null && !owner.equals(source)) {
      throw new TableCollision(schema, table, owner, source);
    }
    if (dialect.catalog().completedSnapshot(connection, schema, table) >= completes) {
      return new LoadResult(0, 0, 0, 0, false);
    }
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      int swept =
          sweep(connection, statement, schema, table, batch.layout().source(), completes, true);
      connection.commit();
      return new LoadResult(0, swept, 0, 0, false);
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailed) {
        e.addSuppressed(rollbackFailed);
      }
      tables.forget();
      throw e;
    }
  }

  /** Whether an upsert of the batch belongs to a snapshot generation older than {@code micros}. */
  static boolean hasChangesOlderThan(Batch batch, long micros) {
    return micros > 0
        && batch.changes().stream()
            .anyMatch(
                change ->
                    !change.delete()
                        && change.snapshotStartMicros() != null
                        && change.snapshotStartMicros() < micros);
  }

  private void ensureGeneration(
      Connection connection, Statement statement, String schema, String table) throws SQLException {
    if (!has(dialect.catalog().columns(connection, schema, table), LayoutBuilder.SNAPSHOT_START)) {
      addGeneration(statement, schema, table);
    }
  }

  /** A table written before generations were recorded: all its rows are of no generation. */
  private void addGeneration(Statement statement, String schema, String table) throws SQLException {
    PhysicalTable physical = new PhysicalTable(schema, table, List.of(), List.of(), null);
    Column column =
        new Column(
            LayoutBuilder.SNAPSHOT_START, SqlType.TIMESTAMP, "_" + LayoutBuilder.SNAPSHOT_START);
    statement.execute(statements.addColumn(physical, column));
    statement.execute(statements.comment(physical, column));
    // What the manager knows of the table's columns is out of date now.
    tables.forget();
  }

  private static boolean has(List<ExistingColumn> columns, String name) {
    return columns.stream().anyMatch(column -> column.name().equals(name));
  }

  private static String qualified(String schema, String table) {
    return Identifiers.quote(schema) + "." + Identifiers.quote(table);
  }
}
