package io.ddbsync.sink.flatten;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logical shape of a target table derived from event schemas: its columns (key columns first)
 * and its child tables. Child tables repeat the parent's key columns, then {@code _position}, then
 * the element's columns.
 */
public record TableLayout(
    String name,
    List<ColumnPlan> columns,
    List<ColumnPlan> keyColumns,
    List<ChildLayout> children) {

  public TableLayout {
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
    children = List.copyOf(children);
  }

  /**
   * A list attribute stored as a child table.
   *
   * @param fieldNames path from the item to the list field
   * @param elementColumns columns of one element, paths relative to the element
   * @param scalar true for lists and sets of scalars (one ELEMENT column)
   */
  public record ChildLayout(
      String name, List<String> fieldNames, List<ColumnPlan> elementColumns, boolean scalar) {
    public ChildLayout {
      fieldNames = List.copyOf(fieldNames);
      elementColumns = List.copyOf(elementColumns);
    }

    public String fieldPath() {
      return String.join(".", fieldNames);
    }
  }

  /**
   * The union of layouts of one table from several schema versions in a batch: columns by field
   * path, in the order of the largest layout, then any the others add.
   */
  public static TableLayout union(List<TableLayout> layouts) {
    TableLayout largest = layouts.get(0);
    for (TableLayout layout : layouts) {
      if (layout.columns.size() + layout.children.size()
          > largest.columns.size() + largest.children.size()) {
        largest = layout;
      }
    }
    Map<String, ColumnPlan> columns = new LinkedHashMap<>();
    Map<String, ChildLayout> children = new LinkedHashMap<>();
    addAll(largest, columns, children);
    for (TableLayout layout : layouts) {
      addAll(layout, columns, children);
    }
    return new TableLayout(
        largest.name,
        new ArrayList<>(columns.values()),
        largest.keyColumns,
        new ArrayList<>(children.values()));
  }

  private static void addAll(
      TableLayout layout, Map<String, ColumnPlan> columns, Map<String, ChildLayout> children) {
    for (ColumnPlan column : layout.columns) {
      columns.putIfAbsent(column.fieldPath(), column);
    }
    for (ChildLayout child : layout.children) {
      ChildLayout existing = children.get(child.fieldPath());
      if (existing == null) {
        children.put(child.fieldPath(), child);
      } else {
        Map<String, ColumnPlan> elementColumns = new LinkedHashMap<>();
        existing.elementColumns().forEach(c -> elementColumns.put(c.fieldPath(), c));
        child.elementColumns().forEach(c -> elementColumns.putIfAbsent(c.fieldPath(), c));
        children.put(
            child.fieldPath(),
            new ChildLayout(
                existing.name(),
                existing.fieldNames(),
                new ArrayList<>(elementColumns.values()),
                existing.scalar()));
      }
    }
  }
}
