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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one batch: brings the tables up to date, stages Parquet files (upserts, deletes, child
 * rows) under the batch's deterministic keys, then in one transaction COPYs them into staging
 * tables, MERGEs the upserts, deletes (or flags) removed keys and replaces the child rows of every
 * changed or removed parent. Applying the same batch twice leaves the same rows. Where the database
 * enforces primary keys (PostgreSQL) and none of the upserted keys is in the target yet, the
 * upserts are copied straight into it instead of being staged and merged.
 */
public final class BatchLoader {
  private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);
  private static final int STAGING_THREADS = 3;

  /**
   * What a load did, for metrics; {@code appended} when the upserts were all new keys and went
   * straight into the target without a MERGE.
   */
  public record Result(
      int upserts, int deletes, int childRows, long stagedBytes, boolean appended) {}

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
  private final ExecutorService stagingPool =
      Executors.newFixedThreadPool(
          STAGING_THREADS,
          runnable -> {
            Thread thread = new Thread(runnable, "ddbsync-staging");
            thread.setDaemon(true);
            return thread;
          });

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

  /** A batch's target table and child tables, as prepared for it or as planned. */
  private record BatchTables(PhysicalTable parent, List<PhysicalTable> children) {}

  /** Finds a table for plans: by preparing it (DDL as needed), or from what is known (or null). */
  @FunctionalInterface
  private interface TableResolver {
    PhysicalTable resolve(
        String table,
        List<ColumnPlan> plans,
        int[] widths,
        List<ColumnPlan> keyPlans,
        ColumnPlan distributionPlan)
        throws SQLException;
  }

  /** Files staged for a batch while the previous load ran, and the tables they were written for. */
  private record Prestaged(Batch batch, BatchTables tables, StagingFiles files) {}

  // At most one: the batch the task will load next. Set on the task thread, taken by the loader.
  private Prestaged prestaged;
  // The uploads last started by prestage(), on the task thread only: a batch built again after a
  // failed load has the same offsets, so its files have the same keys, and two uploads of one key
  // must never overlap.
  private StagingFiles lastEarlyUploads;

  /**
   * Stages {@code batch}'s files now, while another load runs, if its tables are known and need no
   * DDL; {@link #load} uses them if the tables it prepares for the batch are still the same.
   */
  public void prestage(Batch batch) {
    BatchTables planned;
    try {
      planned = tablesOf(batch, (t, p, w, k, d) -> tables.planned(t, p, w, k, d).orElse(null));
    } catch (SQLException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
    if (planned == null) {
      return;
    }
    synchronized (this) {
      prestaged = null; // an earlier batch built early and never loaded
    }
    if (lastEarlyUploads != null) {
      lastEarlyUploads.finishQuietly();
    }
    StagingFiles files = new StagingFiles(requests(batch, planned));
    lastEarlyUploads = files;
    synchronized (this) {
      prestaged = new Prestaged(batch, planned, files);
    }
  }

  public Result load(Connection connection, Batch batch) throws SQLException {
    PhaseTimer timer = new PhaseTimer();
    BatchTables prepared =
        tablesOf(batch, (t, p, w, k, d) -> tables.prepare(connection, t, p, w, k, d));
    PhysicalTable parent = prepared.parent();
    List<PhysicalTable> children = prepared.children();
    TableLayout layout = batch.layout();
    timer.mark("prepare tables");
    List<Column> deleteColumns = deleteColumns(parent);
    StagingFiles files = stagingFor(batch, prepared);
    connection.setAutoCommit(false);
    String stageBase = Identifiers.fit("ddbsync_stage_" + parent.name(), parent.name());
    String upsertStage = Identifiers.fit(stageBase + "_u", stageBase + "u");
    String deleteStage = Identifiers.fit(stageBase + "_d", stageBase + "d");
    try (Statement statement = connection.createStatement()) {
      StagedObject upserts = files.await(0);
      StagedObject deletes = files.await(1);
      timer.mark("stage parent files");
      BatchKeys newKeys = upserts == null ? null : newKeys(connection, parent, batch);
      timer.mark("check for new keys");
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
        StagedObject file = files.await(i + 2);
        timer.mark("stage child file");
        if (file != null && copiesStraightInto(child)) {
          // The old rows of every parent in the batch are gone: the new ones are a plain append,
          // loaded straight into the child table without a staging table.
          dialect.copyInto(connection, child.qualifiedName(), child.columns(), file);
          timer.mark("copy child rows");
          childRows += batch.rows().children.get(layout.children().get(i).name()).size();
        } else if (file != null) {
          String childStage = Identifiers.fit(stageBase + "_c" + i, stageBase + "c" + i);
          statement.execute(statements.createStaging(childStage, child.columns()));
          dialect.copy(connection, childStage, child.columns(), file);
          timer.mark("copy child rows");
          statement.execute(statements.insertChildren(child, childStage, child.columns()));
          timer.mark("insert child rows");
          statement.execute(statements.dropStaging(childStage));
          childRows += batch.rows().children.get(layout.children().get(i).name()).size();
        }
      }
      statement.execute(statements.dropStaging(upsertStage));
      statement.execute(statements.dropStaging(deleteStage));
      connection.commit();
      timer.mark("commit");
      List<StagedObject> staged = files.awaitAll();
      long bytes = staged.stream().mapToLong(StagedObject::size).sum();
      cleanUp(staged);
      timer.mark("clean up");
      LOG.debug("Load of {} into {}: {}", batch.rangeDescription(), parent.name(), timer);
      return new Result(
          batch.rows().upserts.size(),
          batch.rows().deletes.size(),
          childRows,
          bytes,
          newKeys != null);
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
          errors);
    }
  }

  private BatchTables tablesOf(Batch batch, TableResolver resolver) throws SQLException {
    TableLayout layout = batch.layout();
    PhysicalTable parent =
        resolver.resolve(
            layout.name(),
            layout.columns(),
            batch.rows().widths,
            layout.keyColumns(),
            layout.keyColumns().get(0));
    if (parent == null) {
      return null;
    }
    List<PhysicalTable> children = new ArrayList<>();
    for (TableLayout.ChildLayout child : layout.children()) {
      List<ColumnPlan> plans = ChildPlans.of(layout, parent, child);
      PhysicalTable table =
          resolver.resolve(
              child.name(),
              plans,
              batch.rows().childWidths.get(child.name()),
              plans.subList(0, layout.keyColumns().size() + 1),
              plans.get(0));
      if (table == null) {
        return null;
      }
      children.add(table);
    }
    return new BatchTables(parent, children);
  }

  /** The removed keys' file: the key columns and the removal time. */
  private static List<Column> deleteColumns(PhysicalTable parent) {
    List<Column> columns = new ArrayList<>(parent.keyColumns());
    columns.add(
        new Column(LayoutBuilder.EVENT_TIME, SqlType.TIMESTAMP, "_" + LayoutBuilder.EVENT_TIME));
    return columns;
  }

  /** Upserts, deletes and each child table's rows, under the batch's deterministic keys. */
  private List<StageRequest> requests(Batch batch, BatchTables tables) {
    String key = batch.stageKey(prefix);
    List<StageRequest> requests = new ArrayList<>();
    requests.add(
        new StageRequest(
            key + "-upserts.parquet", tables.parent().columns(), batch.rows().upserts));
    requests.add(
        new StageRequest(
            key + "-deletes.parquet", deleteColumns(tables.parent()), batch.rows().deletes));
    List<TableLayout.ChildLayout> layouts = batch.layout().children();
    for (int i = 0; i < tables.children().size(); i++) {
      PhysicalTable child = tables.children().get(i);
      requests.add(
          new StageRequest(
              key + "-" + child.name() + ".parquet",
              child.columns(),
              batch.rows().children.get(layouts.get(i).name())));
    }
    return requests;
  }

  /**
   * The batch's files: those staged early if they were staged for this batch and these tables, else
   * staged now. Every file is encoded and uploaded in the background; each step of the load waits
   * only for its own file, so the child files are still staging while the parent rows load.
   */
  private StagingFiles stagingFor(Batch batch, BatchTables tables) {
    String key = batch.stageKey(prefix);
    Prestaged early;
    synchronized (this) {
      early = prestaged;
      // Files staged early for a later batch stay for it (this may be a retry of the batch before).
      if (early != null && (early.batch() == batch || early.batch().stageKey(prefix).equals(key))) {
        prestaged = null;
      } else {
        early = null;
      }
    }
    if (early != null) {
      if (early.batch() == batch && early.tables().equals(tables)) {
        return early.files();
      }
      // The same offsets built again, or tables changed since: let those uploads finish before
      // the same keys are uploaded again (which overwrites them).
      early.files().finishQuietly();
    }
    return new StagingFiles(requests(batch, tables));
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

  /** One file to stage: its key, columns and rows (none: nothing to stage). */
  private record StageRequest(String key, List<Column> columns, List<Object[]> rows) {}

  /**
   * The batch's files, written and uploaded in parallel (Parquet encoding and the upload of one
   * file overlap those of the others and the database work of the load); null where a request has
   * no rows. A failure is thrown only once every upload has finished, so that none outlives the
   * attempt and races its retry.
   */
  private final class StagingFiles {
    private final List<Future<StagedObject>> pending = new ArrayList<>();

    StagingFiles(List<StageRequest> requests) {
      for (StageRequest request : requests) {
        pending.add(
            request.rows() == null || request.rows().isEmpty()
                ? CompletableFuture.completedFuture(null)
                : stagingPool.submit(() -> stage(request)));
      }
    }

    StagedObject await(int index) {
      try {
        return pending.get(index).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.apache.kafka.connect.errors.RetriableException(
            "Interrupted while staging files", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException runtime
            ? runtime
            : new IllegalStateException("Staging failed", cause);
      }
    }

    /** Every staged file; throws the first failure. */
    List<StagedObject> awaitAll() {
      List<StagedObject> staged = new ArrayList<>(pending.size());
      for (int i = 0; i < pending.size(); i++) {
        StagedObject file = await(i);
        if (file != null) {
          staged.add(file);
        }
      }
      return staged;
    }

    /**
     * Waits for every upload after a failure that is being reported anyway, or of files no longer
     * wanted before their keys are uploaded again.
     */
    void finishQuietly() {
      for (Future<StagedObject> future : pending) {
        try {
          future.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (ExecutionException alsoFailed) {
          LOG.debug("Staging also failed: {}", alsoFailed.getCause().getMessage());
        }
      }
    }
  }

  private StagedObject stage(StageRequest request) {
    return staging.put(
        request.key(), ParquetRows.write(request.columns(), request.rows(), compression));
  }

  /** Stops the staging threads. */
  public void close() {
    stagingPool.shutdownNow();
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
