package io.ddbsync.cli.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What reconciling one DynamoDB table against its warehouse tables found.
 *
 * @param table the DynamoDB table
 * @param target the warehouse table the sink writes its items to (null when it does not exist)
 * @param mode FULL, SAMPLE (a fraction of the table's scan segments) or KEYS
 * @param coverage the fraction of the table the comparison read (1.0 for FULL)
 * @param items the items read from DynamoDB
 * @param rows the live rows of the target table (soft-deleted rows left out); -1 when not counted
 * @param childRows the child rows compared, every child table together
 * @param matched items whose rows equal them, column by column
 * @param missing items without a live row
 * @param extra live rows without an item (FULL only)
 * @param different items whose rows differ
 * @param refused items the sink refuses by its settings (they go to its dead letter queue)
 * @param rechecked keys that differed at first and were read again after the settle time
 * @param columns per warehouse column ("table.column"), how many items differ in it
 * @param examples a few keys of each kind, with what differs
 * @param readCapacityUnits what the comparison's reads of DynamoDB consumed
 * @param appliedThrough the target table's applied-through watermark when the comparison ended
 *     (every change before it is in the table); null when the sink records none
 * @param changedSinceImage with --from-export: rows whose event time is after the export's time,
 *     compared with the live item (one GetItem each) instead of the export's image
 */
public record TableReport(
    String table,
    String target,
    String mode,
    double coverage,
    long items,
    long rows,
    long childRows,
    long matched,
    long missing,
    long extra,
    long different,
    long refused,
    long rechecked,
    Map<String, Long> columns,
    List<Example> examples,
    double readCapacityUnits,
    double seconds,
    String appliedThrough,
    long changedSinceImage) {

  /** The names of the {@link #counts()}, in order. */
  public static final List<String> COUNT_NAMES =
      List.of(
          "mode",
          "items",
          "rows",
          "child rows",
          "matched",
          "missing",
          "extra",
          "different",
          "refused",
          "RCU");

  /** The counts as every report shows them: sampled coverage, "-" for what was not counted. */
  public List<String> counts() {
    return List.of(
        mode + (coverage < 1 ? String.format(Locale.ROOT, " %.0f%%", coverage * 100) : ""),
        count(items),
        rows < 0 ? "-" : count(rows),
        count(childRows),
        count(matched),
        count(missing),
        mode.equals("SAMPLE") ? "-" : count(extra),
        count(different),
        count(refused),
        String.format(Locale.ROOT, "%.1f", readCapacityUnits));
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** Whether the table and its rows are equal (refused items aside: the sink's settings decide). */
  public boolean matches() {
    return missing == 0 && extra == 0 && different == 0;
  }

  /**
   * One key that differs.
   *
   * @param kind missing, extra, different or refused
   * @param key the item's key attributes, name=value
   * @param details for different: each column, expected against actual; for refused: the reason
   */
  public record Example(String kind, String key, List<String> details) {}
}
