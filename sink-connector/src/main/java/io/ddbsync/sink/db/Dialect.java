package io.ddbsync.sink.db;

import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.settings.SinkEnums;
import io.ddbsync.sink.stage.StagedObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Everything that differs between the warehouses the sink loads: type names and limits, table
 * options, the catalog, how a staged file gets into a table, how JSON text becomes SUPER/JSONB,
 * which failures are transient and where load errors are recorded. What a dialect is before it is
 * created (its URL form, JDBC driver, settings and their checks) is its {@link DialectDefinition};
 * {@link Dialects} is the one factory. The MERGE, DELETE and child-replacement statements are the
 * dialect's too ({@link #statements}): shared by both dialects today, open to a dialect's own.
 *
 * <p>The capabilities that tell the loader which way to go where the warehouses differ: {@link
 * #canAlterTypeInTransaction}, {@link #canWidenKeyColumns}, {@link #copiesStraightIntoTargets},
 * {@link #copiesJsonIntoTables}, {@link #keyArrayType}.
 */
public interface Dialect {
  SinkEnums.DialectName name();

  /** The longest values this dialect's columns take. */
  TypeLimits limits();

  /** How this dialect reads its tables and schemas. */
  Catalog catalog();

  /**
   * The statements that apply a staged batch, built once: {@link LoadStatements} in the subset
   * Redshift and PostgreSQL share, or a dialect's subclass of it.
   */
  LoadStatements statements();

  /** The type of a column in a target table. */
  String columnType(SqlType type);

  /**
   * The type of a column in a staging table. JSON columns are staged as text and parsed while
   * merging ({@link #fromStaged}).
   */
  String stagingType(Column column);

  /** The expression that turns a staged column's value into the target column's value. */
  String fromStaged(Column column, String stagedExpression);

  /** The statement that refreshes a table's planner statistics ({@code qualified} is quoted). */
  default String analyze(String qualifiedTable) {
    return "ANALYZE " + qualifiedTable;
  }

  /** The body of a string literal holding {@code text}: quotes doubled, and what else it needs. */
  default String literal(String text) {
    return text.replace("'", "''");
  }

  /**
   * CREATE TABLE with the dialect's table options; never IF NOT EXISTS: when two tasks create one
   * table, the database lets one do it and the other's attempt fails, so the other reads the table
   * (and whose it is) again.
   */
  String createTable(PhysicalTable table);

  /**
   * The statement, first in a load's transaction, that makes the loads of other tasks into the same
   * tables wait for this one to commit: what the load reads (the table's comment, the keys present)
   * then stays true until it commits, and concurrent writers never abort each other. {@code tables}
   * are quoted names, always in the same (sorted) order so that two loads never wait for each
   * other. PostgreSQL's SHARE ROW EXCLUSIVE mode lets readers in; Redshift has one lock mode.
   */
  default String lockTables(List<String> tables) {
    return "LOCK TABLE " + String.join(", ", tables) + " IN SHARE ROW EXCLUSIVE MODE";
  }

  /** Whether ALTER COLUMN ... TYPE may run inside a transaction block (not on Redshift). */
  boolean canAlterTypeInTransaction();

  /**
   * Whether a primary key column may be widened (Redshift refuses ALTER COLUMN TYPE on PRIMARY KEY
   * columns, so the sink creates key columns at DynamoDB's longest key instead).
   */
  default boolean canWidenKeyColumns() {
    return true;
  }

  /**
   * What follows a column's type in CREATE TABLE and ADD COLUMN, such as its compression encoding;
   * empty by default.
   *
   * @param sortKey whether the column is part of the table's sort key
   */
  default String columnOptions(Column column, boolean sortKey) {
    return "";
  }

  /**
   * The condition that two key values are the same DynamoDB key. Plain equality by default;
   * Redshift compares VARCHARs ignoring trailing blanks, so it also compares their lengths.
   */
  default String keyEquals(Column key, String left, String right) {
    return left + " = " + right;
  }

  /**
   * Whether a staged file may be copied straight into a target table (a child table's new rows)
   * rather than through a staging table. Redshift's columnar COPY needs the file to have every
   * column of the table, which a target table that gained columns no longer has.
   */
  default boolean copiesStraightIntoTargets() {
    return true;
  }

  /** Loads a staged Parquet file into a staging table, columns by position. */
  default void copy(
      Connection connection, String stagingTable, List<Column> columns, StagedObject file)
      throws SQLException {
    copyInto(connection, Identifiers.quote(stagingTable), columns, file);
  }

  /**
   * Loads a staged Parquet file into a table given by its quoted (possibly schema-qualified) name,
   * columns by position. The columns must have the table's own types, and SUPER columns only where
   * {@link #copiesJsonIntoTables()}: elsewhere SUPER is staged as text and converted by the
   * statements that read staging tables.
   */
  void copyInto(Connection connection, String quotedTable, List<Column> columns, StagedObject file)
      throws SQLException;

  /** Whether {@link #copyInto} turns staged JSON text into the table's SUPER (JSONB) columns. */
  default boolean copiesJsonIntoTables() {
    return false;
  }

  /**
   * After a failed load, what the database recorded about it: Redshift's load error tables, or the
   * row PostgreSQL names in the error of a COPY. {@code failure} is the statement's error and
   * {@code copying} the staged file being loaded when it failed (null if none was).
   */
  List<LoadError> loadErrors(Connection connection, SQLException failure, StagedObject copying)
      throws SQLException;

  /**
   * The SQL array element type with which a batch's keys of this type are checked against the
   * target in one statement, where the database enforces primary keys; empty where it does not
   * (Redshift: keys are informational, so every load merges) or for key types without one.
   */
  default Optional<String> keyArrayType(SqlType type) {
    return Optional.empty();
  }

  /**
   * The query that names this session: one row of its process id and its start, which together tell
   * it from any later session that reuses the id.
   */
  default String sessionQuery() {
    return "SELECT pid, CAST(backend_start AS VARCHAR) FROM pg_catalog.pg_stat_activity"
        + " WHERE pid = pg_backend_pid()";
  }

  /**
   * The query that counts the live sessions with a process id and start (bound in this order), so
   * that a session the network cut off is ended only while it is still the same session.
   */
  default String liveSessionQuery() {
    return "SELECT COUNT(*) FROM pg_catalog.pg_stat_activity WHERE pid = ?"
        + " AND CAST(backend_start AS VARCHAR) = ?";
  }

  /**
   * The longest string, in bytes, that the database stores whole in a SUPER (JSONB) value, such as
   * the overflow column of a string longer than a VARCHAR; unlimited by default.
   */
  default int maxSuperStringBytes(Connection connection) throws SQLException {
    return Integer.MAX_VALUE;
  }

  /**
   * How many files a table's rows in a batch are staged as, loaded by one COPY through a manifest:
   * one by default (PostgreSQL COPYs from memory); Redshift splits large tables' rows over its
   * slices. Asked before each load; a dialect that reads it from the database does so once.
   */
  default CopySplit copySplit(Connection connection) throws SQLException {
    return CopySplit.ONE_FILE;
  }

  /** True for failures a retry may cure: connections, serialization conflicts, timeouts. */
  boolean isTransient(SQLException error);

  /**
   * One row of a load error table: which row of which file (1-based; 0 when the error is about the
   * file as a whole), which column, the error code, why.
   */
  record LoadError(String file, long line, String column, int code, String reason) {
    public LoadError(String file, long line, String column, String reason) {
      this(file, line, column, 0, reason);
    }

    /**
     * Whether the error is about one row's value, so that its record can go to the dead letter
     * queue; errors about the file (its schema, its column count, reading it) are not, whatever row
     * number they carry.
     */
    public boolean rowLevel() {
      String text = reason == null ? "" : reason.trim();
      return line >= 1
          && !text.startsWith("Spectrum Scan Error")
          && !text.toLowerCase(java.util.Locale.ROOT).contains("parquet schema")
          && !(code >= 15000 && code < 16000);
    }

    /**
     * Whether the error is about a value the database could not store without naming its row, as
     * Redshift Spectrum's scan of a Parquet file reports it ("Spectrum Scan Error" about a value,
     * not about the file's schema): the batch is then split until the record is found.
     */
    public boolean valueWithoutRow() {
      String text = reason == null ? "" : reason.trim().toLowerCase(java.util.Locale.ROOT);
      return !rowLevel()
          && text.startsWith("spectrum scan error")
          && !text.contains("parquet schema")
          && !text.contains("incompatible");
    }

    @Override
    public String toString() {
      return file
          + " row "
          + line
          + (column == null || column.isBlank() ? "" : " column " + column.trim())
          + ": "
          + reason.trim();
    }
  }
}
