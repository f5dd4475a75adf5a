package io.ddbsync.sink.flatten;

import static io.ddbsync.sink.model.SystemColumns.DELETED;
import static io.ddbsync.sink.model.SystemColumns.DELETED_AT;
import static io.ddbsync.sink.model.SystemColumns.ELEMENT;
import static io.ddbsync.sink.model.SystemColumns.EVENT_TIME;
import static io.ddbsync.sink.model.SystemColumns.EXPIRED;
import static io.ddbsync.sink.model.SystemColumns.SNAPSHOT_START;
import static io.ddbsync.sink.model.SystemColumns.TRUNCATED;

import io.ddbsync.common.model.FieldKind;
import io.ddbsync.common.model.ItemDecoder;
import io.ddbsync.common.model.SchemaParameters;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * Derives a table layout from a change event's schemas: the key schema says which attributes are
 * the key, the item schema which columns and child tables exist. Only the schema decides the layout
 * (values decide nothing but VARCHAR widths), so every task derives the same layout from the same
 * schema.
 *
 * <p>Within a table (the item's, or a list element's), maps become prefixed columns up to {@code
 * flatten.max.depth}; a map that would bring more than {@code flatten.max.map.columns} columns, or
 * the widest maps of a table that would exceed {@code flatten.max.table.columns}, stay one JSON
 * column instead. Lists of maps become child tables at any depth (a list of maps in a list element
 * is a grandchild table); lists of scalars and sets become child tables too under {@code
 * lists.mode=CHILD_TABLE}, and JSON columns otherwise.
 */
public final class LayoutBuilder {
  private final FlattenSettings settings;

  public LayoutBuilder(FlattenSettings settings) {
    this.settings = settings;
  }

  /**
   * The layout of {@code dynamoTable}'s rows; {@code itemSchema} is null for a record that has only
   * a key (a tombstone), whose layout is the key columns.
   */
  public TableLayout build(String dynamoTable, String topic, Schema keySchema, Schema itemSchema) {
    String table = settings.naming().table(dynamoTable, topic);
    List<String> keyAttributes = keyAttributes(keySchema);
    List<ColumnPlan> columns = new ArrayList<>();
    List<TableLayout.ChildLayout> children = new ArrayList<>();
    if (itemSchema != null) {
      Scope item = new Scope(dynamoTable, table, true, keyAttributes, List.of(), List.of());
      item.childNames = new HashSet<>();
      layOut(item, itemSchema, List.of(), List.of());
      columns.addAll(item.columns);
      children.addAll(item.children);
    }
    List<ColumnPlan> keys = new ArrayList<>();
    for (String attribute : keyAttributes) {
      ColumnPlan key =
          columns.stream()
              .filter(
                  c ->
                      c.role() == ColumnRole.KEY
                          && c.fieldNames().size() == 1
                          && attributeOf(itemSchema, c).equals(attribute))
              .findFirst()
              .orElseGet(() -> keyFromKeySchema(dynamoTable, keySchema, attribute));
      keys.add(key);
    }
    List<ColumnPlan> ordered = new ArrayList<>(keys);
    columns.stream().filter(c -> !keys.contains(c)).forEach(ordered::add);
    ordered.add(ColumnPlan.synthetic(EVENT_TIME, ColumnRole.EVENT_TIME, SqlType.TIMESTAMP));
    ordered.add(snapshotStart());
    if (settings.keepsRemovedRows()) {
      ordered.add(ColumnPlan.synthetic(DELETED, ColumnRole.DELETED, SqlType.BOOLEAN));
      ordered.add(ColumnPlan.synthetic(DELETED_AT, ColumnRole.DELETED_AT, SqlType.TIMESTAMP));
    }
    if (settings.ttlRemovals() == TtlRemovals.SOFT) {
      ordered.add(ColumnPlan.synthetic(EXPIRED, ColumnRole.EXPIRED, SqlType.BOOLEAN));
    }
    if (settings.overflowPolicy() == OverflowPolicy.TRUNCATE) {
      ordered.add(ColumnPlan.synthetic(TRUNCATED, ColumnRole.TRUNCATED, SqlType.BOOLEAN));
    }
    return new TableLayout(table, dynamoTable, ordered, keys, children);
  }

