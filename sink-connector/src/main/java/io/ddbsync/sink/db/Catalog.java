package io.ddbsync.sink.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** How a dialect reads what exists in the database: schemas, and tables' columns and comments. */
public interface Catalog {
  /** The comment that marks a column as holding one event field. */
  String COMMENT_PREFIX = "ddbsync field ";

  /** The table's columns in order, or an empty list when the table does not exist. */
  List<ExistingColumn> columns(Connection connection, String schema, String table)
      throws SQLException;

  /** The source a table's comment names; null when the table has none (or does not exist). */
  TableSource source(Connection connection, String schema, String table) throws SQLException;

  /**
   * The newest snapshot generation the table's comment records as complete ({@link
   * TableSource#completedSnapshot}); 0 for none, or when the table does not exist.
   */
  long completedSnapshot(Connection connection, String schema, String table) throws SQLException;

  /** The table whose comment names {@code source}, or null when none does. */
  String tableOf(Connection connection, String schema, TableSource source) throws SQLException;

  /** The names of the tables whose comment names them as lists of {@code dynamoTable}. */
  List<String> childTables(Connection connection, String schema, String dynamoTable)
      throws SQLException;

  /** Whether {@code schema} exists. */
  boolean schemaExists(Connection connection, String schema) throws SQLException;
}
