package io.ddbsync.sink.flatten;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A built batch's rows again for some of its records only (the warehouse refused the others, or the
 * batch is loaded in halves), in the layout of the records kept: taken from the rows already built
 * rather than flattened again, since a frozen batch keeps its rows and not the items they came
 * from. The result equals what flattening the kept changes would give: the same rows, and the same
 * widths, measured again over the rows kept as {@link RowBuilder} measures them (every text and
 * bytes value of the item and element columns, an overflow column's excepted, and the text keys of
 * removals).
 */
public final class RowSelection {
  private RowSelection() {}

  /**
   * The rows of {@code rows} (laid out as {@code built}) whose record {@code keep} holds, laid out
   * as {@code layout}: a layout of a subset of the same schemas, so each of its columns and child
   * tables is one of {@code built}'s (matched by field path).
   */
  public static RowBuilder.Rows select(
      RowBuilder.Rows rows, TableLayout built, TableLayout layout, Set<SinkRecord> keep) {
    RowGroup upserts =
        remapped(rows.upserts(), keep, sources(built.columns(), layout.columns(), 0));
    List<RowGroup> removals = new ArrayList<>();
    for (RowGroup group : List.of(rows.deletes(), rows.softDeletes(), rows.keeps())) {
      removals.add(group.select(indexesOf(group, keep)));
    }
    Map<String, TableLayout.ChildLayout> builtChildren = new HashMap<>();
    built.children().forEach(child -> builtChildren.put(child.fieldPath(), child));
    Map<String, RowGroup> children = new java.util.LinkedHashMap<>();
    Map<String, int[]> childWidths = new java.util.LinkedHashMap<>();
    int keys = layout.keyColumns().size();
    for (TableLayout.ChildLayout child : layout.children()) {
      TableLayout.ChildLayout from = builtChildren.get(child.fieldPath());
      int leading = child.leadingColumns(keys);
      int[] sources = sources(from.elementColumns(), child.elementColumns(), leading);
      RowGroup kept = remapped(rows.child(from.name()), keep, sources);
      children.put(child.name(), kept);
      childWidths.put(child.name(), childWidths(child, keys, kept));
    }
    return new RowBuilder.Rows(
        upserts,
        removals.get(0),
        removals.get(1),
        removals.get(2),
        children,
        List.of(),
        widths(layout, upserts, removals),
        childWidths);
  }

  /**
   * The widths of a table's columns (what the loader sizes VARCHAR and VARBYTE columns to),
   * measured over the rows built: every text and bytes value of the upserts (an overflow column's
   * excepted: it is not VARCHAR), and the text keys of {@code removals}, which may create the
   * table.
   */
  static int[] widths(TableLayout layout, RowGroup upserts, List<RowGroup> removals) {
    int[] widths = new int[layout.columns().size()];
    measure(upserts, layout.columns(), 0, widths);
    for (RowGroup removal : removals) {
      for (int k = 0; k < layout.keyColumns().size(); k++) {
        ValueConverter.track(
            widths,
            layout.columns().indexOf(layout.keyColumns().get(k)),
            removal.maxBytes(k, false));
      }
    }
    return widths;
  }

  /** The widths of a child table's element columns, as {@link #widths}. */
  static int[] childWidths(TableLayout.ChildLayout child, int keys, RowGroup rows) {
    int leading = child.leadingColumns(keys);
    int[] widths = new int[leading + child.elementColumns().size()];
    measure(rows, child.elementColumns(), leading, widths);
    return widths;
  }

  /**
   * For each column of {@code to} (after {@code leading} columns kept in place), the index of the
   * column of {@code from} of the same field path.
   */
  private static int[] sources(List<ColumnPlan> from, List<ColumnPlan> to, int leading) {
    Map<String, Integer> byPath = new HashMap<>();
    for (int i = 0; i < from.size(); i++) {
      byPath.put(from.get(i).fieldPath(), leading + i);
    }
    int[] sources = new int[leading + to.size()];
    for (int i = 0; i < leading; i++) {
      sources[i] = i;
    }
    for (int i = 0; i < to.size(); i++) {
      Integer source = byPath.get(to.get(i).fieldPath());
      if (source == null) {
        throw new IllegalArgumentException(
            "Column " + to.get(i).fieldPath() + " is not among the batch's columns");
      }
      sources[leading + i] = source;
    }
    return sources;
  }

  private static RowGroup remapped(RowGroup group, Set<SinkRecord> keep, int[] sources) {
    int[] indexes = indexesOf(group, keep);
    boolean same = group.isEmpty() || sources.length == group.rows().get(0).length;
    for (int i = 0; same && i < sources.length; i++) {
      same = sources[i] == i;
    }
    if (same) {
      return group.select(indexes);
    }
    RowGroup.Builder out = new RowGroup.Builder();
    for (int index : indexes) {
      Object[] row = group.rows().get(index);
      Object[] mapped = new Object[sources.length];
      for (int c = 0; c < sources.length; c++) {
        mapped[c] = row[sources[c]];
      }
      out.add(mapped, group.records().get(index));
    }
    return out.build();
  }

  private static int[] indexesOf(RowGroup group, Set<SinkRecord> keep) {
    List<SinkRecord> records = group.records();
    int[] indexes = new int[records.size()];
    int count = 0;
    for (int r = 0; r < records.size(); r++) {
      if (keep.contains(records.get(r))) {
        indexes[count++] = r;
      }
    }
    return java.util.Arrays.copyOf(indexes, count);
  }

  /** Widths of the text and bytes values of {@code plans}, from column {@code offset} on. */
  private static void measure(RowGroup group, List<ColumnPlan> plans, int offset, int[] widths) {
    for (int i = 0; i < plans.size(); i++) {
      if (plans.get(i).role() != ColumnRole.OVERFLOW) {
        ValueConverter.track(widths, offset + i, group.maxBytes(offset + i, true));
      }
    }
  }
}
