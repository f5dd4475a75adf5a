package io.ddbsync.cli.reconcile;

import io.ddbsync.cli.reconcile.ExpectedRows.ExpectedItem;
import io.ddbsync.cli.reconcile.RowComparator.ActualRows;
import io.ddbsync.cli.reconcile.RowComparator.ChildTable;
import io.ddbsync.sink.db.Catalog;
import io.ddbsync.sink.db.TableSource;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.TableLayout;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The warehouse side of one DynamoDB table: its item table and child tables, found by the sources
 * their comments name (as the sink finds them), read by key.
 */
public final class WarehouseTables {
  private static final int KEYS_PER_QUERY = 200;

  /** Opens connections to the warehouse. */
  public interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final Catalog catalog;
  private final String schema;
  private final String watermarkTable;

  /**
   * @param watermarkTable the sink's watermark.table; empty when the sink records none
   */
  public WarehouseTables(
      Connector connector, Catalog catalog, String schema, String watermarkTable) {
    this.connector = connector;
    this.catalog = catalog;
    this.schema = schema;
    this.watermarkTable = watermarkTable;
  }

  /**
   * The target table's applied-through watermark (every change before it is in the table), from the
   * view the sink keeps; empty when the sink records none or not every partition has reported.
   */
  public Optional<java.time.Instant> appliedThrough(Connection connection, String targetTable)
      throws SQLException {
    if (watermarkTable.isEmpty() || targetTable == null) {
      return Optional.empty();
    }
    String sql =
        "SELECT applied_through FROM "
            + io.ddbsync.sink.model.Identifiers.quote(schema)
            + "."
            + io.ddbsync.sink.model.Identifiers.quote(watermarkTable + "_by_table")
            + " WHERE target_table = ?";
    try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setQueryTimeout(60);
      statement.setString(1, targetTable);
      try (java.sql.ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          return Optional.empty();
        }
        java.sql.Timestamp time =
            result.getTimestamp(
                1, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
        return Optional.ofNullable(time).map(java.sql.Timestamp::toInstant);
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return Optional.empty(); // no heartbeat has been loaded yet: the view does not exist
      }
      throw e;
    }
  }

  public Connection connect() throws SQLException {
    return connector.connect();
  }

  /**
   * The tables of {@code layout}, reusing what {@code previous} found where it still applies; null
   * when there is no layout yet.
   */
  public Resolved resolve(
      Connection connection,
      String dynamoTable,
      String topic,
      TableLayout layout,
      Resolved previous)
      throws SQLException {
    if (layout == null) {
      return previous;
    }
    List<String> keyPaths = layout.keyColumns().stream().map(ColumnPlan::fieldPath).toList();
    WarehouseTable parent = previous == null ? null : previous.parent;
    TableSource source = TableSource.of(dynamoTable, topic);
    if (parent == null) {
      // Named as the sink names it; taken only when its comment names this source.
      parent =
          WarehouseTable.itemTable(connection, catalog, schema, layout.name(), source, keyPaths)
              .orElse(null);
    }
    Map<String, ChildTable> children = new LinkedHashMap<>();
    if (parent != null) {
      List<String> childKeyPaths = keyPaths.stream().map(p -> "_parent." + p).toList();
      for (String name : catalog.childTables(connection, schema, source)) {
        TableSource childSource = catalog.source(connection, schema, name);
        TableLayout.ChildLayout childLayout = null;
        for (TableLayout.ChildLayout candidate : layout.children()) {
          if (childSource != null && candidate.attributePath().equals(childSource.listPath())) {
            childLayout = candidate;
          }
        }
        Optional<WarehouseTable> table =
            WarehouseTable.find(
                connection,
                catalog,
                schema,
                childSource == null ? source : childSource,
                childKeyPaths);
        if (table.isPresent()) {
          children.put(table.get().name(), new ChildTable(childLayout, table.get()));
        }
      }
    }
    return new Resolved(layout, parent, children);
  }

  /** The tables of one layout. */
  public static final class Resolved {
    private final TableLayout layout;
    private final WarehouseTable parent;
    private final Map<String, ChildTable> children;
    private final RowComparator comparator;

    Resolved(TableLayout layout, WarehouseTable parent, Map<String, ChildTable> children) {
      this.layout = layout;
      this.parent = parent;
      this.children = children;
      this.comparator = parent == null ? null : new RowComparator(layout, parent, children);
    }

    /** The item table; null when the sink has not created it. */
    public WarehouseTable parent() {
      return parent;
    }

    /** The child tables by physical name. */
    public Map<String, ChildTable> children() {
      return children;
    }

    public RowComparator comparator() {
      return comparator;
    }

    /** The key values of an item's row as the sink stages them, in key column order. */
    public List<Object> stagedKey(ExpectedItem item) {
      List<Object> values = new ArrayList<>();
      for (ColumnPlan key : layout.keyColumns()) {
        values.add(item.values().get(key.fieldPath()));
      }
      return values;
    }

    /** The text identifying an item's rows, the same as {@link WarehouseTable#keyOf} gives. */
    public String keyText(ExpectedItem item) {
      List<Object> values = new ArrayList<>();
      for (ColumnPlan key : layout.keyColumns()) {
        values.add(Values.canonical(key.type().kind(), item.values().get(key.fieldPath())));
      }
      return KeyText.of(values);
    }

    /** A row's key for reports: column=value. */
    public String displayKey(Map<String, Object> row) {
      StringBuilder text = new StringBuilder();
      for (ColumnPlan key : layout.keyColumns()) {
        text.append(text.length() == 0 ? "" : ", ")
            .append(String.join(".", key.fieldNames()))
            .append('=')
            .append(row.get(key.fieldPath()));
      }
      return text.toString();
    }

    /** The warehouse's rows of {@code items}, by key text. */
    public Map<String, ActualRows> read(Connection connection, List<ExpectedItem> items)
        throws SQLException {
      Map<String, Map<String, Object>> parents = new HashMap<>();
      Map<String, Map<String, List<Map<String, Object>>>> childRows = new HashMap<>();
      for (int from = 0; from < items.size(); from += KEYS_PER_QUERY) {
        List<List<Object>> keys = new ArrayList<>();
        for (ExpectedItem item :
            items.subList(from, Math.min(items.size(), from + KEYS_PER_QUERY))) {
          keys.add(stagedKey(item));
        }
        for (Map<String, Object> row : parent.rowsOf(connection, keys)) {
          parents.put(parent.keyOf(row), row);
        }
        for (ChildTable child : children.values()) {
          for (Map<String, Object> row : child.table().rowsOf(connection, keys)) {
            childRows
                .computeIfAbsent(child.table().keyOf(row), k -> new HashMap<>())
                .computeIfAbsent(child.table().name(), k -> new ArrayList<>())
                .add(row);
          }
        }
      }
      Map<String, ActualRows> rows = new HashMap<>();
      for (ExpectedItem item : items) {
        String key = keyText(item);
        rows.put(key, new ActualRows(parents.get(key), childRows.getOrDefault(key, Map.of())));
      }
      return rows;
    }
  }
}
