package io.ddbsync.sink.flatten;

import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.SystemColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logical shape of a target table derived from event schemas: its columns (key columns first)
 * and its child tables, grandchildren included. Child tables repeat the item's key columns, then
 * the position of each enclosing list element, then their own {@code _position}, then the element's
 * columns.
 *
 * @param source the DynamoDB table the rows come from
 * @param children every list stored as a table, at any depth, parents before their children
 */
public record TableLayout(
    String name,
    String source,
    List<ColumnPlan> columns,
    List<ColumnPlan> keyColumns,
    List<ChildLayout> children) {

  public TableLayout {
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
    children = List.copyOf(children);
  }

  /**
   * A list attribute stored as a table.
   *
   * @param fieldNames path to the list from the innermost enclosing list element, or from the item
   * @param elementColumns columns of one element, paths relative to the element
   * @param scalar true for lists and sets of scalars (one ELEMENT column)
   * @param outerLists for a grandchild (and deeper): the path of each enclosing list, the first
   *     from the item, each next one from an element of the one before; empty for a child of the
   *     item
   * @param outerPositions the column names of the enclosing elements' positions, one per outer list
   * @param attributePath the list's DynamoDB attribute path from the item, dot-separated
   */
  public record ChildLayout(
      String name,
      List<String> fieldNames,
      List<ColumnPlan> elementColumns,
      boolean scalar,
      List<List<String>> outerLists,
      List<String> outerPositions,
      String attributePath) {
    public ChildLayout {
      fieldNames = List.copyOf(fieldNames);
      elementColumns = List.copyOf(elementColumns);
      outerLists = outerLists.stream().map(List::copyOf).toList();
      outerPositions = List.copyOf(outerPositions);
    }

    /** Unique within the table and stable: the field path through every enclosing list. */
    public String fieldPath() {
      StringBuilder path = new StringBuilder();
      for (List<String> outer : outerLists) {
        path.append(String.join(".", outer)).append("[].");
      }
      return path.append(String.join(".", fieldNames)).toString();
    }

    /** Columns before the element's: the item's keys, the enclosing positions, the position. */
    public int leadingColumns(int keyColumns) {
      return keyColumns + outerPositions.size() + 1;
    }
  }

  /**
   * The columns of a child table, in the order its rows are built ({@link RowBuilder}) and its
   * staged files written: the item's key columns (with the parent table's physical names and types,
   * {@code parentKeys}), the positions of the enclosing list elements (grandchildren and deeper),
   * the position, then the element's columns. The columns before the element's are the child
   * table's primary key ({@link ChildLayout#leadingColumns}).
   */
  public List<ColumnPlan> childColumns(ChildLayout child, List<Column> parentKeys) {
    List<ColumnPlan> plans = new ArrayList<>();
    for (int i = 0; i < keyColumns.size(); i++) {
      ColumnPlan key = keyColumns.get(i);
      Column physical = parentKeys.get(i);
      plans.add(
          new ColumnPlan(
              "_parent." + key.fieldPath(),
              key.fieldNames(),
              physical.name(),
              ColumnRole.KEY,
              physical.type(),
              key.kind()));
    }
    for (String outer : child.outerPositions()) {
      plans.add(ColumnPlan.synthetic(outer, ColumnRole.POSITION, SqlType.INTEGER));
    }
    plans.add(ColumnPlan.synthetic(SystemColumns.POSITION, ColumnRole.POSITION, SqlType.INTEGER));
    plans.addAll(child.elementColumns());
    return plans;
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
        largest.source,
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
        // Another schema version may have given this list's name to another list: names stay
        // unique within the batch (the table a list writes is the one it owns, whatever its name).
        boolean taken = children.values().stream().anyMatch(c -> c.name().equals(child.name()));
        children.put(
            child.fieldPath(),
            taken
                ? new ChildLayout(
                    Identifiers.disambiguate(child.name(), child.fieldPath()),
                    child.fieldNames(),
                    child.elementColumns(),
                    child.scalar(),
                    child.outerLists(),
                    child.outerPositions(),
                    child.attributePath())
                : child);
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
                existing.scalar(),
                existing.outerLists(),
                existing.outerPositions(),
                existing.attributePath()));
      }
    }
  }
}
