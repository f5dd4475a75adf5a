package io.ddbsync.sink.load;

import io.ddbsync.sink.SinkEnums.DeleteMode;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.ColumnRole;
import io.ddbsync.sink.flatten.LayoutBuilder;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.parquet.ParquetRows;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.sink.stage.StagingStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one batch: brings the tables up to date, stages Parquet files (upserts, deletes, child
 * rows) under the batch's deterministic keys, then in one transaction COPYs them into staging
 * tables, MERGEs the upserts, deletes (or flags) removed keys and replaces the child rows of every
 * changed or removed parent. Applying the same batch twice leaves the same rows.
 */
public final class BatchLoader {
  private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);

  /** What a load did, for metrics. */
  public record Result(int upserts, int deletes, int childRows, long stagedBytes) {}

  /** A load that failed: the message names the batch and carries the load errors. */
  public static final class LoadFailure extends SQLException {
    private static final long serialVersionUID = 1L;
    private final List<Dialect.LoadError> loadErrors;

    LoadFailure(String message, SQLException cause, List<Dialect.LoadError> loadErrors) {
      super(message, cause.getSQLState(), cause.getErrorCode(), cause);
      this.loadErrors = List.copyOf(loadErrors);
    }

    public List<Dialect.LoadError> loadErrors() {
      return loadErrors;
    }
  }

  private final Dialect dialect;
  private final LoadStatements statements;
  private final TableManager tables;
  private final StagingStore staging;
  private final String prefix;
  private final CompressionCodecName compression;
  private final boolean keepFiles;
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
    this.staging = staging;
    this.prefix = prefix;
    this.compression = compression;
    this.keepFiles = keepFiles;
    this.deleteMode = deleteMode;
  }

  public boolean isTransient(SQLException error) {
    return dialect.isTransient(error);
  }

  public Result load(Connection connection, Batch batch) throws SQLException {
    TableLayout layout = batch.layout();
    ColumnPlan distribution = layout.keyColumns().get(0);
    PhysicalTable parent =
        tables.prepare(
            connection,
            layout.name(),
            layout.columns(),
            batch.rows().widths,
            layout.keyColumns(),
            distribution);
    List<PhysicalTable> children = new ArrayList<>();
    for (TableLayout.ChildLayout child : layout.children()) {
      List<ColumnPlan> plans = ChildPlans.of(layout, parent, child);
      children.add(
          tables.prepare(
              connection,
              child.name(),
              plans,
              batch.rows().childWidths.get(child.name()),
              plans.subList(0, layout.keyColumns().size() + 1),
              plans.get(0)));
    }

    String key = batch.stageKey(prefix);
    List<StagedObject> staged = new ArrayList<>();
    StagedObject upserts =
        stage(key + "-upserts.parquet", parent.columns(), batch.rows().upserts, staged);
    List<Column> deleteColumns = new ArrayList<>(parent.keyColumns());
    deleteColumns.add(
        new Column(LayoutBuilder.EVENT_TIME, SqlType.TIMESTAMP, "_" + LayoutBuilder.EVENT_TIME));
    StagedObject deletes =
        stage(key + "-deletes.parquet", deleteColumns, batch.rows().deletes, staged);
    List<StagedObject> childFiles = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      PhysicalTable child = children.get(i);
      childFiles.add(
          stage(
              key + "-" + child.name() + ".parquet",
              child.columns(),
              batch.rows().children.get(layout.children().get(i).name()),
              staged));
    }

    connection.setAutoCommit(false);
    String stageBase = Identifiers.fit("ddbsync_stage_" + parent.name(), parent.name());
    String upsertStage = Identifiers.fit(stageBase + "_u", stageBase + "u");
    String deleteStage = Identifiers.fit(stageBase + "_d", stageBase + "d");
    try (Statement statement = connection.createStatement()) {
      if (upserts != null) {
        statement.execute(statements.createStaging(upsertStage, parent.columns()));
        dialect.copy(connection, upsertStage, parent.columns(), upserts);
        statement.execute(statements.merge(parent, upsertStage, parent.columns(), List.of()));
      }
      if (deletes != null) {
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
      int childRows = 0;
      for (int i = 0; i < children.size(); i++) {
        PhysicalTable child = children.get(i);
        List<Column> parentKeys = child.columns().subList(0, parent.keyColumns().size());
        if (upserts != null) {
          statement.execute(statements.deleteChildren(child, parentKeys, upsertStage));
        }
        if (deletes != null && deleteMode == DeleteMode.HARD) {
          statement.execute(statements.deleteChildren(child, parentKeys, deleteStage));
        }
        StagedObject file = childFiles.get(i);
        if (file != null) {
          String childStage = Identifiers.fit(stageBase + "_c" + i, stageBase + "c" + i);
          statement.execute(statements.createStaging(childStage, child.columns()));
          dialect.copy(connection, childStage, child.columns(), file);
          statement.execute(statements.insertChildren(child, childStage, child.columns()));
          statement.execute(statements.dropStaging(childStage));
          childRows += batch.rows().children.get(layout.children().get(i).name()).size();
        }
      }
      statement.execute(statements.dropStaging(upsertStage));
      statement.execute(statements.dropStaging(deleteStage));
      connection.commit();
      long bytes = staged.stream().mapToLong(StagedObject::size).sum();
      cleanUp(staged);
      return new Result(batch.rows().upserts.size(), batch.rows().deletes.size(), childRows, bytes);
    } catch (SQLException e) {
      rollback(connection);
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
          errors);
    }
  }

  private StagedObject stage(
      String key, List<Column> columns, List<Object[]> rows, List<StagedObject> staged) {
    if (rows == null || rows.isEmpty()) {
      return null;
    }
    StagedObject object = staging.put(key, ParquetRows.write(columns, rows, compression));
    staged.add(object);
    return object;
  }

  private void cleanUp(List<StagedObject> staged) {
    if (keepFiles) {
      return;
    }
    try {
      staging.delete(staged);
    } catch (RuntimeException e) {
      // The batch is loaded; a leftover file costs storage, not correctness.
      LOG.warn(
          "Could not delete staged files {}: {}",
          staged.stream().map(StagedObject::uri).toList(),
          e.getMessage());
    }
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

  /** The plans of a child table: the parent's key columns, the position, the element's columns. */
  static final class ChildPlans {
    private ChildPlans() {}

    static List<ColumnPlan> of(
        TableLayout layout, PhysicalTable parent, TableLayout.ChildLayout child) {
      List<ColumnPlan> plans = new ArrayList<>();
      for (int i = 0; i < layout.keyColumns().size(); i++) {
        ColumnPlan key = layout.keyColumns().get(i);
        Column physical = parent.keyColumns().get(i);
        plans.add(
            new ColumnPlan(
                "_parent." + key.fieldPath(),
                key.fieldNames(),
                physical.name(),
                ColumnRole.KEY,
                physical.type(),
                key.kind()));
      }
      plans.add(ColumnPlan.synthetic(LayoutBuilder.POSITION, ColumnRole.POSITION, SqlType.INTEGER));
      plans.addAll(child.elementColumns());
      return plans;
    }
  }
}
