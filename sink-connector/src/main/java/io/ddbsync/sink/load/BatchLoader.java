package io.ddbsync.sink.load;

import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.db.SnapshotGenerations;
import io.ddbsync.sink.db.TableSource;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.sink.stage.StagingStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one batch, as a transaction script: brings the tables up to date, has the {@link
 * BatchStager} stage the files, then in one transaction COPYs them into staging tables, MERGEs the
 * upserts (each a whole item: the connector's columns the batch's schemas lack become NULL),
 * deletes or flags removed keys, and replaces the rows of every changed or removed item in every
 * child table the catalog knows for its DynamoDB table. Applying the same batch twice leaves the
 * same rows. Where the database enforces primary keys (PostgreSQL) and none of the upserted keys is
 * in the target yet, the upserts are copied straight into it instead of being staged and merged.
 * When the batch completes a snapshot, or holds a change older than the snapshot the table last saw
 * complete, the {@link GenerationSweep} then removes the rows of older generations.
 */
public final class BatchLoader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);

  private final Dialect dialect;
  private final LoadStatements statements;
  private final TableManager tables;
  private final BatchStager stager;
  private final GenerationSweep sweep;
  private final TableAnalyzer analyzer;
  private final Watermarks watermarks;

  public BatchLoader(
      Dialect dialect,
      TableManager tables,
      StagingStore staging,
      String prefix,
      CompressionCodecName compression,
      boolean keepFiles) {
    this(
        dialect, tables, staging, prefix, compression, keepFiles, TableAnalyzer.Settings.OFF, null);
  }

  /**
   * @param analyze when tables get ANALYZE after a load commits
   * @param watermarks where heartbeats are recorded; null when the watermark table is off
   */
  public BatchLoader(
      Dialect dialect,
      TableManager tables,
      StagingStore staging,
      String prefix,
      CompressionCodecName compression,
      boolean keepFiles,
      TableAnalyzer.Settings analyze,
      Watermarks watermarks) {
    this.dialect = dialect;
    this.statements = dialect.statements();
    this.tables = tables;
    this.stager = new BatchStager(staging, prefix, compression, keepFiles);
    this.sweep = new GenerationSweep(dialect, tables);
    this.analyzer = new TableAnalyzer(dialect, analyze);
    this.watermarks = watermarks;
  }

  public boolean isTransient(SQLException error) {
    return dialect.isTransient(error);
  }

  /**
   * Stages {@code batch}'s files now, while another load runs, if its tables are known and need no
   * DDL; {@link #load} uses them if the tables it prepares for the batch are still the same.
   */
  public void prestage(Batch batch) {
    if (batch.completesOnly()) {
      return;
    }
    BatchTables planned;
    try {
      TableSource source = TableSource.of(batch.layout().source(), batch.sourceTopic());
      planned = BatchTables.of(batch, source, spec -> tables.planned(spec).orElse(null));
    } catch (SQLException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
    if (planned != null) {
      stager.prestage(batch, planned);
    }
  }

  public LoadResult load(Connection connection, Batch batch) throws SQLException {
    if (batch.completesOnly()) {
      LoadResult result = sweep.completeOnly(connection, batch);
      if (result.snapshotCompleted()) {
        TableSource source = TableSource.of(batch.layout().source(), batch.sourceTopic());
        List<String> loaded = new java.util.ArrayList<>();
        loaded.add(qualified(batch.layout().name()));
        for (String child : dialect.catalog().childTables(connection, tables.schema(), source)) {
          loaded.add(qualified(child));
        }
        analyzer.analyze(connection, analyzer.due(loaded, 0, true));
      }
      recordHeartbeatsAlone(connection, batch);
      return result;
    }
    PhaseTimer timer = new PhaseTimer();
    TableSource source = TableSource.of(batch.layout().source(), batch.sourceTopic());
    BatchTables prepared = BatchTables.of(batch, source, spec -> tables.prepare(connection, spec));
    PhysicalTable parent = prepared.parent();
    Set<String> inLayout = new HashSet<>();
    prepared.children().forEach(child -> inLayout.add(child.name()));
    List<PhysicalTable> otherChildren = tables.otherChildren(connection, source, parent, inLayout);
    long completed =
        dialect.catalog().generations(connection, parent.schema(), parent.name()).completedMicros();
    LoadPrechecks.refuseOversizedSuperStrings(dialect, connection, batch, prepared);
    boolean heartbeats = watermarks != null && !batch.heartbeats().isEmpty();
    if (heartbeats) {
      watermarks.ensureCreated(connection);
    }
    stager.splitFilesBy(dialect.copySplit(connection));
    // No transaction stays open while files are staged (nor, on Redshift, an old snapshot of the
    // catalog): a load holds the tables' lock only for its statements.
    endTransaction(connection);
    LoadPrechecks.refuseStaleChanges(batch, parent, completed);
    timer.mark("prepare tables");
    StagedBatch files = stager.stagingFor(batch, prepared);
    LoadAttempt attempt = new LoadAttempt(dialect, connection, batch, prepared, files, timer);
    try {
      files.awaitAll();
      timer.mark("stage files");
    } catch (RuntimeException failed) {
      stager.cleanUp(files.finishQuietly());
      throw failed;
    }
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      attempt.statement = statement;
      List<String> locked = lockOrder(prepared, otherChildren, heartbeats ? watermarks : null);
      statement.execute(dialect.lockTables(locked));
      SnapshotGenerations recorded =
          dialect.catalog().generations(connection, parent.schema(), parent.name());
      if (recorded.completedMicros() != completed) {
        // Another task recorded a newer snapshot's end meanwhile.
        LoadPrechecks.refuseStaleChanges(batch, parent, recorded.completedMicros());
      }
      timer.mark("lock tables");
      attempt.run(otherChildren);
      GenerationSweep.EndsRecorded ends =
          sweep.afterLoad(connection, statement, batch, parent, source, recorded);
      attempt.swept = ends.swept();
      if (heartbeats) {
        watermarks.record(statement, parent.name(), batch.heartbeats(), java.time.Instant.now());
      }
      timer.mark("record snapshot ends");
      connection.commit();
      timer.mark("commit");
      List<String> loaded = new java.util.ArrayList<>();
      loaded.add(parent.qualifiedName());
      prepared.children().forEach(child -> loaded.add(child.qualifiedName()));
      long rows =
          (long) batch.rows().upserts().size()
              + batch.rows().deletes().size()
              + batch.rows().softDeletes().size()
              + attempt.childRows;
      if (!analyzer.analyze(connection, analyzer.due(loaded, rows, ends.completed())).isEmpty()) {
        timer.mark("analyze");
      }
      List<StagedObject> staged = files.awaitAll();
      long bytes =
          staged.stream()
              .flatMap(file -> file.files().stream())
              .mapToLong(StagedObject::size)
              .sum();
      stager.cleanUp(staged);
      timer.mark("clean up");
      LOG.debug("Load of {} into {}: {}", batch.rangeDescription(), parent.name(), timer);
      return new LoadResult(
          batch.rows().upserts().size(),
          batch.rows().deletes().size() + batch.rows().softDeletes().size() + attempt.swept,
          attempt.childRows,
          bytes,
          attempt.newKeys != null,
          ends.completed());
    } catch (RuntimeException failed) {
      // Nothing of the statements that ran may commit.
      rollback(connection);
      stager.cleanUp(files.finishQuietly());
      throw failed;
    } catch (SQLException e) {
      rollback(connection);
      tables.forget();
      List<Dialect.LoadError> errors = loadErrorsAfter(connection, e, attempt.copying);
      stager.cleanUp(files.finishQuietly());
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
          attempt.refusedRecords(errors));
    }
  }

  /**
   * Every table the load writes, in one order for all loads, so no two wait for each other; the
   * watermark table too when the batch carries heartbeats (null otherwise).
   */
  private static List<String> lockOrder(
      BatchTables prepared, List<PhysicalTable> otherChildren, Watermarks watermarks) {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    if (watermarks != null) {
      names.add(watermarks.qualifiedTable());
    }
    names.add(prepared.parent().qualifiedName());
    prepared.children().forEach(child -> names.add(child.qualifiedName()));
    otherChildren.forEach(child -> names.add(child.qualifiedName()));
    return List.copyOf(names);
  }

  /**
   * The heartbeats of a batch without rows (an idle table's): recorded in a transaction of their
   * own, which is all such a batch loads.
   */
  private void recordHeartbeatsAlone(Connection connection, Batch batch) throws SQLException {
    if (watermarks == null || batch.heartbeats().isEmpty()) {
      return;
    }
    watermarks.ensureCreated(connection);
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.lockTables(List.of(watermarks.qualifiedTable())));
      watermarks.record(
          statement, batch.layout().name(), batch.heartbeats(), java.time.Instant.now());
      connection.commit();
    } catch (SQLException e) {
      rollback(connection);
      throw e;
    }
  }

  private String qualified(String table) {
    return Identifiers.quote(tables.schema()) + "." + Identifiers.quote(table);
  }

  /** Stops the staging threads. */
  @Override
  public void close() {
    stager.close();
  }

  private List<Dialect.LoadError> loadErrorsAfter(
      Connection connection, SQLException failure, StagedObject copying) {
    try {
      return dialect.loadErrors(connection, failure, copying);
    } catch (SQLException e) {
      LOG.warn("Could not read the load error tables: {}", e.getMessage());
      return List.of();
    }
  }

  private static void endTransaction(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.rollback();
    }
  }

  private static void rollback(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.warn("Rollback failed: {}", e.getMessage());
    }
  }
}
