package io.ddbsync.cli.reconcile;

import io.ddbsync.sink.db.Catalog;
import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.db.TableSource;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.SystemColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.BiConsumer;

/**
 * One table the sink wrote, found the way the sink finds it (by the source its comment names), its
 * columns known by the event field each holds (their comments), read by key. Values come back in
 * {@link Values#canonical} form, by field path.
 */
public final class WarehouseTable {
  private static final int QUERY_TIMEOUT_SECONDS = 300;
  private static final int FETCH_SIZE = 5_000;

  private final String schema;
  private final String name;
  private final List<ExistingColumn> columns;
  private final List<String> keyFieldPaths;
  private final List<ExistingColumn> keyColumns = new ArrayList<>();
  private final Optional<String> deletedColumn;

  private WarehouseTable(
      String schema, String name, List<ExistingColumn> columns, List<String> keyFieldPaths) {
    this.schema = schema;
    this.name = name;
    this.columns = columns.stream().filter(c -> c.fieldPath() != null).toList();
    this.keyFieldPaths = List.copyOf(keyFieldPaths);
    for (String path : keyFieldPaths) {
      keyColumns.add(
          this.columns.stream()
              .filter(c -> path.equals(c.fieldPath()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Table " + name + " has no column holding key field " + path)));
    }
    this.deletedColumn = SystemColumns.nameOf(columns, SystemColumns.DELETED);
  }

  /**
   * The table whose comment names {@code source}, or empty when the sink has not created it.
   *
   * @param keyFieldPaths the field paths of the columns that identify an item's rows
   */
  public static Optional<WarehouseTable> find(
      Connection connection,
      Catalog catalog,
      String schema,
      TableSource source,
      List<String> keyFieldPaths)
      throws SQLException {
    String table = catalog.tableOf(connection, schema, source);
    if (table == null) {
      return Optional.empty();
    }
    return Optional.of(
        new WarehouseTable(
            schema, table, catalog.columns(connection, schema, table), keyFieldPaths));
  }

  /**
   * The item table named {@code table}, when it exists and its comment names {@code source} (as the
   * sink checks before it writes a table); empty otherwise.
   */
  public static Optional<WarehouseTable> itemTable(
      Connection connection,
      Catalog catalog,
      String schema,
      String table,
      TableSource source,
      List<String> keyFieldPaths)
      throws SQLException {
    List<ExistingColumn> columns = catalog.columns(connection, schema, table);
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    TableSource recorded = catalog.source(connection, schema, table);
    if (recorded == null || !source.adopts(recorded)) {
      return Optional.empty();
    }
    return Optional.of(new WarehouseTable(schema, table, columns, keyFieldPaths));
  }

  /** A table of known columns, for tests of what reads it. */
  static WarehouseTable of(
      String schema, String name, List<ExistingColumn> columns, List<String> keyFieldPaths) {
    return new WarehouseTable(schema, name, columns, keyFieldPaths);
  }

  public String name() {
    return name;
  }

  public List<ExistingColumn> columns() {
    return columns;
  }

  /** The physical name of the column holding {@code fieldPath}, if the table has one. */
  public Optional<String> columnHolding(String fieldPath) {
    return SystemColumns.nameHolding(columns, fieldPath);
  }

  /** The SQL type of the column holding {@code fieldPath}, if the table has one. */
  public Optional<SqlType> typeOf(String fieldPath) {
    return columns.stream()
        .filter(c -> fieldPath.equals(c.fieldPath()))
        .map(ExistingColumn::type)
        .findFirst();
  }

  /**
   * Every row whose key is one of {@code keys} (each a list of staged key values, in key column
   * order), by field path; a soft-deleted row carries {@link #DELETED}.
   */
  public List<Map<String, Object>> rowsOf(Connection connection, List<List<Object>> keys)
      throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (keys.isEmpty()) {
      return rows;
    }
    StringBuilder where = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      where.append(i == 0 ? "" : " OR ").append('(');
      for (int k = 0; k < keyColumns.size(); k++) {
        where.append(k == 0 ? "" : " AND ").append(Identifiers.quote(keyColumns.get(k).name()));
        where.append(" = ?");
      }
      where.append(')');
    }
    String sql = "SELECT " + selectList() + " FROM " + qualified() + " WHERE " + where;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      int parameter = 1;
      for (List<Object> key : keys) {
        for (Object value : key) {
          statement.setObject(parameter++, value);
        }
      }
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(read(result));
        }
      }
    }
    return rows;
  }

  /**
   * The key of every live row (soft-deleted rows left out), streamed to {@code keys}: its text and
   * its canonical values in key column order.
   */
  public void eachLiveKeyValues(Connection connection, BiConsumer<String, List<Object>> keys)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int k = 0; k < keyColumns.size(); k++) {
      sql.append(k == 0 ? "" : ", ").append(Identifiers.quote(keyColumns.get(k).name()));
    }
    sql.append(" FROM ").append(qualified());
    deletedColumn.ifPresent(
        column -> sql.append(" WHERE ").append(Identifiers.quote(column)).append(" IS NOT TRUE"));
    boolean autoCommit = connection.getAutoCommit();
    // Drivers stream a result (fetch size) only inside a transaction.
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS * 4);
      statement.setFetchSize(FETCH_SIZE);
      try (ResultSet result = statement.executeQuery(sql.toString())) {
        while (result.next()) {
          List<Object> values = new ArrayList<>();
          for (int k = 0; k < keyColumns.size(); k++) {
            values.add(value(result, k + 1, keyColumns.get(k).type().kind()));
          }
          keys.accept(KeyText.of(values), values);
        }
      }
    } finally {
      connection.commit();
      connection.setAutoCommit(autoCommit);
    }
  }

  /** How many rows the table holds, soft-deleted ones left out. */
  public long liveRows(Connection connection) throws SQLException {
    String sql =
        "SELECT COUNT(*) FROM "
            + qualified()
            + deletedColumn.map(c -> " WHERE " + Identifiers.quote(c) + " IS NOT TRUE").orElse("");
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      try (ResultSet result = statement.executeQuery(sql)) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** The key text of a row read by {@link #rowsOf}. */
  public String keyOf(Map<String, Object> row) {
    List<Object> values = new ArrayList<>();
    for (String path : keyFieldPaths) {
      values.add(row.get(path));
    }
    return KeyText.of(values);
  }

  /** The entry a soft-deleted row carries in what {@link #rowsOf} returns. */
  public static final String DELETED = "\u0000deleted";

  private Map<String, Object> read(ResultSet result) throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int c = 0; c < columns.size(); c++) {
      ExistingColumn column = columns.get(c);
      row.put(column.fieldPath(), value(result, c + 1, column.type().kind()));
    }
    if (deletedColumn.isPresent()
        && Boolean.TRUE.equals(row.get(SystemColumns.fieldPath(SystemColumns.DELETED)))) {
      row.put(DELETED, Boolean.TRUE);
    }
    return row;
  }

  private static Object value(ResultSet result, int index, SqlType.Kind kind) throws SQLException {
    Object raw;
    switch (kind) {
      case BIGINT:
      case INTEGER:
        long number = result.getLong(index);
        raw = result.wasNull() ? null : number;
        break;
      case DECIMAL:
        raw = result.getBigDecimal(index);
        break;
      case BOOLEAN:
        boolean flag = result.getBoolean(index);
        raw = result.wasNull() ? null : flag;
        break;
      case VARBYTE:
        raw = result.getBytes(index);
        break;
      case TIMESTAMP:
        Timestamp time =
            result.getTimestamp(index, Calendar.getInstance(TimeZone.getTimeZone("UTC")));
        raw =
            time == null
                ? null
                : Math.floorDiv(time.getTime(), 1000) * 1_000_000L + time.getNanos() / 1000;
        break;
      default:
        raw = result.getString(index);
    }
    return Values.canonical(kind, raw);
  }

  private String selectList() {
    StringBuilder list = new StringBuilder();
    for (ExistingColumn column : columns) {
      list.append(list.length() == 0 ? "" : ", ").append(Identifiers.quote(column.name()));
    }
    return list.toString();
  }

  private String qualified() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(name);
  }
}
