package io.ddbsync.cli.report;

import java.util.List;

/** A reconciliation run: every table's report, and when and how it ran. */
public record ReconcileReport(
    String startedAt, double seconds, String warehouse, List<TableReport> tables) {
  public boolean matches() {
    return tables.stream().allMatch(TableReport::matches);
  }
}
