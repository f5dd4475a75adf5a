package io.ddbsync.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable form of a reconciliation: a table of counts, then columns and examples. */
public final class TextReport {
  private TextReport() {}

  public static String render(ReconcileReport report) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Reconciliation of %d table(s) against %s, started %s, %.1f s%n%n",
            report.tables().size(),
            report.warehouse(),
            report.startedAt(),
            report.seconds()));
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("TABLE", "TARGET"));
    TableReport.COUNT_NAMES.forEach(name -> header.add(name.toUpperCase(Locale.ROOT)));
    rows.add(header.toArray(String[]::new));
    for (TableReport table : report.tables()) {
      List<String> row = new ArrayList<>();
      row.add(table.table());
      row.add(table.target() == null ? "(none)" : table.target());
      row.addAll(table.counts());
      rows.add(row.toArray(String[]::new));
    }
    appendColumns(out, rows);
    for (TableReport table : report.tables()) {
      if (table.appliedThrough() != null) {
        out.append('\n')
            .append(table.table())
            .append(": every change before ")
            .append(table.appliedThrough())
            .append(" is in the warehouse (the sink's applied-through watermark)\n");
      }
      if (table.changedSinceImage() > 0) {
        out.append('\n')
            .append(table.table())
            .append(": ")
            .append(count(table.changedSinceImage()))
            .append(" rows changed after the export's time, compared with the live item\n");
      }
      if (!table.columns().isEmpty()) {
        out.append('\n').append(table.table()).append(": columns that differ\n");
        for (Map.Entry<String, Long> column : table.columns().entrySet()) {
          out.append("  ").append(column.getKey()).append("  ").append(column.getValue());
          out.append(column.getValue() == 1 ? " item\n" : " items\n");
        }
      }
      if (!table.examples().isEmpty()) {
        out.append('\n').append(table.table()).append(": examples\n");
        for (TableReport.Example example : table.examples()) {
          out.append(String.format(Locale.ROOT, "  %-9s %s%n", example.kind(), example.key()));
          for (String detail : example.details()) {
            out.append("            ").append(detail).append('\n');
          }
        }
      }
    }
    out.append('\n').append(verdict(report)).append('\n');
    return out.toString();
  }

  /** One line: MATCH, or MISMATCH with the totals. */
  public static String verdict(ReconcileReport report) {
    long missing = 0;
    long extra = 0;
    long different = 0;
    for (TableReport table : report.tables()) {
      missing += table.missing();
      extra += table.extra();
      different += table.different();
    }
    return report.matches()
        ? "RESULT: MATCH (every item equals its rows)"
        : String.format(
            Locale.ROOT,
            "RESULT: MISMATCH (%d missing, %d extra, %d different)",
            missing,
            extra,
            different);
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static void appendColumns(StringBuilder out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(c == 0 ? "" : "  ");
        boolean number = c >= 3 && !row[c].isEmpty() && Character.isDigit(row[c].charAt(0));
        String format = number ? "%" + widths[c] + "s" : "%-" + widths[c] + "s";
        line.append(String.format(Locale.ROOT, format, row[c]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
