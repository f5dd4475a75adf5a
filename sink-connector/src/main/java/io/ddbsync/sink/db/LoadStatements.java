package io.ddbsync.sink.db;

import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The statements that apply a staged batch, in the SQL subset Redshift and PostgreSQL share: one
 * MERGE with a single WHEN MATCHED (an UPDATE) and a single WHEN NOT MATCHED (an INSERT), DELETE
 * ... USING, UPDATE ... FROM, INSERT ... SELECT. Every identifier is quoted by {@link
 * Identifiers#quote}. A dialect whose SQL differs extends this class and hands out its own from
 * {@link Dialect#statements}.
 */
public class LoadStatements {
  private final Dialect dialect;

  public LoadStatements(Dialect dialect) {
    this.dialect = dialect;
  }

  public String createStaging(String stagingTable, List<Column> columns) {
    List<String> definitions = new ArrayList<>(columns.size());
    for (Column column : columns) {
      definitions.add(Identifiers.quote(column.name()) + " " + dialect.stagingType(column));
    }
    return "CREATE TEMP TABLE "
        + Identifiers.quote(stagingTable)
        + " ("
        + String.join(", ", definitions)
        + ")";
  }

  public String dropStaging(String stagingTable) {
    return "DROP TABLE IF EXISTS " + Identifiers.quote(stagingTable);
  }

  /** Upserts: update matched rows (not their key), insert the others. */
  public String merge(
      PhysicalTable target, String stagingTable, List<Column> columns, List<String> extraUpdates) {
    String staged = Identifiers.quote(stagingTable);
    List<String> updates = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Column column : columns) {
      String value = dialect.fromStaged(column, staged + "." + Identifiers.quote(column.name()));
      names.add(Identifiers.quote(column.name()));
      values.add(value);
      if (!target.keyColumns().contains(column)) {
        updates.add(Identifiers.quote(column.name()) + " = " + value);
      }
    }
    updates.addAll(extraUpdates);
    StringBuilder sql = new StringBuilder();
    sql.append("MERGE INTO ").append(target.qualifiedName()).append(" USING ").append(staged);
    sql.append(" ON ").append(keyMatch(target, target.qualifiedName(), staged));
    if (!updates.isEmpty()) {
      sql.append(" WHEN MATCHED THEN UPDATE SET ").append(String.join(", ", updates));
    } else {
      // Redshift needs a WHEN MATCHED clause; a key-only table re-sets its first key column.
      String key = Identifiers.quote(target.keyColumns().get(0).name());
      sql.append(" WHEN MATCHED THEN UPDATE SET ")
          .append(key)
          .append(" = ")
          .append(staged)
          .append('.')
          .append(key);
    }
    sql.append(" WHEN NOT MATCHED THEN INSERT (")
        .append(String.join(", ", names))
        .append(") VALUES (");
    sql.append(String.join(", ", values)).append(')');
    return sql.toString();
  }

  public String hardDelete(PhysicalTable target, String stagingTable) {
    String staged = Identifiers.quote(stagingTable);
    return "DELETE FROM "
        + target.qualifiedName()
        + " USING "
        + staged
        + " WHERE "
        + keyMatch(target, target.qualifiedName(), staged);
  }

  /**
   * Flags removed rows: deleted, the removal time, and (where the table records expiry, {@code
   * expiredColumn} not null) whether the item expired by its time to live.
   */
  public String softDelete(
      PhysicalTable target,
      String stagingTable,
      String deletedColumn,
      String deletedAtColumn,
      String eventTimeColumn,
      String expiredColumn,
      String stagedExpiredColumn) {
    String staged = Identifiers.quote(stagingTable);
    return "UPDATE "
        + target.qualifiedName()
        + " SET "
        + Identifiers.quote(deletedColumn)
        + " = TRUE, "
        + Identifiers.quote(deletedAtColumn)
        + " = "
        + staged
        + "."
        + Identifiers.quote(eventTimeColumn)
        + (expiredColumn == null
            ? ""
            : ", "
                + Identifiers.quote(expiredColumn)
                + " = "
                + staged
                + "."
                + Identifiers.quote(stagedExpiredColumn))
        + " FROM "
        + staged
        + " WHERE "
        + keyMatch(target, target.qualifiedName(), staged);
  }

  /** As {@link #softDelete(PhysicalTable, String, String, String, String, String, String)}. */
  public String softDelete(
      PhysicalTable target,
      String stagingTable,
      String deletedColumn,
      String deletedAtColumn,
      String eventTimeColumn) {
    return softDelete(
        target, stagingTable, deletedColumn, deletedAtColumn, eventTimeColumn, null, null);
  }

  /**
   * Takes the rows of the keys in a staging table out of every sweep (items expired under
   * ttl.removals=KEEP): their generation becomes unknown, which no snapshot's end proves older.
   * {@code keys} are the table's columns holding the item's key, matched to the staged ones by
   * name.
   */
  public String keepFromSweeps(
      PhysicalTable table, List<Column> keys, String stagingTable, String generationColumn) {
    String staged = Identifiers.quote(stagingTable);
    List<String> conditions = new ArrayList<>();
    for (Column key : keys) {
      conditions.add(
          dialect.keyEquals(
              key,
              table.qualifiedName() + "." + Identifiers.quote(key.name()),
              staged + "." + Identifiers.quote(key.name())));
    }
    return "UPDATE "
        + table.qualifiedName()
        + " SET "
        + Identifiers.quote(generationColumn)
        + " = NULL FROM "
        + staged
        + " WHERE "
        + String.join(" AND ", conditions);
  }

  /** The updates of a MERGE that set the connector's columns a batch does not map to NULL. */
  public static List<String> nullUpdates(PhysicalTable target) {
    List<String> updates = new ArrayList<>();
    for (Column column : target.unmapped()) {
      updates.add(Identifiers.quote(column.name()) + " = NULL");
    }
    return updates;
  }

  /** Deletes the child rows of every parent in a staging table (changed or removed parents). */
  public String deleteChildren(PhysicalTable child, List<Column> parentKeys, String stagingTable) {
    String staged = Identifiers.quote(stagingTable);
    List<String> conditions = new ArrayList<>();
    for (Column key : parentKeys) {
      conditions.add(
          dialect.keyEquals(
              key,
              child.qualifiedName() + "." + Identifiers.quote(key.name()),
              staged + "." + Identifiers.quote(key.name())));
    }
    return "DELETE FROM "
        + child.qualifiedName()
        + " USING "
        + staged
        + " WHERE "
        + String.join(" AND ", conditions);
  }

  /**
   * One row if any of a batch's keys is already in the target, none otherwise. The keys are bound
   * as one array parameter per key column, of the given element types ({@link
   * Dialect#keyArrayType}); PostgreSQL only.
   */
  public String anyKeyPresent(PhysicalTable target, List<String> elementTypes) {
    return "SELECT 1 FROM "
        + target.qualifiedName()
        + " JOIN "
        + keyArrays(elementTypes)
        + " ON "
        + arrayKeyMatch(target.qualifiedName(), target.keyColumns())
        + " LIMIT 1";
  }

  /** Deletes the child rows of the keys bound as in {@link #anyKeyPresent}. */
  public String deleteChildrenOfKeys(
      PhysicalTable child, List<Column> parentKeys, List<String> elementTypes) {
    return "DELETE FROM "
        + child.qualifiedName()
        + " USING "
        + keyArrays(elementTypes)
        + " WHERE "
        + arrayKeyMatch(child.qualifiedName(), parentKeys);
  }

  /** {@code unnest(?::varchar[], ?::int8[]) AS "_keys"("_k0", "_k1")}: the bound key arrays. */
  private static String keyArrays(List<String> elementTypes) {
    List<String> arrays = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < elementTypes.size(); i++) {
      String type = elementTypes.get(i);
      if (!type.matches("[a-z0-9]+")) {
        throw new IllegalArgumentException("Not an array element type: " + type);
      }
      arrays.add("?::" + type + "[]");
      names.add(Identifiers.quote("_k" + i));
    }
    return "unnest("
        + String.join(", ", arrays)
        + ") AS "
        + Identifiers.quote("_keys")
        + "("
        + String.join(", ", names)
        + ")";
  }

  private static String arrayKeyMatch(String qualifiedTable, List<Column> keys) {
    List<String> conditions = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      conditions.add(
          qualifiedTable
              + "."
              + Identifiers.quote(keys.get(i).name())
              + " = "
              + Identifiers.quote("_keys")
              + "."
              + Identifiers.quote("_k" + i));
    }
    return String.join(" AND ", conditions);
  }

  public String insertChildren(PhysicalTable child, String stagingTable, List<Column> columns) {
    String staged = Identifiers.quote(stagingTable);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Column column : columns) {
      names.add(Identifiers.quote(column.name()));
      values.add(dialect.fromStaged(column, staged + "." + Identifiers.quote(column.name())));
    }
    return "INSERT INTO "
        + child.qualifiedName()
        + " ("
        + String.join(", ", names)
        + ") SELECT "
        + String.join(", ", values)
        + " FROM "
        + staged;
  }

  public String addColumn(PhysicalTable table, Column column) {
    return "ALTER TABLE "
        + table.qualifiedName()
        + " ADD COLUMN "
        + Identifiers.quote(column.name())
        + " "
        + dialect.columnType(column.type())
        + dialect.columnOptions(column, false);
  }

  public String widenColumn(PhysicalTable table, Column column) {
    return "ALTER TABLE "
        + table.qualifiedName()
        + " ALTER COLUMN "
        + Identifiers.quote(column.name())
        + " TYPE "
        + dialect.columnType(column.type());
  }

  public String comment(PhysicalTable table, Column column) {
    String text = dialect.literal(Catalog.COMMENT_PREFIX + column.fieldPath());
    return "COMMENT ON COLUMN "
        + table.qualifiedName()
        + "."
        + Identifiers.quote(column.name())
        + " IS '"
        + text
        + "'";
  }

  /** Records where the table's rows come from (see {@link TableSource}). */
  public String tableComment(PhysicalTable table, TableSource source) {
    return "COMMENT ON TABLE "
        + table.qualifiedName()
        + " IS '"
        + dialect.literal(source.comment())
        + "'";
  }

  /** Records where an item table's rows come from and what it saw of snapshot generations. */
  public String tableComment(
      String qualifiedTable, TableSource source, SnapshotGenerations generations) {
    return "COMMENT ON TABLE "
        + qualifiedTable
        + " IS '"
        + dialect.literal(source.comment(generations))
        + "'";
  }

  /**
   * Deletes the rows written by changes of snapshot generations older than {@code micros}. Rows of
   * no known generation (written before generations were recorded, by a source that recorded none,
   * or kept by ttl.removals=KEEP) are never older: nothing proves their items gone.
   */
  public String deleteOlderGenerations(
      String qualifiedTable, String generationColumn, long micros) {
    return "DELETE FROM " + qualifiedTable + " WHERE " + olderThan(generationColumn, micros);
  }

  /**
   * Flags as removed, at {@code micros}, the rows not yet flagged that were written by changes of
   * snapshot generations older than {@code micros} (never rows of no known generation).
   */
  public String flagOlderGenerations(
      String qualifiedTable,
      String generationColumn,
      String deletedColumn,
      String deletedAtColumn,
      long micros) {
    String deleted = Identifiers.quote(deletedColumn);
    return "UPDATE "
        + qualifiedTable
        + " SET "
        + deleted
        + " = TRUE, "
        + Identifiers.quote(deletedAtColumn)
        + " = "
        + timestamp(micros)
        + " WHERE ("
        + olderThan(generationColumn, micros)
        + ") AND ("
        + deleted
        + " IS NULL OR "
        + deleted
        + " = FALSE)";
  }

  private static String olderThan(String generationColumn, long micros) {
    return Identifiers.quote(generationColumn) + " < " + timestamp(micros);
  }

  /** A TIMESTAMP literal of UTC wall time, as the connector stores times. */
  static String timestamp(long micros) {
    java.time.Instant instant =
        java.time.Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    String text =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(java.time.ZoneOffset.UTC)
            .format(instant);
    return "CAST('" + text + "' AS TIMESTAMP)";
  }

  public static List<Column> columnsWhere(List<Column> columns, Predicate<Column> predicate) {
    return columns.stream().filter(predicate).toList();
  }

  private String keyMatch(PhysicalTable target, String targetName, String staged) {
    List<String> conditions = new ArrayList<>();
    for (Column key : target.keyColumns()) {
      String quoted = Identifiers.quote(key.name());
      conditions.add(dialect.keyEquals(key, targetName + "." + quoted, staged + "." + quoted));
    }
    return String.join(" AND ", conditions);
  }
}
