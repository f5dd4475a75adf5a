package io.ddbsync.sink.db;

import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog read from PostgreSQL's system catalogs, which Redshift's leader node shares (the
 * Redshift JDBC driver's DatabaseMetaData queries Redshift-only views, so it is not used). Types
 * without a length (TEXT, BYTEA) read as the dialect's longest.
 */
public final class PgCatalog implements Catalog {
  private static final Pattern LENGTH = Pattern.compile("\\((\\d+)(?:,(\\d+))?\\)");

  private final TypeLimits limits;

  public PgCatalog(TypeLimits limits) {
    this.limits = limits;
  }

  @Override
  public boolean schemaExists(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
      statement.setString(1, schema);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  @Override
  public TableSource source(Connection connection, String schema, String table)
      throws SQLException {
    return TableSource.parse(tableComment(connection, schema, table));
  }

  @Override
  public SnapshotGenerations generations(Connection connection, String schema, String table)
      throws SQLException {
    return SnapshotGenerations.parse(tableComment(connection, schema, table));
  }

  private static String tableComment(Connection connection, String schema, String table)
      throws SQLException {
    String sql =
        "SELECT d.description FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid"
            + " LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.objsubid = 0"
            + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind = 'r'";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  @Override
  public String tableOf(Connection connection, String schema, TableSource source)
      throws SQLException {
    String sql =
        "SELECT c.relname FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid"
            + " JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.objsubid = 0"
            + " WHERE n.nspname = ? AND c.relkind = 'r' AND d.description = ?"
            + " ORDER BY c.relname LIMIT 1";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      statement.setString(2, source.comment());
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  @Override
  public List<String> childTables(Connection connection, String schema, TableSource items)
      throws SQLException {
    String prefix = items.childCommentPrefix();
    // LEFT() rather than LIKE: table names may hold the pattern characters _ and %.
    String sql =
        "SELECT c.relname FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid"
            + " JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.objsubid = 0"
            + " WHERE n.nspname = ? AND c.relkind = 'r' AND LEFT(d.description, ?) = ?"
            + " ORDER BY c.relname";
    List<String> tables = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      statement.setInt(2, prefix.length());
      statement.setString(3, prefix);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
    }
    return tables;
  }

  @Override
  public List<ExistingColumn> columns(Connection connection, String schema, String table)
      throws SQLException {
    String sql =
        "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), d.description"
            + " FROM pg_catalog.pg_attribute a"
            + " JOIN pg_catalog.pg_class c ON a.attrelid = c.oid"
            + " JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid"
            + " LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.objsubid = a.attnum"
            + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind = 'r' AND a.attnum > 0"
            + " AND NOT a.attisdropped ORDER BY a.attnum";
    List<ExistingColumn> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String comment = rows.getString(3);
          String path =
              comment != null && comment.startsWith(COMMENT_PREFIX)
                  ? comment.substring(COMMENT_PREFIX.length())
                  : null;
          columns.add(
              new ExistingColumn(rows.getString(1), parseType(rows.getString(2), limits), path));
        }
      }
    }
    return columns;
  }

  /** A catalog type name as a SqlType, or null for types the sink does not create. */
  static SqlType parseType(String formatted, TypeLimits limits) {
    String type = formatted.toLowerCase(java.util.Locale.ROOT);
    Matcher length = LENGTH.matcher(type);
    boolean hasLength = length.find();
    if (type.startsWith("character varying") || type.startsWith("varchar")) {
      return SqlType.varchar(
          hasLength ? Integer.parseInt(length.group(1)) : limits.maxVarcharBytes());
    }
    if (type.equals("text")) {
      return SqlType.varchar(limits.maxVarcharBytes());
    }
    if (type.startsWith("varbyte") || type.startsWith("binary varying")) {
      return SqlType.varbyte(
          hasLength ? Integer.parseInt(length.group(1)) : limits.maxVarbyteBytes());
    }
    if (type.equals("bytea")) {
      return SqlType.varbyte(limits.maxVarbyteBytes());
    }
    if (type.startsWith("numeric") || type.startsWith("decimal")) {
      return hasLength && length.group(2) != null
          ? SqlType.decimal(Integer.parseInt(length.group(2)))
          : null;
    }
    return switch (type) {
      case "bigint" -> SqlType.BIGINT;
      case "integer" -> SqlType.INTEGER;
      case "boolean" -> SqlType.BOOLEAN;
      case "timestamp without time zone" -> SqlType.TIMESTAMP;
      case "super", "jsonb" -> SqlType.SUPER;
      default -> null;
    };
  }
}
