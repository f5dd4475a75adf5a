package io.ddbsync.sink.db;

import io.ddbsync.sink.SinkEnums;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.stage.StagedObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What differs between Redshift and PostgreSQL: type names, table options, how a staged file gets
 * into a staging table, how JSON text becomes SUPER/JSONB, and which failures are transient. The
 * MERGE, DELETE and child-replacement statements are shared ({@link LoadStatements}).
 */
public interface Dialect {
  SinkEnums.DialectName name();

  /** The type of a column in a target table. */
  String columnType(SqlType type);

  /**
   * The type of a column in a staging table. JSON columns are staged as text and parsed while
   * merging ({@link #fromStaged}).
   */
  String stagingType(Column column);

  /** The expression that turns a staged column's value into the target column's value. */
  String fromStaged(Column column, String stagedExpression);

  /** CREATE TABLE IF NOT EXISTS with the dialect's table options. */
  String createTable(PhysicalTable table);

  /** Whether ALTER COLUMN ... TYPE may run inside a transaction block (not on Redshift). */
  boolean canAlterTypeInTransaction();

  /** Loads a staged Parquet file into a staging table, columns by position. */
  default void copy(
      Connection connection, String stagingTable, List<Column> columns, StagedObject file)
      throws SQLException {
    copyInto(connection, io.ddbsync.sink.model.Identifiers.quote(stagingTable), columns, file);
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
   * After a failed load, what the database recorded about it (Redshift's load error tables), as
   * lines for the error message; empty when there is nothing more to say.
   */
  List<LoadError> loadErrors(Connection connection) throws SQLException;

  /**
   * The SQL array element type with which a batch's keys of this type are checked against the
   * target in one statement, where the database enforces primary keys; empty where it does not
   * (Redshift: keys are informational, so every load merges) or for key types without one.
   */
  default Optional<String> keyArrayType(SqlType type) {
    return Optional.empty();
  }

  /** True for failures a retry may cure: connections, serialization conflicts, timeouts. */
  boolean isTransient(SQLException error);

  /** One row of a load error table: which row of which file, which column, why. */
  record LoadError(String file, long line, String column, String reason) {
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
