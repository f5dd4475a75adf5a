package io.ddbsync.cli.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page of a report, to attach to a migration ticket: per table a bar of
 * matched / missing / extra / different items (inline SVG, no script, no network), the counts, the
 * columns that differ and examples; for drift, the table of findings.
 */
public final class HtmlReport {
  private static final String[][] PARTS = {
    {"matched", "#2e7d32"}, {"missing", "#c62828"}, {"extra", "#ef6c00"}, {"different", "#6a1b9a"}
  };

  private HtmlReport() {}

  public static String reconcile(ReconcileReport report) {
    StringBuilder page = head("ddbsync reconcile");
    page.append("<h1>Reconciliation: ")
        .append(
            report.matches() ? "<span class=ok>MATCH</span>" : "<span class=bad>MISMATCH</span>")
        .append("</h1>\n<p>")
        .append(escape(report.warehouse()))
        .append(", started ")
        .append(escape(report.startedAt()))
        .append(String.format(Locale.ROOT, ", %.1f s", report.seconds()))
        .append("</p>\n");
    for (TableReport table : report.tables()) {
      page.append("<section class=table id=\"t-").append(escape(table.table())).append("\">\n");
      page.append("<h2>")
          .append(escape(table.table()))
          .append(" &rarr; ")
          .append(escape(table.target() == null ? "(no table)" : table.target()))
          .append(
              table.matches() ? " <span class=ok>match</span>" : " <span class=bad>mismatch</span>")
          .append("</h2>\n");
      page.append(chart(table));
      page.append("<table class=counts><tr>");
      for (String header : TableReport.COUNT_NAMES) {
        page.append("<th>").append(header).append("</th>");
      }
      page.append("</tr><tr>");
      for (String cell : table.counts()) {
        page.append("<td>").append(escape(cell)).append("</td>");
      }
      page.append("</tr></table>\n");
      if (table.appliedThrough() != null) {
        page.append("<p>Every change before ")
            .append(escape(table.appliedThrough()))
            .append(" is in the warehouse (the sink's applied-through watermark).</p>\n");
      }
      if (table.changedSinceImage() > 0) {
        page.append("<p>")
            .append(count(table.changedSinceImage()))
            .append(
                " rows changed after the export's time were compared with the live item.</p>\n");
      }
      if (!table.columns().isEmpty()) {
        page.append(
            "<h3>Columns that differ</h3>\n<table class=columns><tr><th>column</th><th>items</th></tr>");
        for (Map.Entry<String, Long> column : table.columns().entrySet()) {
          page.append("<tr><td>")
              .append(escape(column.getKey()))
              .append("</td><td>")
              .append(column.getValue())
              .append("</td></tr>");
        }
        page.append("</table>\n");
      }
      if (!table.examples().isEmpty()) {
        page.append(
            "<h3>Examples</h3>\n<table class=examples><tr><th>kind</th><th>key</th><th>details</th></tr>");
        for (TableReport.Example example : table.examples()) {
          page.append("<tr class=\"")
              .append(escape(example.kind()))
              .append("\"><td>")
              .append(escape(example.kind()))
              .append("</td><td>")
              .append(escape(example.key()))
              .append("</td><td>")
              .append(escape(String.join("\n", example.details())).replace("\n", "<br>"))
              .append("</td></tr>");
        }
        page.append("</table>\n");
      }
      page.append("</section>\n");
    }
    return page.append("</body></html>\n").toString();
  }

  /** A page of drift findings: one table, a row per finding. */
  public static String drift(String title, List<String> headers, List<List<String>> rows) {
    StringBuilder page = head("ddbsync drift");
    page.append("<h1>").append(escape(title)).append("</h1>\n<table class=drift><tr>");
    for (String header : headers) {
      page.append("<th>").append(escape(header)).append("</th>");
    }
    page.append("</tr>\n");
    for (List<String> row : rows) {
      page.append("<tr>");
      for (String cell : row) {
        page.append("<td>").append(escape(cell)).append("</td>");
      }
      page.append("</tr>\n");
    }
    return page.append("</table>\n</body></html>\n").toString();
  }

  /** A horizontal stacked bar of the table's outcomes, with a legend. */
  private static String chart(TableReport table) {
    long[] values = {table.matched(), table.missing(), table.extra(), table.different()};
    long total = 0;
    for (long value : values) {
      total += value;
    }
    StringBuilder svg =
        new StringBuilder(
            "<svg class=chart width=640 height=64 role=img aria-label=\"matched, missing, extra and different items\">");
    double x = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] == 0 || total == 0) {
        continue;
      }
      // Every non-zero part gets at least 4 pixels, so one bad key among millions is visible.
      double width = Math.max(4, 600.0 * values[i] / total);
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"%s\" x=\"%.1f\" y=\"4\" width=\"%.1f\" height=\"28\" fill=\"%s\"><title>%s: %d</title></rect>",
              PARTS[i][0],
              x,
              width,
              PARTS[i][1],
              PARTS[i][0],
              values[i]));
      x += width;
    }
    double legend = 0;
    for (int i = 0; i < values.length; i++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.0f\" y=\"44\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%.0f\" y=\"55\" font-size=\"12\">%s %s</text>",
              legend,
              PARTS[i][1],
              legend + 16,
              PARTS[i][0],
              count(values[i])));
      legend += 150;
    }
    return svg.append("</svg>\n").toString();
  }

  private static StringBuilder head(String title) {
    return new StringBuilder()
        .append("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>")
        .append(escape(title))
        .append("</title>\n<style>")
        .append("body{font-family:sans-serif;margin:24px;color:#222}")
        .append("table{border-collapse:collapse;margin:8px 0}")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
        .append("th{background:#f3f3f3}.ok{color:#2e7d32}.bad{color:#c62828}")
        .append("section{margin-bottom:32px}")
        .append("</style></head><body>\n");
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
