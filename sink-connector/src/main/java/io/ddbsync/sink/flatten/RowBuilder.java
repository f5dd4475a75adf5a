package io.ddbsync.sink.flatten;

import io.ddbsync.common.model.SchemaParameters;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns the changes of one batch into rows for a layout: upsert rows in the layout's column order,
 * delete rows (key columns, then the event time), and the rows of every child and grandchild table
 * (item key, enclosing positions, position, element columns). Every table's columns are filled by
 * the same rules, so every policy holds on every table: VARCHAR widths are measured in bytes so
 * that columns can be sized (including values the TRUNCATE policy cut), overlong strings go to
 * their overflow companion or are cut and flagged, and a change that cannot be stored exactly fails
 * alone, with a reason, and goes to the dead letter queue.
 */
public final class RowBuilder {
  /**
   * Everything one batch produces, frozen.
   *
   * @param upserts the rows of changed items, in the layout's column order
   * @param deletes removals that delete their rows: the key columns, then the event time
   * @param softDeletes removals that keep their rows flagged: the key columns, the event time, and
   *     whether the item expired when the layout records expiry
   * @param keeps items expired under ttl.removals=KEEP, whose rows are kept: the key columns, the
   *     time
   * @param children each child table's rows, by the layout's child name
   * @param widths the widest value in bytes of each of the item table's columns (VARCHAR, VARBYTE)
   * @param childWidths the same for each child table
   */
  public record Rows(
      RowGroup upserts,
      RowGroup deletes,
      RowGroup softDeletes,
      RowGroup keeps,
      Map<String, RowGroup> children,
      List<Failure> failures,
      int[] widths,
      Map<String, int[]> childWidths) {
    public Rows {
      children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
      failures = List.copyOf(failures);
      childWidths = Collections.unmodifiableMap(new LinkedHashMap<>(childWidths));
    }

    /** No rows, for a layout (a batch that only announces the end of a snapshot). */
    public static Rows none(TableLayout layout) {
      return new Filling(layout).freeze();
    }

    /** The child table's rows of {@code list} (the layout's child name); none when it has none. */
    public RowGroup child(String list) {
      return children.getOrDefault(list, RowGroup.EMPTY);
    }
  }

  /** Rows while a batch is built. */
  private static final class Filling {
    final TableLayout layout;
    final RowGroup.Builder upserts;
    final RowGroup.Builder deletes = new RowGroup.Builder();
    final RowGroup.Builder softDeletes = new RowGroup.Builder();
    final RowGroup.Builder keeps = new RowGroup.Builder();
    final Map<String, RowGroup.Builder> children = new LinkedHashMap<>();
    final List<Failure> failures = new ArrayList<>();
    // Tracked while filling, so that the converter can skip measuring a string that cannot widen
    // its column; the batch's widths are measured over the rows built (freeze).
    final int[] widths;
    final Map<String, int[]> childWidths = new LinkedHashMap<>();

    Filling(TableLayout layout) {
      this(layout, 16);
    }

    /** Rows for a batch of {@code changes} changes, most of them upserts. */
    Filling(TableLayout layout, int changes) {
      this.layout = layout;
      this.upserts = new RowGroup.Builder(changes);
      this.widths = new int[layout.columns().size()];
      int keys = layout.keyColumns().size();
      for (TableLayout.ChildLayout child : layout.children()) {
        children.put(child.name(), new RowGroup.Builder());
        childWidths.put(
            child.name(), new int[child.leadingColumns(keys) + child.elementColumns().size()]);
      }
    }

    /**
     * The rows, with the widths measured over them: a change that failed part-way (its values
     * tracked until the one that cannot be stored) has no rows, and sizes no column.
     */
    Rows freeze() {
      Map<String, RowGroup> childGroups = new LinkedHashMap<>();
      Map<String, int[]> measured = new LinkedHashMap<>();
      int keys = layout.keyColumns().size();
      for (TableLayout.ChildLayout child : layout.children()) {
        RowGroup group = children.get(child.name()).build();
        childGroups.put(child.name(), group);
        measured.put(child.name(), RowSelection.childWidths(child, keys, group));
      }
      RowGroup upsertRows = upserts.build();
      List<RowGroup> removals = List.of(deletes.build(), softDeletes.build(), keeps.build());
      return new Rows(
          upsertRows,
          removals.get(0),
          removals.get(1),
          removals.get(2),
          childGroups,
          failures,
          RowSelection.widths(layout, upsertRows, removals),
          measured);
    }
  }

  /** A change that cannot be loaded, and why. */
  public record Failure(SinkRecord record, String reason) {}

