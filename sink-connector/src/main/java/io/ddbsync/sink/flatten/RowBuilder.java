package io.ddbsync.sink.flatten;

import io.ddbsync.common.json.DynamoJson;
import io.ddbsync.common.model.FieldKind;
import io.ddbsync.common.model.ItemDecoder;
import io.ddbsync.common.model.SchemaParameters;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns the changes of one batch into rows for a layout: upsert rows in the layout's column order,
 * delete rows (key columns, then the event time), and child rows (parent key, position, element
 * columns) per child table. Widths of VARCHAR and VARBYTE values are measured in bytes so that
 * columns can be sized. A change that cannot be stored exactly fails alone, with a reason, and goes
 * to the dead letter queue.
 */
public final class RowBuilder {
  /** Everything one batch produces. */
  public static final class Rows {
    public final List<Object[]> upserts = new ArrayList<>();
    public final List<Object[]> deletes = new ArrayList<>();
    public final List<SinkRecord> upsertRecords = new ArrayList<>();
    public final Map<String, List<Object[]>> children = new LinkedHashMap<>();
    public final List<Failure> failures = new ArrayList<>();
    public final int[] widths;
    public final Map<String, int[]> childWidths = new LinkedHashMap<>();

    Rows(TableLayout layout) {
      this.widths = new int[layout.columns().size()];
      for (TableLayout.ChildLayout child : layout.children()) {
        children.put(child.name(), new ArrayList<>());
        childWidths.put(
            child.name(), new int[layout.keyColumns().size() + 1 + child.elementColumns().size()]);
      }
    }
  }

  /** A change that cannot be loaded, and why. */
  public record Failure(SinkRecord record, String reason) {}

  /** Raised for a value that cannot be stored exactly under the configured policies. */
  private static final class Unstorable extends Exception {
    private static final long serialVersionUID = 1L;

    Unstorable(String message) {
      super(message, null, false, false);
    }
  }

  private final TableLayout layout;
  private final OverflowPolicy overflow;
  private final TypeLimits limits;

  /**
   * @param limits the dialect's longest values: VARCHAR, VARBYTE, and the JSON text a SUPER/JSONB
   *     column takes through staging
   */
  public RowBuilder(TableLayout layout, OverflowPolicy overflow, TypeLimits limits) {
    this.layout = layout;
    this.overflow = overflow;
    this.limits = limits;
  }