  /** One table being laid out: the item's table, or a list's. */
  private static final class Scope {
    final String dynamoTable;
    final String table;
    final boolean item;
    final List<String> keyAttributes;
    final List<List<String>> outerLists;
    final List<String> outerPositions;
    final List<ColumnPlan> columns = new ArrayList<>();
    final List<TableLayout.ChildLayout> children = new ArrayList<>();
    // Maps of this table kept as one JSON column so that the table stays within its column cap.
    final Set<String> collapsed = new HashSet<>();
    // Child table names of the whole layout, shared by every scope of it: no two lists share one.
    Set<String> childNames = new HashSet<>();
    // Leaf columns each flattened map of this table brought, by field path.
    final Map<String, Integer> mapColumns = new LinkedHashMap<>();

    Scope(
        String dynamoTable,
        String table,
        boolean item,
        List<String> keyAttributes,
        List<List<String>> outerLists,
        List<String> outerPositions) {
      this.dynamoTable = dynamoTable;
      this.table = table;
      this.item = item;
      this.keyAttributes = keyAttributes;
      this.outerLists = outerLists;
      this.outerPositions = outerPositions;
    }

    void clear() {
      columns.clear();
      children.forEach(child -> childNames.remove(child.name()));
      children.clear();
      mapColumns.clear();
    }
  }

  /**
   * Lays out the columns and child tables of {@code struct} (the item, or a list element) in {@code
   * scope}, collapsing the widest maps until the table fits {@code flatten.max.table.columns}.
   */
  private void layOut(
      Scope scope, Schema struct, List<String> attributePath, List<String> ownerPath) {
    while (true) {
      scope.clear();
      walk(scope, struct, List.of(), attributePath, ownerPath, List.of(), 0);
      if (scope.columns.size() <= settings.maxTableColumns() || scope.mapColumns.isEmpty()) {
        return;
      }
      // The widest map (by its columns, then its path, so every task picks the same) goes JSON.
      String widest =
          scope.mapColumns.entrySet().stream()
              .max(
                  Map.Entry.<String, Integer>comparingByValue()
                      .thenComparing(Map.Entry.comparingByKey()))
              .orElseThrow()
              .getKey();
      scope.collapsed.add(widest);
    }
  }

  private void walk(
      Scope scope,
      Schema struct,
      List<String> fieldNames,
      List<String> attributePath,
      List<String> ownerPath,
      List<String> namePath,
      int depth) {
    for (Field field : struct.fields()) {
      Schema schema = field.schema();
      FieldKind kind = ItemDecoder.kindOf(schema);
      String attribute = schema.parameters().get(SchemaParameters.ATTRIBUTE);
      List<String> names = append(fieldNames, field.name());
      List<String> path = append(attributePath, attribute);
      List<String> owner = append(ownerPath, ColumnNames.ownerStep(attribute, field.name(), kind));
      List<String> nameParts = append(namePath, attribute);
      String fieldPath = String.join(".", names);
      String desired =
          ColumnNames.columnName(
              settings.naming(), scope.dynamoTable, path, nameParts, field.name(), kind);
      switch (kind.base()) {
        case MAP -> {
          int leaves = depth < settings.maxDepth() ? leafColumns(schema, depth + 1) : 0;
          if (depth < settings.maxDepth()
              && leaves <= settings.maxMapColumns()
              && !scope.collapsed.contains(fieldPath)) {
            if (depth == 0) {
              scope.mapColumns.put(fieldPath, leaves);
            }
            walk(scope, schema, names, path, owner, nameParts, depth + 1);
          } else {
            scope.columns.add(column(names, desired, ColumnRole.JSON, SqlType.SUPER, kind));
          }
        }
        case LIST, STRING_SET, NUMBER_SET, BINARY_SET ->
            list(scope, field, names, path, owner, desired);
        case JSON ->
            scope.columns.add(column(names, desired, ColumnRole.JSON, SqlType.SUPER, kind));
        case NULL ->
            scope.columns.add(
                column(names, desired, ColumnRole.NULL_MARKER, SqlType.BOOLEAN, kind));
        default -> {
          boolean isKey =
              scope.item
                  && fieldNames.isEmpty()
                  && scope.keyAttributes.contains(attribute)
                  && desired.equals(
                      ColumnNames.plainName(settings.naming(), scope.dynamoTable, path));
          SqlType type = ColumnTypes.scalarType(settings, kind, scope.dynamoTable, path);
          if (isKey) {
            type = ColumnTypes.keyType(type, scope.keyAttributes.indexOf(attribute));
          }
          ColumnRole role =
              isKey
                  ? ColumnRole.KEY
                  : type.kind() == SqlType.Kind.TIMESTAMP ? ColumnRole.TIMESTAMP : ColumnRole.VALUE;
          scope.columns.add(column(names, desired, role, type, kind));
          if (!isKey) {
            addOverflow(scope.columns, names, desired, type, kind);
          }
        }
      }
    }
  }

