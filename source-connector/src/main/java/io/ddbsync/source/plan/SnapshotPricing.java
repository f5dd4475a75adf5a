package io.ddbsync.source.plan;

import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.settings.SnapshotMethod;
import java.util.Locale;

/**
 * What a table's snapshot costs each way, before it runs, and the method AUTO takes. A Scan reads
 * every item: DynamoDB charges one read capacity unit per 4 KB for a strongly consistent read and
 * half of one for an eventually consistent read ("Read consumption", Developer Guide), so the whole
 * table costs its size in 4 KB units (halved), taken at the read budget per second. An export reads
 * no capacity; DynamoDB bills it by the table's size in GB at the export's time, and it needs
 * point-in-time recovery on the table.
 */
public final class SnapshotPricing {
  private SnapshotPricing() {}

  /**
   * A table's snapshot, priced.
   *
   * @param scanRcu the read capacity units a Scan of the whole table consumes
   * @param scanHours how long that Scan takes at the read budget
   * @param exportGb the gigabytes an export is billed for
   * @param reason why the method was chosen, for the log and validate()
   */
  public record Plan(
      String table,
      SnapshotMethod method,
      double scanRcu,
      double scanHours,
      double exportGb,
      boolean pointInTimeRecovery,
      String reason) {

    /** One line an operator can act on. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "Table %s: a Scan would read %,.0f RCU over %.1f h at the read budget; an export reads"
              + " none and is billed for %.2f GB (point-in-time recovery %s) -> %s: %s",
          table,
          scanRcu,
          scanHours,
          exportGb,
          pointInTimeRecovery ? "on" : "off",
          method,
          reason);
    }
  }

  /**
   * @param budgetRcu the table's read budget in RCU per second
   * @param configured the snapshot.method setting
   * @param maxScanHours under AUTO, the longest Scan before the table is exported instead
   */
  public static Plan plan(
      TableInfo table,
      double budgetRcu,
      boolean consistentRead,
      boolean pointInTimeRecovery,
      SnapshotMethod configured,
      double maxScanHours) {
    double units = Math.ceil(table.sizeBytes() / 4096.0);
    double scanRcu = consistentRead ? units : units / 2;
    double scanHours = budgetRcu > 0 ? scanRcu / budgetRcu / 3600 : Double.POSITIVE_INFINITY;
    double exportGb = table.sizeBytes() / 1e9;
    SnapshotMethod method;
    String reason;
    switch (configured) {
      case SCAN -> {
        method = SnapshotMethod.SCAN;
        reason = "snapshot.method=SCAN";
      }
      case EXPORT -> {
        method = SnapshotMethod.EXPORT;
        reason =
            pointInTimeRecovery
                ? "snapshot.method=EXPORT"
                : "snapshot.method=EXPORT, but point-in-time recovery is off: turn it on"
                    + " (aws dynamodb update-continuous-backups --table-name "
                    + table.name()
                    + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true)";
      }
      default -> {
        if (!pointInTimeRecovery) {
          method = SnapshotMethod.SCAN;
          reason = "AUTO: point-in-time recovery is off, so the table cannot be exported";
        } else if (scanHours > maxScanHours) {
          method = SnapshotMethod.EXPORT;
          reason =
              String.format(
                  Locale.ROOT,
                  "AUTO: a Scan would take longer than snapshot.auto.scan.max.hours=%.1f",
                  maxScanHours);
        } else {
          method = SnapshotMethod.SCAN;
          reason =
              String.format(
                  Locale.ROOT,
                  "AUTO: a Scan fits in snapshot.auto.scan.max.hours=%.1f",
                  maxScanHours);
        }
      }
    }
    return new Plan(
        table.name(), method, scanRcu, scanHours, exportGb, pointInTimeRecovery, reason);
  }
}