  public Rows build(List<ChangeRow> changes) {
    Rows rows = new Rows(layout);
    for (ChangeRow change : changes) {
      try {
        if (change.delete()) {
          rows.deletes.add(deleteRow(change, rows.widths));
        } else {
          // Everything of one change is built before any of it is added, so that a change that
          // fails goes to the dead letter queue whole, without leaving child rows behind.
          Object[] upsert = upsertRow(change, rows.widths);
          List<TableLayout.ChildLayout> childLayouts = layout.children();
          List<Object[]>[] childRows = newChildRowsArray(childLayouts.size());
          for (int c = 0; c < childRows.length; c++) {
            TableLayout.ChildLayout child = childLayouts.get(c);
            childRows[c] = childRows(child, change, rows.childWidths.get(child.name()));
          }
          rows.upserts.add(upsert);
          rows.upsertRecords.add(change.record());
          for (int c = 0; c < childRows.length; c++) {
            rows.children.get(childLayouts.get(c).name()).addAll(childRows[c]);
          }
        }
      } catch (Unstorable e) {
        rows.failures.add(new Failure(change.record(), e.getMessage()));
      }
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private static List<Object[]>[] newChildRowsArray(int size) {
    return (List<Object[]>[]) new List<?>[size];
  }

  private Object[] deleteRow(ChangeRow change, int[] widths) throws Unstorable {
    List<ColumnPlan> keys = layout.keyColumns();
    Object[] row = new Object[keys.size() + 1];
    for (int i = 0; i < keys.size(); i++) {
      row[i] = keyValue(change, keys.get(i));
      if (row[i] instanceof String text) {
        // Size key columns for deletes too: a table may first be created by a batch of removes.
        track(widths, layout.columns().indexOf(keys.get(i)), utf8Length(text));
      }
    }
    row[keys.size()] = change.eventTimeMicros();
    return row;
  }

  private Object keyValue(ChangeRow change, ColumnPlan key) throws Unstorable {
    Object value = change.after() != null ? valueAt(change.after(), key.fieldNames()) : null;
    if (value == null) {
      value = keyFieldValue(change.key(), key);
    }
    if (value == null) {
      throw new Unstorable("The change has no value for key column " + key.desiredName());
    }
    return convertScalar(key, value, null, -1);
  }

  /** Key structs carry key attributes under the same attribute names as items. */
  private static Object keyFieldValue(Struct key, ColumnPlan column) {
    if (key == null) {
      return null;
    }
    String attribute = column.fieldNames().get(0);
    for (org.apache.kafka.connect.data.Field field : key.schema().fields()) {
      if (field.name().equals(attribute)
          || attribute.equals(field.schema().parameters().get(SchemaParameters.ATTRIBUTE))) {
        return key.get(field);
      }
    }
    return null;
  }

  private Object[] upsertRow(ChangeRow change, int[] widths) throws Unstorable {
    List<ColumnPlan> columns = layout.columns();
    Object[] row = new Object[columns.size()];
    int truncatedColumn = -1;
    boolean truncated = false;
    for (int i = 0; i < columns.size(); i++) {
      ColumnPlan column = columns.get(i);
      switch (column.role()) {
        case EVENT_TIME -> row[i] = change.eventTimeMicros();
        case DELETED -> row[i] = Boolean.FALSE;
        case DELETED_AT, OVERFLOW -> {
          // Null on upserts; an overflow column is filled by the VARCHAR column before it.
        }
        case TRUNCATED -> truncatedColumn = i;
        case NULL_MARKER ->
            row[i] = valueAt(change.after(), column.fieldNames()) == null ? null : Boolean.TRUE;
        case JSON -> row[i] = json(column, valueAt(change.after(), column.fieldNames()), widths, i);
        default -> {
          Object value = valueAt(change.after(), column.fieldNames());
          if (value == null && column.role() == ColumnRole.KEY) {
            value = keyValue(change, column);
          }
          Object converted = convertScalar(column, value, widths, i);
          if (converted instanceof Overflowed overflowed) {
            row[i] = overflowed.stored;
            truncated |= overflowed.truncated;
            if (overflowed.whole != null) {
              row[i + 1] = overflowed.whole;
            }
          } else {
            row[i] = converted;
          }
        }
      }
    }
    if (truncatedColumn >= 0) {
      row[truncatedColumn] = truncated;
    }
    return row;
  }

  private List<Object[]> childRows(TableLayout.ChildLayout child, ChangeRow change, int[] widths)
      throws Unstorable {
    Object list = valueAt(change.after(), child.fieldNames());
    if (!(list instanceof List<?> elements)) {
      return List.of();
    }
    List<ColumnPlan> keys = layout.keyColumns();
    List<Object[]> rows = new ArrayList<>(elements.size());
    for (int position = 0; position < elements.size(); position++) {
      Object element = elements.get(position);
      Object[] row = new Object[keys.size() + 1 + child.elementColumns().size()];
      for (int k = 0; k < keys.size(); k++) {
        row[k] = keyValue(change, keys.get(k));
      }
      row[keys.size()] = position;
      for (int c = 0; c < child.elementColumns().size(); c++) {
        ColumnPlan column = child.elementColumns().get(c);
        int index = keys.size() + 1 + c;
        Object value =
            child.scalar()
                ? element
                : element == null ? null : valueAt((Struct) element, column.fieldNames());
        row[index] =
            switch (column.role()) {
              case JSON -> json(column, value, widths, index);
              case NULL_MARKER -> value == null ? null : Boolean.TRUE;
              default -> {
                Object converted = convertScalar(column, value, widths, index);
                if (converted instanceof Overflowed overflowed) {
                  throw new Unstorable(overflowed.reason);
                }
                yield converted;
              }
            };
      }
      rows.add(row);
    }
    return rows;
  }

  /** A VARCHAR value longer than Redshift allows, handled by the overflow policy. */
  private record Overflowed(Object stored, boolean truncated, String whole, String reason) {}

  private Object convertScalar(ColumnPlan column, Object value, int[] widths, int index)
      throws Unstorable {
    if (value == null) {
      return null;
    }
    SqlType type = column.type();
    switch (type.kind()) {
      case VARCHAR -> {
        String text = (String) value;
        if (widths != null && index >= 0 && text.length() * 3L <= widths[index]) {
          // Even at three bytes per UTF-16 unit it neither widens the column nor overflows it.
          return text;
        }
        int bytes = utf8Length(text);
        if (bytes > limits.maxVarcharBytes()) {
          return overflow(column, text, bytes);
        }
        track(widths, index, bytes);
        return text;
      }
      case TIMESTAMP -> {
        try {
          return Timestamps.parseMicros((String) value);
        } catch (IllegalArgumentException e) {
          throw new Unstorable("Column " + column.desiredName() + ": " + e.getMessage());
        }
      }
      case VARBYTE -> {
        byte[] bytes = value instanceof ByteBuffer buffer ? bytesOf(buffer) : (byte[]) value;
        if (bytes.length > limits.maxVarbyteBytes()) {
          throw new Unstorable(
              "Column "
                  + column.desiredName()
                  + ": "
                  + bytes.length
                  + " bytes exceed VARBYTE's "
                  + limits.maxVarbyteBytes());
        }
        track(widths, index, bytes.length);
        return bytes;
      }
      case DECIMAL -> {
        BigDecimal decimal = (BigDecimal) value;
        if (decimal.scale() != type.scale()) {
          throw new Unstorable(
              "Column "
                  + column.desiredName()
                  + ": decimal of scale "
                  + decimal.scale()
                  + " in a column of scale "
                  + type.scale());
        }
        return decimal;
      }
      case BIGINT, BOOLEAN -> {
        return value;
      }
      default -> throw new IllegalStateException("Not a scalar column: " + column);
    }
  }

  private Object overflow(ColumnPlan column, String text, int bytes) throws Unstorable {
    String reason =
        "Column "
            + column.desiredName()
            + ": a value of "
            + bytes
            + " bytes exceeds VARCHAR's "
            + limits.maxVarcharBytes()
            + " bytes (varchar.overflow.policy="
            + overflow
            + ")";
    return switch (overflow) {
      case TRUNCATE ->
          new Overflowed(truncateUtf8(text, limits.maxVarcharBytes()), true, null, reason);
      case SUPER -> new Overflowed(null, false, text, reason);
      case DLQ -> throw new Unstorable(reason);
    };
  }

  private Object json(ColumnPlan column, Object value, int[] widths, int index) throws Unstorable {
    if (value == null) {
      return null;
    }
    FieldKind kind = column.kind();
    String json =
        kind.base() == FieldKind.Base.JSON
            ? DynamoJson.writePlain(DynamoJson.read((String) value))
            : DynamoJson.writePlain(ItemDecoder.decodeValue(kind, value));
    int bytes = utf8Length(json);
    if (bytes > limits.maxStagedJsonBytes()) {
      throw new Unstorable(
          "Column "
              + column.desiredName()
              + ": JSON of "
              + bytes
              + " bytes exceeds the "
              + limits.maxStagedJsonBytes()
              + " bytes a SUPER value can be loaded with here");
    }
    track(widths, index, bytes);
    return json;
  }

  static Object valueAt(Struct struct, List<String> fieldNames) {
    Object current = struct;
    for (String name : fieldNames) {
      if (!(current instanceof Struct s)) {
        return null;
      }
      org.apache.kafka.connect.data.Field field = s.schema().field(name);
      current = field == null ? null : s.get(field);
    }
    return current;
  }

  private static void track(int[] widths, int index, int bytes) {
    if (widths != null && index >= 0 && bytes > widths[index]) {
      widths[index] = bytes;
    }
  }

  static int utf8Length(String text) {
    int length = text.length();
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return text.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return length;
  }

  /**
   * The longest prefix of {@code text} that fits {@code maxBytes} in UTF-8, whole characters only.
   */
  static String truncateUtf8(String text, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end);
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
