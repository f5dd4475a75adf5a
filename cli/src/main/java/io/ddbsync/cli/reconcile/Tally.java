package io.ddbsync.cli.reconcile;

import io.ddbsync.cli.report.TableReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts and examples, as they accumulate. */
final class Tally {
  final int maxExamples;
  long items;
  long rows = -1;
  long childRows;
  long matched;
  long rechecked;
  long changedSinceImage;
  String appliedThrough;
  final Map<String, Long> counts = new LinkedHashMap<>();
  final Map<String, Long> columns = new TreeMap<>();
  final List<TableReport.Example> examples = new ArrayList<>();
  final Map<String, Integer> examplesByKind = new LinkedHashMap<>();

  Tally(int maxExamples) {
    this.maxExamples = maxExamples;
  }

  void refused(String key, String reason) {
    add("refused", key, List.of(reason));
  }

  void add(String kind, String key, List<String> details) {
    counts.merge(kind, 1L, Long::sum);
    int shown = examplesByKind.merge(kind, 1, Integer::sum);
    if (shown <= maxExamples) {
      examples.add(new TableReport.Example(kind, key, details));
    }
  }

  TableReport report(
      String table,
      String target,
      TableReconciler.Settings settings,
      double capacity,
      double seconds) {
    return new TableReport(
        table,
        target,
        settings.mode(),
        (double) settings.segments().size() / settings.totalSegments(),
        items,
        rows,
        childRows,
        matched,
        counts.getOrDefault("missing", 0L),
        counts.getOrDefault("extra", 0L),
        counts.getOrDefault("different", 0L),
        counts.getOrDefault("refused", 0L),
        rechecked,
        columns,
        examples,
        capacity,
        seconds,
        appliedThrough,
        changedSinceImage);
  }
}
