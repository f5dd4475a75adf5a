package io.ddbsync.sink.load;

import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.flatten.LayoutBuilder;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.sink.stage.StagingStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one batch, as a transaction script: brings the tables up to date, has the {@link
 * BatchStager} stage the files, then in one transaction COPYs them into staging tables, MERGEs the
 * upserts, deletes (or flags) removed keys and replaces the child rows of every changed or removed
 * parent. Applying the same batch twice leaves the same rows. Where the database enforces primary
 * keys (PostgreSQL) and none of the upserted keys is in the target yet, the upserts are copied
 * straight into it instead of being staged and merged.
 */
public final class BatchLoader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);

  private final Dialect dialect;
  private final LoadStatements statements;
  private final TableManager tables;
  private final BatchStager stager;
  private final DeleteMode deleteMode;

  public BatchLoader(
      Dialect dialect,
      TableManager tables,
      StagingStore staging,
      String prefix,
      CompressionCodecName compression,
      boolean keepFiles,
      DeleteMode deleteMode) {
    this.dialect = dialect;
    this.statements = new LoadStatements(dialect);
    this.tables = tables;
    this.stager = new BatchStager(staging, prefix, compression, keepFiles);
    this.deleteMode = deleteMode;
  }

  public boolean isTransient(SQLException error) {
    return dialect.isTransient(error);
  }

  /**
   * Stages {@code batch}'s files now, while another load runs, if its tables are known and need no
   * DDL; {@link #load} uses them if the tables it prepares for the batch are still the same.
   */
  public void prestage(Batch batch) {
    BatchTables planned;
    try {
      planned = BatchTables.of(batch, spec -> tables.planned(spec).orElse(null));
    } catch (SQLException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
    if (planned != null) {
      stager.prestage(batch, planned);
    }
  }

  public LoadResult load(Connection connection, Batch batch) throws SQLException {
    PhaseTimer timer = new PhaseTimer();
    BatchTables prepared = BatchTables.of(batch, spec -> tables.prepare(connection, spec));
    PhysicalTable parent = prepared.parent();
    timer.mark("prepare tables");
    StagedBatch files = stager.stagingFor(batch, prepared);
    connection.setAutoCommit(false);
    StagedObject upserts = null;
    try {
      upserts = files.upserts();
      StagedObject deletes = files.deletes();
      timer.mark("stage parent files");
      String stageBase = Identifiers.fit("ddbsync_stage_" + parent.name(), parent.name());
      BatchKeys newKeys = upserts == null ? null : newKeys(connection, parent, batch);
      timer.mark("check for new keys");
      try (Statement statement = connection.createStatement()) {
        String upsertStage = Identifiers.fit(stageBase + "_u", stageBase + "u");
        String deleteStage = Identifiers.fit(stageBase + "_d", stageBase + "d");
        applyParent(statement, connection, parent, upserts, deletes, newKeys, upsertStage, timer);
        applyDeletes(statement, connection, parent, deletes, deleteStage);
        int childRows =
            applyChildren(
                statement,
                connection,
                batch,
                prepared,
                files,
                upserts,
                deletes,
                newKeys,
                stageBase,
                upsertStage,
                deleteStage,
                timer);
        statement.execute(statements.dropStaging(upsertStage));
        statement.execute(statements.dropStaging(deleteStage));
        connection.commit();
        timer.mark("commit");
        List<StagedObject> staged = files.awaitAll();
        long bytes = staged.stream().mapToLong(StagedObject::size).sum();
        stager.cleanUp(staged);
        timer.mark("clean up");
        LOG.debug("Load of {} into {}: {}", batch.rangeDescription(), parent.name(), timer);
        return new LoadResult(
            batch.rows().upserts.size(),
            batch.rows().deletes.size(),
            childRows,
            bytes,
            newKeys != null);
      }
    } catch (RuntimeException failed) {
      // A staging failure (or any other) after statements ran: nothing of them may commit.
      rollback(connection);
      files.finishQuietly();
      throw failed;
    } catch (SQLException e) {
      rollback(connection);
      files.finishQuietly();
      tables.forget();
      List<Dialect.LoadError> errors = loadErrorsAfter(connection);
      throw new LoadFailure(
          "Loading "
              + batch.rangeDescription()
              + " into "
              + parent.name()
              + " failed: "
              + e.getMessage()
              + (errors.isEmpty() ? "" : "; load errors: " + errors),
          e,
          errors,
          refusedRecords(errors, upserts, batch));
    }
  }

  /** The upserts: straight into the target when every key is new, else staged and merged. */
  private void applyParent(
      Statement statement,
      Connection connection,
      PhysicalTable parent,
      StagedObject upserts,
      StagedObject deletes,
      BatchKeys newKeys,
      String upsertStage,
      PhaseTimer timer)
      throws SQLException {
    if (newKeys != null) {
      // None of the keys is in the target (an initial load): the MERGE would insert every row
      // as it is, so the rows go straight in. The primary key rejects a key another writer
      // inserts meanwhile, and the retry of that failure finds the key and merges.
      dialect.copyInto(connection, parent.qualifiedName(), parent.columns(), upserts);
      timer.mark("copy new rows");
    } else if (upserts != null) {
      statement.execute(statements.createStaging(upsertStage, parent.columns()));
      dialect.copy(connection, upsertStage, parent.columns(), upserts);
      timer.mark("copy upserts");
      statement.execute(statements.merge(parent, upsertStage, parent.columns(), List.of()));
      timer.mark("merge");
    }
  }

  /** Removed keys: their rows deleted, or flagged under soft deletes. */
  private void applyDeletes(
      Statement statement,
      Connection connection,
      PhysicalTable parent,
      StagedObject deletes,
      String deleteStage)
      throws SQLException {
    if (deletes == null) {
      return;
    }
    List<Column> deleteColumns = BatchStager.deleteColumns(parent);
    statement.execute(statements.createStaging(deleteStage, deleteColumns));
    dialect.copy(connection, deleteStage, deleteColumns, deletes);
    statement.execute(
        deleteMode == DeleteMode.HARD
            ? statements.hardDelete(parent, deleteStage)
            : statements.softDelete(
                parent,
                deleteStage,
                LayoutBuilder.DELETED,
                LayoutBuilder.DELETED_AT,
                LayoutBuilder.EVENT_TIME));
  }

  /** Every child table: the old rows of each changed or removed parent out, the new rows in. */
  private int applyChildren(
      Statement statement,
      Connection connection,
      Batch batch,
      BatchTables prepared,
      StagedBatch files,
      StagedObject upserts,
      StagedObject deletes,
      BatchKeys newKeys,
      String stageBase,
      String upsertStage,
      String deleteStage,
      PhaseTimer timer)
      throws SQLException {
    PhysicalTable parent = prepared.parent();
    int childRows = 0;
    int index = 0;
    for (PhysicalTable child : prepared.children()) {
      List<Column> parentKeys = child.columns().subList(0, parent.keyColumns().size());
      if (newKeys != null) {
        // Children of keys not in the parent table should not exist, but rows left behind by
        // hand would collide with the new ones.
        newKeys.deleteChildren(connection, child, parentKeys, statements);
      } else if (upserts != null) {
        statement.execute(statements.deleteChildren(child, parentKeys, upsertStage));
      }
      if (deletes != null && deleteMode == DeleteMode.HARD) {
        statement.execute(statements.deleteChildren(child, parentKeys, deleteStage));
      }
      timer.mark("delete old child rows");
      StagedObject file = files.child(child.name());
      timer.mark("stage child file");
      if (file != null && copiesStraightInto(child)) {
        // The old rows of every parent in the batch are gone: the new ones are a plain append,
        // loaded straight into the child table without a staging table.
        dialect.copyInto(connection, child.qualifiedName(), child.columns(), file);
        timer.mark("copy child rows");
        childRows += batch.rows().children.get(child.name()).size();
      } else if (file != null) {
        String childStage = Identifiers.fit(stageBase + "_c" + index, stageBase + "c" + index);
        statement.execute(statements.createStaging(childStage, child.columns()));
        dialect.copy(connection, childStage, child.columns(), file);
        timer.mark("copy child rows");
        statement.execute(statements.insertChildren(child, childStage, child.columns()));
        timer.mark("insert child rows");
        statement.execute(statements.dropStaging(childStage));
        childRows += batch.rows().children.get(child.name()).size();
      }
      index++;
    }
    return childRows;
  }

  /**
   * The records of the upsert rows the load errors name (by row of the upserts file); none for an
   * error that names no row, or another file.
   */
  private static List<SinkRecord> refusedRecords(
      List<Dialect.LoadError> errors, StagedObject upserts, Batch batch) {
    if (upserts == null) {
      return List.of();
    }
    List<SinkRecord> records = batch.rows().upsertRecords;
    Set<SinkRecord> refused = new LinkedHashSet<>();
    for (Dialect.LoadError error : errors) {
      if (error.file() != null
          && error.file().trim().equals(upserts.uri())
          && error.line() >= 1
          && error.line() <= records.size()) {
        refused.add(records.get((int) error.line() - 1));
      }
    }
    return new ArrayList<>(refused);
  }

  /**
   * The batch's upsert keys when the dialect enforces primary keys, the target has no SUPER column
   * (staged as text, converted by the MERGE) and none of the keys is in it yet; otherwise null, and
   * the upserts are merged.
   */
  private BatchKeys newKeys(Connection connection, PhysicalTable parent, Batch batch)
      throws SQLException {
    if (!copiesStraightInto(parent)) {
      return null;
    }
    Optional<BatchKeys> keys = BatchKeys.of(dialect, parent, batch.rows().upserts);
    if (keys.isEmpty() || keys.get().anyPresentIn(connection, parent, statements)) {
      return null;
    }
    return keys.get();
  }

  /**
   * Whether a staged file can be copied into the table itself: SUPER values are staged as text,
   * which only some dialects' COPY turns into the table's JSON type.
   */
  private boolean copiesStraightInto(PhysicalTable table) {
    return dialect.copiesJsonIntoTables()
        || table.columns().stream().noneMatch(c -> c.type().kind() == SqlType.Kind.SUPER);
  }

  /** Stops the staging threads. */
  @Override
  public void close() {
    stager.close();
  }

  private List<Dialect.LoadError> loadErrorsAfter(Connection connection) {
    try {
      return dialect.loadErrors(connection);
    } catch (SQLException e) {
      LOG.warn("Could not read the load error tables: {}", e.getMessage());
      return List.of();
    }
  }

  private static void rollback(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.warn("Rollback failed: {}", e.getMessage());
    }
  }

  /** Where a load's time went, for the debug log: milliseconds per phase. */
  private static final class PhaseTimer {
    private final StringBuilder phases = new StringBuilder();
    private long last = System.nanoTime();

    void mark(String phase) {
      long now = System.nanoTime();
      if (phases.length() > 0) {
        phases.append(", ");
      }
      phases.append(phase).append(' ').append((now - last) / 1_000_000).append(" ms");
      last = now;
    }

    @Override
    public String toString() {
      return phases.toString();
    }
  }
}