  private final TableLayout layout;
  private final ValueConverter values;
  // For each list of plans (a table's), the index of each VARCHAR plan's overflow companion.
  private final Map<List<ColumnPlan>, int[]> companions = new IdentityHashMap<>();
  // Whether the layout has the expiry flag, which soft-delete rows then carry.
  private final boolean recordsExpiry;

  /**
   * @param limits the dialect's longest values: VARCHAR, VARBYTE, and the JSON text a SUPER/JSONB
   *     column takes through staging; and whether text may hold U+0000
   */
  public RowBuilder(TableLayout layout, OverflowPolicy overflow, TypeLimits limits) {
    this.layout = layout;
    this.values = new ValueConverter(overflow, limits);
    companions.put(layout.columns(), companionsOf(layout.columns()));
    recordsExpiry = layout.columns().stream().anyMatch(c -> c.role() == ColumnRole.EXPIRED);
    for (TableLayout.ChildLayout child : layout.children()) {
      companions.put(child.elementColumns(), companionsOf(child.elementColumns()));
    }
  }

  public Rows build(List<ChangeRow> changes) {
    Filling rows = new Filling(layout, changes.size());
    for (ChangeRow change : changes) {
      try {
        if (change.keep()) {
          rows.keeps.add(deleteRow(change, false), change.record());
        } else if (change.delete() && change.soft()) {
          rows.softDeletes.add(deleteRow(change, recordsExpiry), change.record());
        } else if (change.delete()) {
          rows.deletes.add(deleteRow(change, false), change.record());
        } else {
          // Everything of one change is built before any of it is added, so that a change that
          // fails goes to the dead letter queue whole, without leaving child rows behind.
          Object[] upsert = new Object[layout.columns().size()];
          fill(layout.columns(), change.after(), false, change, upsert, 0, rows.widths);
          Object[] keys = keyValues(change);
          List<List<Object[]>> childRows = new ArrayList<>(layout.children().size());
          for (TableLayout.ChildLayout child : layout.children()) {
            List<Object[]> out = new ArrayList<>();
            collect(
                child,
                0,
                change.after(),
                new int[child.outerLists().size()],
                keys,
                change,
                out,
                rows.childWidths.get(child.name()));
            childRows.add(out);
          }
          rows.upserts.add(upsert, change.record());
          for (int c = 0; c < childRows.size(); c++) {
            RowGroup.Builder group = rows.children.get(layout.children().get(c).name());
            for (Object[] childRow : childRows.get(c)) {
              group.add(childRow, change.record());
            }
          }
        }
      } catch (Unstorable e) {
        rows.failures.add(new Failure(change.record(), e.getMessage()));
      }
    }
    return rows.freeze();
  }

  /** A removal's row; its text keys size their columns at freeze ({@link RowSelection#widths}). */
  private Object[] deleteRow(ChangeRow change, boolean withExpiry) throws Unstorable {
    List<ColumnPlan> keys = layout.keyColumns();
    Object[] row = new Object[keys.size() + (withExpiry ? 2 : 1)];
    for (int i = 0; i < keys.size(); i++) {
      row[i] = keyValue(change, keys.get(i));
    }
    row[keys.size()] = change.eventTimeMicros();
    if (withExpiry) {
      row[keys.size() + 1] = change.expired();
    }
    return row;
  }

  private Object[] keyValues(ChangeRow change) throws Unstorable {
    List<ColumnPlan> keys = layout.keyColumns();
    Object[] values = new Object[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      values[k] = keyValue(change, keys.get(k));
    }
    return values;
  }

  /**
   * The rows of {@code child} under {@code scope} (the item, or an element of the enclosing list at
   * {@code level - 1}), into {@code out}: one per element, with the positions of the enclosing
   * elements.
   */
  private void collect(
      TableLayout.ChildLayout child,
      int level,
      Struct scope,
      int[] positions,
      Object[] keys,
      ChangeRow change,
      List<Object[]> out,
      int[] widths)
      throws Unstorable {
    if (level < child.outerLists().size()) {
      if (valueAt(scope, child.outerLists().get(level)) instanceof List<?> elements) {
        for (int position = 0; position < elements.size(); position++) {
          if (elements.get(position) instanceof Struct element) {
            positions[level] = position;
            collect(child, level + 1, element, positions, keys, change, out, widths);
          }
        }
      }
      return;
    }
    if (!(valueAt(scope, child.fieldNames()) instanceof List<?> elements)) {
      return;
    }
    int leading = child.leadingColumns(keys.length);
    for (int position = 0; position < elements.size(); position++) {
      Object element = elements.get(position);
      Object[] row = new Object[leading + child.elementColumns().size()];
      System.arraycopy(keys, 0, row, 0, keys.length);
      for (int p = 0; p < positions.length; p++) {
        row[keys.length + p] = positions[p];
      }
      row[leading - 1] = position;
      fill(child.elementColumns(), element, child.scalar(), change, row, leading, widths);
      out.add(row);
    }
  }

