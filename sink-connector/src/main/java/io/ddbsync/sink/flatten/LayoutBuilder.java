package io.ddbsync.sink.flatten;

import io.ddbsync.common.model.FieldKind;
import io.ddbsync.common.model.ItemDecoder;
import io.ddbsync.common.model.SchemaParameters;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * Derives a table layout from a change event's schemas: the key schema says which attributes are
 * the key, the item schema which columns and child tables exist. Only the schema decides the
 * layout; values decide nothing but VARCHAR widths.
 */
public final class LayoutBuilder {
  public static final String EVENT_TIME = "_ddbsync_event_time";
  public static final String DELETED = "_ddbsync_deleted";
  public static final String DELETED_AT = "_ddbsync_deleted_at";
  public static final String TRUNCATED = "_ddbsync_truncated";
  public static final String POSITION = "_position";
  public static final String ELEMENT = "value";
  static final int INITIAL_VARCHAR = 256;
  static final int INITIAL_VARBYTE = 1024;

  private final FlattenSettings settings;

  public LayoutBuilder(FlattenSettings settings) {
    this.settings = settings;
  }

  public TableLayout build(String dynamoTable, String topic, Schema keySchema, Schema itemSchema) {
    String table = settings.naming().table(dynamoTable, topic);
    List<String> keyAttributes = keyAttributes(keySchema);
    List<ColumnPlan> columns = new ArrayList<>();
    List<TableLayout.ChildLayout> children = new ArrayList<>();
    walk(
        dynamoTable,
        table,
        itemSchema,
        List.of(),
        List.of(),
        List.of(),
        0,
        true,
        keyAttributes,
        columns,
        children);
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
    if (settings.deleteMode() == DeleteMode.SOFT) {
      ordered.add(ColumnPlan.synthetic(DELETED, ColumnRole.DELETED, SqlType.BOOLEAN));
      ordered.add(ColumnPlan.synthetic(DELETED_AT, ColumnRole.DELETED_AT, SqlType.TIMESTAMP));
    }
    if (settings.overflowPolicy() == OverflowPolicy.TRUNCATE) {
      ordered.add(ColumnPlan.synthetic(TRUNCATED, ColumnRole.TRUNCATED, SqlType.BOOLEAN));
    }
    return new TableLayout(table, ordered, keys, children);
  }

  private void walk(
      String dynamoTable,
      String table,
      Schema struct,
      List<String> fieldNames,
      List<String> attributePath,
      List<String> namePath,
      int depth,
      boolean parentContext,
      List<String> keyAttributes,
      List<ColumnPlan> columns,
      List<TableLayout.ChildLayout> children) {
    for (Field field : struct.fields()) {
      Schema schema = field.schema();
      FieldKind kind = ItemDecoder.kindOf(schema);
      String attribute = schema.parameters().get(SchemaParameters.ATTRIBUTE);
      List<String> names = append(fieldNames, field.name());
      List<String> path = append(attributePath, attribute);
      List<String> nameParts = append(namePath, attribute);
      String desired = columnName(dynamoTable, path, nameParts, field.name(), kind);
      boolean isKey =
          parentContext
              && fieldNames.isEmpty()
              && keyAttributes.contains(attribute)
              && desired.equals(plainName(dynamoTable, path));
      switch (kind.base()) {
        case MAP -> {
          if (depth < settings.maxDepth()) {
            walk(
                dynamoTable,
                table,
                schema,
                names,
                path,
                nameParts,
                depth + 1,
                parentContext,
                keyAttributes,
                columns,
                children);
          } else {
            columns.add(column(names, desired, ColumnRole.JSON, SqlType.SUPER, kind));
          }
        }
        case LIST, STRING_SET, NUMBER_SET, BINARY_SET -> {
          FieldKind element = kind.element() != null ? kind.element() : elementOfSet(kind);
          boolean listOfMaps =
              kind.base() == FieldKind.Base.LIST && element.base() == FieldKind.Base.MAP;
          boolean scalarElements =
              element.base() != FieldKind.Base.LIST
                  && element.base() != FieldKind.Base.MAP
                  && element.base() != FieldKind.Base.JSON;
          if (parentContext && listOfMaps) {
            List<ColumnPlan> elementColumns = new ArrayList<>();
            List<TableLayout.ChildLayout> none = new ArrayList<>();
            // Element columns are named from the element, overrides still match the full path.
            walk(
                dynamoTable,
                table,
                schema.valueSchema(),
                List.of(),
                path,
                List.of(),
                0,
                false,
                keyAttributes,
                elementColumns,
                none);
            children.add(
                new TableLayout.ChildLayout(
                    childName(dynamoTable, table, path, field.name(), kind),
                    names,
                    elementColumns,
                    false));
          } else if (parentContext
              && scalarElements
              && settings.listsMode() == ListsMode.CHILD_TABLE) {
            ColumnPlan value =
                new ColumnPlan(
                    ELEMENT,
                    List.of(),
                    ELEMENT,
                    ColumnRole.ELEMENT,
                    scalarType(element, dynamoTable, path),
                    element);
            children.add(
                new TableLayout.ChildLayout(
                    childName(dynamoTable, table, path, field.name(), kind),
                    names,
                    List.of(value),
                    true));
          } else {
            columns.add(column(names, desired, ColumnRole.JSON, SqlType.SUPER, kind));
          }
        }
        case JSON -> columns.add(column(names, desired, ColumnRole.JSON, SqlType.SUPER, kind));
        case NULL ->
            columns.add(column(names, desired, ColumnRole.NULL_MARKER, SqlType.BOOLEAN, kind));
        default -> {
          SqlType type = scalarType(kind, dynamoTable, path);
          ColumnRole role =
              isKey
                  ? ColumnRole.KEY
                  : type.kind() == SqlType.Kind.TIMESTAMP ? ColumnRole.TIMESTAMP : ColumnRole.VALUE;
          columns.add(column(names, desired, role, type, kind));
          if (settings.overflowPolicy() == OverflowPolicy.SUPER
              && type.kind() == SqlType.Kind.VARCHAR) {
            columns.add(
                new ColumnPlan(
                    String.join(".", names) + "__overflow",
                    names,
                    Identifiers.fit(desired + "__overflow", desired),
                    ColumnRole.OVERFLOW,
                    SqlType.SUPER,
                    kind));
          }
        }
      }
    }
  }

