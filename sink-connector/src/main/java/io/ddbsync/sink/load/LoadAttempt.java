package io.ddbsync.sink.load;

import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.flatten.RowGroup;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.SystemColumns;
import io.ddbsync.sink.stage.StagedObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One attempt at loading a batch, inside its transaction: the statements that apply the staged
 * files (COPY into staging tables or straight into targets, MERGE, DELETE, soft removals, child
 * rows, expired items kept from sweeps), and what it learned on the way (the file being copied when
 * a statement failed, the records of each file's rows).
 */
final class LoadAttempt {
  private final Dialect dialect;
  private final LoadStatements statements;
  private final Connection connection;
  private final Batch batch;
  private final BatchTables prepared;
  private final StagedBatch files;
  private final PhaseTimer timer;
  private final String stageBase;
  private final String upsertStage;
  private final String deleteStage;
  private final String softDeleteStage;
  private final String keepStage;
  // The records of each staged file's rows, to name the records of rows the database refuses.
  private final RecordsByFile recordsByFile = new RecordsByFile();
  // Set by the loader once the transaction began; what the load did, read by it once it commits.
  Statement statement;
  private StagedObject upserts;
  private StagedObject deletes;
  BatchKeys newKeys;
  StagedObject copying;
  int childRows;
  int swept;

  LoadAttempt(
      Dialect dialect,
      Connection connection,
      Batch batch,
      BatchTables prepared,
      StagedBatch files,
      PhaseTimer timer) {
    this.dialect = dialect;
    this.statements = dialect.statements();
    this.connection = connection;
    this.batch = batch;
    this.prepared = prepared;
    this.files = files;
    this.timer = timer;
    String parent = prepared.parent().name();
    this.stageBase = Identifiers.fit("ddbsync_stage_" + parent, parent);
    this.upsertStage = Identifiers.fit(stageBase + "_u", stageBase + "u");
    this.deleteStage = Identifiers.fit(stageBase + "_d", stageBase + "d");
    this.softDeleteStage = Identifiers.fit(stageBase + "_s", stageBase + "s");
    this.keepStage = Identifiers.fit(stageBase + "_k", stageBase + "k");
  }

  void run(List<PhysicalTable> otherChildren) throws SQLException {
    PhysicalTable parent = prepared.parent();
    upserts = files.upserts();
    deletes = files.deletes();
    StagedObject softDeletes = files.softDeletes();
    StagedObject keeps = files.keeps();
    remember(upserts, batch.rows().upserts());
    remember(deletes, batch.rows().deletes());
    remember(softDeletes, batch.rows().softDeletes());
    remember(keeps, batch.rows().keeps());
    timer.mark("stage parent files");
    newKeys = upserts == null ? null : newKeys(parent);
    timer.mark("check for new keys");
    upserts();
    if (deletes != null) {
      List<Column> columns = BatchStager.deleteColumns(parent);
      statement.execute(statements.createStaging(deleteStage, columns));
      copy(deleteStage, columns, deletes);
      statement.execute(statements.hardDelete(parent, deleteStage));
    }
    if (softDeletes != null) {
      softDeletes(softDeletes);
    }
    for (int i = 0; i < prepared.children().size(); i++) {
      String list = batch.layout().children().get(i).name();
      replaceChildren(prepared.children().get(i), list, files.child(list), i);
    }
    for (PhysicalTable child : otherChildren) {
      // A list this batch's schemas do not know: its rows of the changed items go all the same.
      removeChildren(child);
    }
    if (keeps != null) {
      keep(keeps, otherChildren);
    }
    statement.execute(statements.dropStaging(upsertStage));
    statement.execute(statements.dropStaging(deleteStage));
    statement.execute(statements.dropStaging(softDeleteStage));
    statement.execute(statements.dropStaging(keepStage));
  }

  /** Straight into the target when every key is new, else staged and merged. */
  private void upserts() throws SQLException {
    PhysicalTable parent = prepared.parent();
    if (newKeys != null) {
      // None of the keys is in the target (an initial load): the MERGE would insert every row
      // as it is, so the rows go straight in. The primary key rejects a key another writer
      // inserts meanwhile, and the retry of that failure finds the key and merges.
      copyInto(parent, upserts);
      timer.mark("copy new rows");
    } else if (upserts != null) {
      statement.execute(statements.createStaging(upsertStage, parent.columns()));
      copy(upsertStage, parent.columns(), upserts);
      timer.mark("copy upserts");
      statement.execute(
          statements.merge(
              parent, upsertStage, parent.columns(), LoadStatements.nullUpdates(parent)));
      timer.mark("merge");
    }
  }

  /**
   * Items expired under ttl.removals=KEEP: their rows, and their child rows in every child table
   * that records generations, are taken out of every later sweep.
   */
  private void keep(StagedObject keeps, List<PhysicalTable> otherChildren) throws SQLException {
    PhysicalTable parent = prepared.parent();
    List<Column> columns = BatchStager.deleteColumns(parent);
    statement.execute(statements.createStaging(keepStage, columns));
    copy(keepStage, columns, keeps);
    List<PhysicalTable> tables = new ArrayList<>();
    tables.add(parent);
    tables.addAll(prepared.children());
    tables.addAll(otherChildren);
    for (PhysicalTable table : tables) {
      Optional<String> generation =
          SystemColumns.nameOf(
              dialect.catalog().columns(connection, table.schema(), table.name()),
              SystemColumns.SNAPSHOT_START);
      if (generation.isPresent()) {
        List<Column> keys = table.columns().subList(0, parent.keyColumns().size());
        statement.execute(statements.keepFromSweeps(table, keys, keepStage, generation.get()));
      }
    }
    timer.mark("keep expired items");
  }

  private void softDeletes(StagedObject softDeletes) throws SQLException {
    PhysicalTable parent = prepared.parent();
    List<Column> columns = BatchStager.softDeleteColumns(parent);
    statement.execute(statements.createStaging(softDeleteStage, columns));
    copy(softDeleteStage, columns, softDeletes);
    Optional<Column> expired = BatchStager.expiredColumn(parent);
    statement.execute(
        statements.softDelete(
            parent,
            softDeleteStage,
            SystemColumns.nameOf(parent.columns(), SystemColumns.DELETED).orElseThrow(),
            SystemColumns.nameOf(parent.columns(), SystemColumns.DELETED_AT).orElseThrow(),
            SystemColumns.EVENT_TIME,
            expired.map(Column::name).orElse(null),
            expired.isPresent() ? SystemColumns.EXPIRED : null));
  }

  /** The old rows of every changed or removed item out, the batch's rows of {@code list} in. */
  private void replaceChildren(PhysicalTable child, String list, StagedObject file, int index)
      throws SQLException {
    removeChildren(child);
    timer.mark("delete old child rows");
    remember(file, batch.rows().child(list));
    timer.mark("stage child file");
    if (file != null && copiesStraightInto(child)) {
      // The old rows of every item in the batch are gone: the new ones are a plain append,
      // loaded straight into the child table without a staging table.
      copyInto(child, file);
      timer.mark("copy child rows");
      childRows += batch.rows().child(list).size();
    } else if (file != null) {
      String childStage = Identifiers.fit(stageBase + "_c" + index, stageBase + "c" + index);
      statement.execute(statements.createStaging(childStage, child.columns()));
      copy(childStage, child.columns(), file);
      timer.mark("copy child rows");
      statement.execute(statements.insertChildren(child, childStage, child.columns()));
      timer.mark("insert child rows");
      statement.execute(statements.dropStaging(childStage));
      childRows += batch.rows().child(list).size();
    }
  }

  /** The child rows of every upserted or removed item (soft removals keep theirs). */
  private void removeChildren(PhysicalTable child) throws SQLException {
    List<Column> parentKeys = child.columns().subList(0, prepared.parent().keyColumns().size());
    if (newKeys != null) {
      // Children of keys not in the parent table should not exist, but rows left behind by
      // hand would collide with the new ones.
      newKeys.deleteChildren(connection, child, parentKeys, statements);
    } else if (upserts != null) {
      statement.execute(statements.deleteChildren(child, parentKeys, upsertStage));
    }
    if (deletes != null) {
      statement.execute(statements.deleteChildren(child, parentKeys, deleteStage));
    }
  }

  private void copy(String stagingTable, List<Column> columns, StagedObject file)
      throws SQLException {
    copying = file;
    dialect.copy(connection, stagingTable, columns, file);
    copying = null;
  }

  private void copyInto(PhysicalTable table, StagedObject file) throws SQLException {
    copying = file;
    dialect.copyInto(connection, table.qualifiedName(), table.columns(), file);
    copying = null;
  }

  private void remember(StagedObject file, RowGroup group) {
    recordsByFile.remember(file, group.records());
  }

  /**
   * The records of the rows the load errors name (by row of a staged file); none for an error about
   * a file as a whole, or of a file that is not the batch's.
   */
  List<SinkRecord> refusedRecords(List<Dialect.LoadError> errors) {
    return recordsByFile.refused(errors);
  }

  /**
   * The batch's upsert keys when the dialect enforces primary keys, the target has no SUPER column
   * (staged as text, converted by the MERGE) and none of the keys is in it yet; otherwise null, and
   * the upserts are merged. New rows leave the columns this batch does not map NULL, as a MERGE
   * sets them.
   */
  private BatchKeys newKeys(PhysicalTable parent) throws SQLException {
    if (!copiesStraightInto(parent)) {
      return null;
    }
    Optional<BatchKeys> keys = BatchKeys.of(dialect, parent, batch.rows().upserts().rows());
    if (keys.isEmpty() || keys.get().anyPresentIn(connection, parent, statements)) {
      return null;
    }
    return keys.get();
  }

  /**
   * Whether a staged file can be copied into the table itself: where the dialect's COPY allows it
   * ({@link Dialect#copiesStraightIntoTargets}), and SUPER values are staged as text, which only
   * some dialects' COPY turns into the table's JSON type.
   */
  private boolean copiesStraightInto(PhysicalTable table) {
    return dialect.copiesStraightIntoTargets()
        && (dialect.copiesJsonIntoTables()
            || table.columns().stream().noneMatch(c -> c.type().kind() == SqlType.Kind.SUPER));
  }
}
