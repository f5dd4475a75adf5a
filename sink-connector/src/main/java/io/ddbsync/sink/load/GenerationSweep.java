package io.ddbsync.sink.load;

import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.batch.SnapshotEnd;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.db.SnapshotGenerations;
import io.ddbsync.sink.db.TableSource;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.SystemColumns;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the rows of items a completed snapshot did not find. Every row records the generation of
 * the change that wrote it ({@link SystemColumns#SNAPSHOT_START}); the source announces the end of
 * a snapshot on every partition of the topic, after that partition's rows of it. Once every
 * partition announced it ({@link SnapshotGenerations}), every item the table still has was read by
 * the snapshot or changed since, so a row of an older generation is of an item that is gone: a
 * table deleted and created again, a snapshot taken again after a lost position. Such rows are
 * deleted, child rows too; where the table keeps removed rows (delete.mode=SOFT, ttl.removals=SOFT)
 * they are flagged as removed at the snapshot's start instead, and keep their child rows, as any
 * soft removal does. A row of no known generation is never removed: nothing proves its item gone.
 *
 * <p>Runs inside the load's transaction, after the loader locked the tables and read their comment:
 * a concurrent task's load waits, and a replay of the batch sweeps the same rows.
 */
final class GenerationSweep {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationSweep.class);
  // Said once per task: a source that announces the end of a snapshot on one partition only.
  private final AtomicBoolean warnedOfUncountedEnds = new AtomicBoolean();

  private final Dialect dialect;
  private final LoadStatements statements;
  private final TableManager tables;

  GenerationSweep(Dialect dialect, TableManager tables) {
    this.dialect = dialect;
    this.statements = dialect.statements();
    this.tables = tables;
  }

  /**
   * After a batch's rows are loaded, in its transaction: records the ends of snapshots the batch
   * announced, and sweeps when one completes a generation. Returns the item rows removed or flagged
   * (none for a batch that announces no end).
   *
   * @param recorded what the comment recorded when the loader read it, under its lock
   */
  EndsRecorded afterLoad(
      Connection connection,
      Statement statement,
      Batch batch,
      PhysicalTable parent,
      TableSource source,
      SnapshotGenerations recorded)
      throws SQLException {
    if (batch.snapshotEnds().isEmpty()) {
      return new EndsRecorded(0, false);
    }
    return recordEnds(connection, statement, parent, source, recorded, batch.snapshotEnds());
  }

  /**
   * Records the ends of snapshots the batch's partitions announced in the item table's comment, and
   * sweeps the table and its child tables when a generation is now complete on every partition.
   * Returns the item rows removed or flagged.
   *
   * @param recorded what the comment recorded when the loader read it, under its lock
   */
  /**
   * What recording snapshot ends did.
   *
   * @param swept the item rows removed or flagged
   * @param completed whether a generation is now complete on every partition
   */
  record EndsRecorded(int swept, boolean completed) {}

  private EndsRecorded recordEnds(
      Connection connection,
      Statement statement,
      PhysicalTable parent,
      TableSource source,
      SnapshotGenerations recorded,
      List<SnapshotEnd> ends)
      throws SQLException {
    SnapshotGenerations state = recorded;
    long sweepBefore = 0;
    boolean completed = false;
    List<SnapshotEnd> ordered = new ArrayList<>(ends);
    ordered.sort(Comparator.comparingLong(SnapshotEnd::generationMicros));
    for (SnapshotEnd end : ordered) {
      if (!end.countsPartitions()) {
        if (warnedOfUncountedEnds.compareAndSet(false, true)) {
          LOG.warn(
              "{}.{}: the source announced the end of a snapshot on one partition only (a version"
                  + " that did not count partitions); rows of items a new snapshot does not find"
                  + " stay until the source is upgraded",
              parent.schema(),
              parent.name());
        }
        continue;
      }
      SnapshotGenerations.Outcome outcome =
          state.complete(end.generationMicros(), end.partition(), end.partitions());
      state = outcome.next();
      if (outcome.sweep()) {
        sweepBefore = Math.max(sweepBefore, end.generationMicros());
        completed = true;
      }
    }
    int swept = sweepBefore > 0 ? sweep(connection, statement, parent, source, sweepBefore) : 0;
    if (!state.equals(recorded)) {
      statement.execute(statements.tableComment(parent.qualifiedName(), source, state));
    }
    return new EndsRecorded(swept, completed);
  }

  /** Sweeps {@code parent} and its child tables of generations older than {@code micros}. */
  private int sweep(
      Connection connection,
      Statement statement,
      PhysicalTable parent,
      TableSource source,
      long micros)
      throws SQLException {
    String schema = parent.schema();
    List<ExistingColumn> columns = dialect.catalog().columns(connection, schema, parent.name());
    boolean soft = SystemColumns.keepsRemovedRows(columns);
    int childRows = 0;
    if (!soft) {
      for (String child : dialect.catalog().childTables(connection, schema, source)) {
        Optional<String> generation = generationColumn(connection, statement, schema, child);
        if (generation.isPresent()) {
          childRows +=
              statement.executeUpdate(
                  statements.deleteOlderGenerations(
                      qualified(schema, child), generation.get(), micros));
        }
      }
    }
    Optional<String> generation = generationColumn(connection, statement, schema, parent.name());
    if (generation.isEmpty()) {
      return 0;
    }
    int items =
        statement.executeUpdate(
            soft
                ? statements.flagOlderGenerations(
                    parent.qualifiedName(),
                    generation.get(),
                    SystemColumns.nameOf(columns, SystemColumns.DELETED).orElseThrow(),
                    SystemColumns.nameOf(columns, SystemColumns.DELETED_AT).orElseThrow(),
                    micros)
                : statements.deleteOlderGenerations(
                    parent.qualifiedName(), generation.get(), micros));
    if (items > 0 || childRows > 0) {
      LOG.info(
          "{}.{}: {} {} rows (and {} child rows) of items the snapshot of {} of generation {}"
              + " did not find",
          schema,
          parent.name(),
          soft ? "flagged" : "removed",
          items,
          childRows,
          source.describe(),
          java.time.Instant.ofEpochMilli(micros / 1000));
    }
    return items;
  }

  /**
   * A batch that only announces the end of a snapshot: recorded (and the table swept when it
   * completes a generation) under the tables' lock, in one transaction. Nothing when the table does
   * not exist yet.
   */
  LoadResult completeOnly(Connection connection, Batch batch) throws SQLException {
    String schema = tables.schema();
    String table = batch.layout().name();
    TableSource source = TableSource.of(batch.layout().source(), batch.sourceTopic());
    List<ExistingColumn> columns = dialect.catalog().columns(connection, schema, table);
    if (columns.isEmpty() || batch.snapshotEnds().isEmpty()) {
      return new LoadResult(0, 0, 0, 0, false);
    }
    TableSource owner = dialect.catalog().source(connection, schema, table);
    if (owner != null && !source.adopts(owner)) {
      throw new TableCollision(schema, table, owner, source);
    }
    PhysicalTable parent = new PhysicalTable(schema, table, List.of(), List.of(), null);
    List<String> locked = new ArrayList<>();
    locked.add(parent.qualifiedName());
    for (String child : dialect.catalog().childTables(connection, schema, source)) {
      locked.add(qualified(schema, child));
    }
    locked.sort(null);
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.lockTables(locked));
      SnapshotGenerations recorded = dialect.catalog().generations(connection, schema, table);
      EndsRecorded ends =
          recordEnds(connection, statement, parent, source, recorded, batch.snapshotEnds());
      connection.commit();
      return new LoadResult(0, ends.swept(), 0, 0, false, ends.completed());
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

  /**
   * The table's generation column; none for a table written before generations were recorded, which
   * is given one (all its rows of no known generation, so nothing of it is swept).
   */
  private Optional<String> generationColumn(
      Connection connection, Statement statement, String schema, String table) throws SQLException {
    return tables.ensureColumn(
        connection,
        statement,
        new PhysicalTable(schema, table, List.of(), List.of(), null),
        new Column(
            SystemColumns.SNAPSHOT_START,
            SqlType.TIMESTAMP,
            SystemColumns.fieldPath(SystemColumns.SNAPSHOT_START)));
  }

  private static String qualified(String schema, String table) {
    return Identifiers.quote(schema) + "." + Identifiers.quote(table);
  }
}