  /** A list or set: a child table (of maps, or of scalars under CHILD_TABLE), or a JSON column. */
  private void list(
      Scope scope,
      Field field,
      List<String> names,
      List<String> path,
      List<String> owner,
      String desired) {
    Schema schema = field.schema();
    FieldKind kind = ItemDecoder.kindOf(schema);
    FieldKind element = kind.element() != null ? kind.element() : ColumnTypes.elementOfSet(kind);
    boolean listOfMaps = kind.base() == FieldKind.Base.LIST && element.base() == FieldKind.Base.MAP;
    boolean scalarElements = ColumnTypes.isScalar(element);
    if (!listOfMaps && !(scalarElements && settings.listsMode() == ListsMode.CHILD_TABLE)) {
      scope.columns.add(column(names, desired, ColumnRole.JSON, SqlType.SUPER, kind));
      return;
    }
    String name = childName(scope, path, field.name(), kind);
    List<List<String>> outer = new ArrayList<>(scope.outerLists);
    List<String> outerPositions = new ArrayList<>(scope.outerPositions);
    Scope elements =
        new Scope(
            scope.dynamoTable, scope.table, false, scope.keyAttributes, outer, outerPositions);
    if (listOfMaps) {
      // Element columns are named from the element; overrides still match the full path.
      List<List<String>> inner = append(outer, names);
      String position = ColumnNames.positionName(path);
      if (outerPositions.contains(position)) {
        // Lists nested under one name (a tree: children[].children[]): the column is named from
        // the last name only, so a deeper one takes its full path's hash. Tables that have one
        // keep their names: such a layout could never be created before.
        position = Identifiers.disambiguate(position, String.join(".", path));
      }
      List<String> innerPositions = append(outerPositions, position);
      Scope elementScope =
          new Scope(
              scope.dynamoTable, scope.table, false, scope.keyAttributes, inner, innerPositions);
      layOut(elementScope, schema.valueSchema(), path, owner);
      elements.columns.addAll(elementScope.columns);
      addTruncatedFlag(elements.columns);
      elements.columns.add(snapshotStart());
      scope.children.add(
          new TableLayout.ChildLayout(
              name,
              names,
              elements.columns,
              false,
              outer,
              outerPositions,
              String.join(".", owner)));
      scope.children.addAll(elementScope.children);
    } else {
      SqlType type = ColumnTypes.scalarType(settings, element, scope.dynamoTable, path);
      elements.columns.add(
          new ColumnPlan(ELEMENT, List.of(), ELEMENT, ColumnRole.ELEMENT, type, element));
      addOverflow(elements.columns, List.of(), ELEMENT, type, element);
      addTruncatedFlag(elements.columns);
      elements.columns.add(snapshotStart());
      scope.children.add(
          new TableLayout.ChildLayout(
              name, names, elements.columns, true, outer, outerPositions, String.join(".", owner)));
    }
  }

  /** Under the SUPER overflow policy, a VARCHAR column's companion for values too long for it. */
  private void addOverflow(
      List<ColumnPlan> columns, List<String> names, String desired, SqlType type, FieldKind kind) {
    if (settings.overflowPolicy() == OverflowPolicy.SUPER && type.kind() == SqlType.Kind.VARCHAR) {
      String path = names.isEmpty() ? ELEMENT : String.join(".", names);
      columns.add(
          new ColumnPlan(
              path + Column.OVERFLOW_SUFFIX,
              names,
              Identifiers.fit(desired + Column.OVERFLOW_SUFFIX, desired),
              ColumnRole.OVERFLOW,
              SqlType.SUPER,
              kind));
    }
  }