  private SqlType scalarType(FieldKind kind, String dynamoTable, List<String> path) {
    return switch (kind.base()) {
      case STRING ->
          settings.isTimestamp(dynamoTable, path)
              ? SqlType.TIMESTAMP
              : SqlType.varchar(INITIAL_VARCHAR);
      case NUMBER_TEXT -> SqlType.varchar(INITIAL_VARCHAR);
      case LONG -> SqlType.BIGINT;
      case DECIMAL -> SqlType.decimal(kind.scale());
      case BINARY -> SqlType.varbyte(INITIAL_VARBYTE);
      case BOOLEAN, NULL -> SqlType.BOOLEAN;
      default -> throw new IllegalStateException("Not a scalar kind: " + kind);
    };
  }

  private static FieldKind elementOfSet(FieldKind kind) {
    return kind.base() == FieldKind.Base.STRING_SET ? FieldKind.STRING : FieldKind.BINARY;
  }

  /** Column name of a field: override, else snake_case of the path plus the field's kind suffix. */
  private String columnName(
      String dynamoTable,
      List<String> path,
      List<String> nameParts,
      String fieldName,
      FieldKind kind) {
    String override = settings.naming().columnOverride(dynamoTable, path);
    String suffix = fieldName.endsWith("__" + kind.tag()) ? "__" + kind.tag() : "";
    if (override != null) {
      return suffix.isEmpty() ? override : Identifiers.fit(override + suffix, override + suffix);
    }
    String base = Identifiers.snakeCase(String.join("_", nameParts));
    return suffix.isEmpty()
        ? base
        : Identifiers.fit(base + suffix, String.join(".", path) + suffix);
  }

  /**
   * A key column from the key schema, for batches whose item schema has not seen the key yet (a
   * table's first changes are removes). Its field path is the item field the key attribute gets, so
   * later batches find the same column.
   */
  private ColumnPlan keyFromKeySchema(String dynamoTable, Schema keySchema, String attribute) {
    for (Field field : keySchema.fields()) {
      if (attribute.equals(field.schema().parameters().get(SchemaParameters.ATTRIBUTE))) {
        FieldKind kind = ItemDecoder.kindOf(field.schema());
        return new ColumnPlan(
            field.name(),
            List.of(field.name()),
            plainName(dynamoTable, List.of(attribute)),
            ColumnRole.KEY,
            scalarType(kind, dynamoTable, List.of(attribute)),
            kind);
      }
    }
    throw new IllegalArgumentException(
        "The key schema of " + dynamoTable + " has no attribute " + attribute);
  }

  private String plainName(String dynamoTable, List<String> path) {
    String override = settings.naming().columnOverride(dynamoTable, path);
    return override != null ? override : Identifiers.snakeCase(String.join("_", path));
  }

  private String childName(
      String dynamoTable, String table, List<String> path, String fieldName, FieldKind kind) {
    String name = settings.naming().childTable(dynamoTable, table, path);
    return fieldName.endsWith("__" + kind.tag())
        ? Identifiers.fit(name + "__" + kind.tag(), name + kind.tag())
        : name;
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

  private static List<String> keyAttributes(Schema keySchema) {
    String names =
        keySchema.parameters() == null
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

  private static List<String> append(List<String> list, String element) {
    List<String> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(element);
    return copy;
  }
}