  /**
   * Fills {@code row} from {@code offset} with the values of {@code plans} taken from {@code
   * source}: a struct (the item, an element), or for a scalar list's element the value itself.
   */
  private void fill(
      List<ColumnPlan> plans,
      Object source,
      boolean scalar,
      ChangeRow change,
      Object[] row,
      int offset,
      int[] widths)
      throws Unstorable {
    int[] companion = companions.get(plans);
    int truncatedColumn = -1;
    boolean truncated = false;
    for (int i = 0; i < plans.size(); i++) {
      ColumnPlan column = plans.get(i);
      int index = offset + i;
      switch (column.role()) {
        case EVENT_TIME -> row[index] = change.eventTimeMicros();
        case SNAPSHOT_START -> row[index] = change.snapshotStartMicros();
        case DELETED, EXPIRED -> row[index] = Boolean.FALSE;
        case DELETED_AT, OVERFLOW -> {
          // Null on upserts; an overflow column is filled by its VARCHAR column.
        }
        case TRUNCATED -> truncatedColumn = index;
        case NULL_MARKER ->
            row[index] = valueOf(source, scalar, column) == null ? null : Boolean.TRUE;
        case JSON ->
            row[index] = values.json(column, valueOf(source, scalar, column), widths, index);
        default -> {
          Object value = valueOf(source, scalar, column);
          if (value == null && column.role() == ColumnRole.KEY) {
            value = keyValue(change, column);
          }
          Object converted = values.scalar(column, value, widths, index);
          if (converted instanceof ValueConverter.Overflowed overflowed) {
            row[index] = overflowed.stored();
            truncated |= overflowed.truncated();
            if (overflowed.whole() != null) {
              row[offset + companion[i]] = overflowed.whole();
            }
          } else {
            row[index] = converted;
          }
        }
      }
    }
    if (truncatedColumn >= 0) {
      row[truncatedColumn] = truncated;
    }
  }

  private static Object valueOf(Object source, boolean scalar, ColumnPlan column) {
    if (scalar) {
      return source;
    }
    return source instanceof Struct struct ? valueAt(struct, column.fieldNames()) : null;
  }

  /** For each VARCHAR plan with an overflow companion, the companion's index; else -1. */
  private static int[] companionsOf(List<ColumnPlan> plans) {
    Map<String, Integer> byPath = new HashMap<>();
    for (int i = 0; i < plans.size(); i++) {
      byPath.put(plans.get(i).fieldPath(), i);
    }
    int[] companion = new int[plans.size()];
    for (int i = 0; i < plans.size(); i++) {
      Integer found =
          plans.get(i).role() == ColumnRole.OVERFLOW
              ? null
              : byPath.get(plans.get(i).fieldPath() + Column.OVERFLOW_SUFFIX);
      companion[i] = found == null ? -1 : found;
    }
    return companion;
  }

  private Object keyValue(ChangeRow change, ColumnPlan key) throws Unstorable {
    Object value = change.after() != null ? valueAt(change.after(), key.fieldNames()) : null;
    if (value == null) {
      value = keyFieldValue(change.key(), key);
    }
    if (value == null) {
      throw new Unstorable("The change has no value for key column " + key.desiredName());
    }
    Object converted = values.scalar(key, value, null, -1);
    if (converted instanceof ValueConverter.Overflowed overflowed) {
      throw new Unstorable(overflowed.reason());
    }
    return converted;
  }

  /** Key structs carry key attributes under the same attribute names as items. */
  private static Object keyFieldValue(Struct key, ColumnPlan column) {
    if (key == null) {
      return null;
    }
    String attribute = column.fieldNames().get(0);
    for (Field field : key.schema().fields()) {
      if (field.name().equals(attribute)
          || attribute.equals(field.schema().parameters().get(SchemaParameters.ATTRIBUTE))) {
        return key.get(field);
      }
    }
    return null;
  }

  static Object valueAt(Struct struct, List<String> fieldNames) {
    Object current = struct;
    // By index: an iterator per value read was a tenth of what flattening allocated.
    for (int i = 0; i < fieldNames.size(); i++) {
      if (!(current instanceof Struct s)) {
        return null;
      }
      Field field = s.schema().field(fieldNames.get(i));
      current = field == null ? null : s.get(field);
    }
    return current;
  }
}
