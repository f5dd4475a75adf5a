package io.ddbsync.cli.reconcile;

import io.ddbsync.cli.reconcile.ExpectedRows.ChildRow;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.ColumnRole;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.SqlType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares an item's expected rows with the rows the warehouse holds, column by column: every
 * column the sink fills from the item must hold the staged value, and every other data column of
 * the row (another schema version's, a type-conflict column of another type) must be NULL, as the
 * sink's MERGE leaves it. Child rows compare by their positions. The connector's bookkeeping
 * columns (event time, generation, soft-delete flags) are not compared. No I/O.
 */
public final class RowComparator {
  private static final Set<ColumnRole> COMPARED =
      EnumSet.of(
          ColumnRole.KEY,
          ColumnRole.VALUE,
          ColumnRole.TIMESTAMP,
          ColumnRole.JSON,
          ColumnRole.NULL_MARKER,
          ColumnRole.ELEMENT,
          ColumnRole.OVERFLOW,
          ColumnRole.TRUNCATED);
  private static final int SHOWN_CHARACTERS = 120;

  /** A column whose value differs, or a child table whose rows do. */
  public record Difference(String table, String column, String expected, String actual) {}

  /** The warehouse's side of one item: the parent row (null if none) and rows of child tables. */
  public record ActualRows(
      Map<String, Object> parent, Map<String, List<Map<String, Object>>> childrenByTable) {}

  /** A child table as the comparison needs it: its layout and its physical table. */
  public record ChildTable(TableLayout.ChildLayout layout, WarehouseTable table) {}

  private final TableLayout layout;
  private final WarehouseTable parent;
  private final Map<String, ChildTable> children;

  /**
   * @param children each child table in the warehouse by its physical name; its layout is null for
   *     lists the current items' schema does not have (their rows must be absent)
   */
  public RowComparator(
      TableLayout layout, WarehouseTable parent, Map<String, ChildTable> children) {
    this.layout = layout;
    this.parent = parent;
    this.children = children;
  }

  /** The differences between an item's expected rows and the warehouse's; empty when equal. */
  public List<Difference> compare(ExpectedRows.ExpectedItem expected, ActualRows actual) {
    List<Difference> differences = new ArrayList<>();
    compareRow(
        parent, layout.columns(), expected.values(), actual.parent(), parent.name(), differences);
    for (Map.Entry<String, ChildTable> entry : children.entrySet()) {
      ChildTable child = entry.getValue();
      List<ChildRow> wanted =
          child.layout() == null
              ? List.of()
              : expected.children().getOrDefault(child.layout().fieldPath(), List.of());
      List<Map<String, Object>> found =
          actual.childrenByTable().getOrDefault(entry.getKey(), List.of());
      compareChildren(child, wanted, found, differences);
    }
    return differences;
  }

  private void compareChildren(
      ChildTable child,
      List<ChildRow> wanted,
      List<Map<String, Object>> found,
      List<Difference> differences) {
    String table = child.table().name();
    if (child.layout() == null) {
      if (!found.isEmpty()) {
        differences.add(
            new Difference(
                table, "(rows)", "0 rows (the item has no such list)", found.size() + ""));
      }
      return;
    }
    List<String> positionPaths = positionPaths(child.layout());
    Map<List<Long>, Map<String, Object>> byPosition = new HashMap<>();
    for (Map<String, Object> row : found) {
      List<Long> positions = new ArrayList<>();
      for (String path : positionPaths) {
        Object value = row.get(path);
        positions.add(value == null ? -1L : ((Number) value).longValue());
      }
      byPosition.put(positions, row);
    }
    if (wanted.size() != found.size()) {
      differences.add(
          new Difference(table, "(rows)", wanted.size() + " rows", found.size() + " rows"));
    }
    List<ChildRow> ordered = new ArrayList<>(wanted);
    ordered.sort(Comparator.comparing(r -> r.positions().toString()));
    for (ChildRow row : ordered) {
      List<Long> positions = row.positions().stream().map(Integer::longValue).toList();
      Map<String, Object> actual = byPosition.get(positions);
      String label = table + positions;
      if (actual == null) {
        differences.add(new Difference(label, "(row)", "a row", "none"));
        continue;
      }
      compareRow(
          child.table(), child.layout().elementColumns(), row.values(), actual, label, differences);
    }
  }

  private static List<String> positionPaths(TableLayout.ChildLayout child) {
    List<String> paths = new ArrayList<>();
    for (String outer : child.outerPositions()) {
      paths.add(ColumnPlan.synthetic(outer, ColumnRole.POSITION, SqlType.INTEGER).fieldPath());
    }
    paths.add(
        ColumnPlan.synthetic(
                io.ddbsync.sink.model.SystemColumns.POSITION, ColumnRole.POSITION, SqlType.INTEGER)
            .fieldPath());
    return paths;
  }

  private static void compareRow(
      WarehouseTable table,
      List<ColumnPlan> plans,
      Map<String, Object> expected,
      Map<String, Object> actual,
      String label,
      List<Difference> differences) {
    Map<String, ColumnPlan> planned = new HashMap<>();
    for (ColumnPlan plan : plans) {
      planned.put(plan.fieldPath(), plan);
      if (!COMPARED.contains(plan.role())) {
        continue;
      }
      Object want = Values.canonical(plan.type().kind(), expected.get(plan.fieldPath()));
      Optional<String> column = table.columnHolding(plan.fieldPath());
      if (column.isEmpty()) {
        if (want != null) {
          differences.add(
              new Difference(
                  label,
                  plan.desiredName(),
                  Values.display(want, SHOWN_CHARACTERS),
                  "no such column"));
        }
        continue;
      }
      Object have = actual.get(plan.fieldPath());
      if (!Objects.equals(want, have)) {
        differences.add(
            new Difference(
                label,
                column.get(),
                Values.display(want, SHOWN_CHARACTERS),
                Values.display(have, SHOWN_CHARACTERS)));
      }
    }
    for (var column : table.columns()) {
      String path = column.fieldPath();
      if (planned.containsKey(path) || isBookkeeping(path)) {
        continue;
      }
      Object have = actual.get(path);
      if (have != null) {
        differences.add(
            new Difference(label, column.name(), "NULL", Values.display(have, SHOWN_CHARACTERS)));
      }
    }
  }

  /**
   * The connector's own columns: system columns and positions ({@code "_" + a name starting with an
   * underscore}) and a child table's copy of the item's key ({@code _parent.}).
   */
  public static boolean isBookkeeping(String fieldPath) {
    return fieldPath.startsWith("__") || fieldPath.startsWith("_parent.");
  }
}