  /**
   * Every table, child tables too, records the generation of its rows: a child row is always
   * written with its item's row, so each table can be cleared of older generations on its own.
   */
  private static ColumnPlan snapshotStart() {
    return ColumnPlan.synthetic(SNAPSHOT_START, ColumnRole.SNAPSHOT_START, SqlType.TIMESTAMP);
  }

  /** Under the TRUNCATE overflow policy, every table has a flag for rows whose values were cut. */
  private void addTruncatedFlag(List<ColumnPlan> columns) {
    if (settings.overflowPolicy() == OverflowPolicy.TRUNCATE) {
      columns.add(ColumnPlan.synthetic(TRUNCATED, ColumnRole.TRUNCATED, SqlType.BOOLEAN));
    }
  }

  /** Columns a map brings when flattened from {@code depth} (each deeper map counts as one). */
  private int leafColumns(Schema struct, int depth) {
    int count = 0;
    for (Field field : struct.fields()) {
      FieldKind kind = ItemDecoder.kindOf(field.schema());
      if (kind.base() == FieldKind.Base.MAP && depth < settings.maxDepth()) {
        count += leafColumns(field.schema(), depth + 1);
      } else {
        count++;
      }
    }
    return count;
  }

  /**
   * A key column from the key schema, for batches whose item schema has not seen the key yet (a
   * table's first changes are removes or tombstones). Its field path is the item field the key
   * attribute gets, so later batches find the same column.
   */
  private ColumnPlan keyFromKeySchema(String dynamoTable, Schema keySchema, String attribute) {
    for (Field field : keySchema.fields()) {
      if (attribute.equals(field.schema().parameters().get(SchemaParameters.ATTRIBUTE))) {
        FieldKind kind = ItemDecoder.kindOf(field.schema());
        return new ColumnPlan(
            field.name(),
            List.of(field.name()),
            ColumnNames.plainName(settings.naming(), dynamoTable, List.of(attribute)),
            ColumnRole.KEY,
            ColumnTypes.keyType(
                ColumnTypes.scalarType(settings, kind, dynamoTable, List.of(attribute)),
                keyAttributes(keySchema).indexOf(attribute)),
            kind);
      }
    }
    throw new IllegalArgumentException(
        "The key schema of " + dynamoTable + " has no attribute " + attribute);
  }

  /**
   * The table of a list: named from the item's table and the list's whole attribute path; a list
   * whose name another list of the layout has (attribute names that differ only in punctuation or
   * case) gets the name with a hash of its path. Which table a list writes in the end is the one it
   * owns in the database ({@code TableManager}), so a newcomer never takes an older list's table.
   */
  private String childName(Scope scope, List<String> path, String fieldName, FieldKind kind) {
    String name = settings.naming().childTable(scope.dynamoTable, scope.table, path);
    if (fieldName.endsWith("__" + kind.tag())) {
      name = Identifiers.fit(name + "__" + kind.tag(), name + kind.tag());
    }
    if (!scope.childNames.add(name)) {
      name = Identifiers.disambiguate(name, String.join(".", path) + "#" + kind.tag());
      scope.childNames.add(name);
    }
    return name;
  }

  private static ColumnPlan column(
      List<String> names, String desired, ColumnRole role, SqlType type, FieldKind kind) {
    return new ColumnPlan(String.join(".", names), names, desired, role, type, kind);
  }

  private static String attributeOf(Schema itemSchema, ColumnPlan column) {
    return itemSchema
        .field(column.fieldNames().get(0))
        .schema()
        .parameters()
        .get(SchemaParameters.ATTRIBUTE);
  }

  /** The key attributes a ddbsync key schema names; empty for any other schema. */
  public static List<String> keyAttributes(Schema keySchema) {
    String names =
        keySchema == null || keySchema.parameters() == null
            ? null
            : keySchema.parameters().get(SchemaParameters.KEY_ATTRIBUTES);
    if (names == null) {
      throw new IllegalArgumentException(
          "The record key is not a ddbsync key struct (no "
              + SchemaParameters.KEY_ATTRIBUTES
              + " parameter)");
    }
    return Arrays.asList(names.split(","));
  }

  private static <T> List<T> append(List<T> list, T element) {
    List<T> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(element);
    return copy;
  }
}
