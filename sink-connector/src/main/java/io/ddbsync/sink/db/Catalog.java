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
   * What an item table's comment records of its snapshot generations ({@link SnapshotGenerations});
   * none when the table does not exist.
   */
  SnapshotGenerations generations(Connection connection, String schema, String table)
      throws SQLException;

  /** The table whose comment names exactly {@code source}, or null when none does. */
  String tableOf(Connection connection, String schema, TableSource source) throws SQLException;

  /**
   * The names of the tables whose comment names them as lists of {@code items} (an item table's
   * source: one DynamoDB table on one topic, or as recorded before topics were).
   */
  List<String> childTables(Connection connection, String schema, TableSource items)
      throws SQLException;

  /** Whether {@code schema} exists. */
  boolean schemaExists(Connection connection, String schema) throws SQLException;
}
