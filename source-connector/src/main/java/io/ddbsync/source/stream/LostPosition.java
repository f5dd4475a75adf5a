package io.ddbsync.source.stream;

import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.settings.LostPositionPolicy;
import java.util.function.Supplier;

/**
 * What {@code stream.lost.position.policy} makes of a stream position that can no longer be
 * continued from (trimmed records, a replaced or disabled stream, a position older than the
 * retention): fail the task with instructions, or start a new snapshot epoch. Pure: the reader
 * carries the decision out (emits the marker, or throws).
 */
public final class LostPosition {
  /** The outcome. */
  public sealed interface Decision permits Fail, Resnapshot, Heal {}

  /** Fail the task with this message: nothing was skipped, and it says how to recover. */
  public record Fail(String message) implements Decision {}

  /** Record {@code next} (a new epoch, on the table's current stream) and stop streaming. */
  public record Resnapshot(TableMarker next) implements Decision {}

  /**
   * Heal: emit the changes of {@code window} from incremental exports, then stream again from the
   * stream's oldest records behind the window's end.
   */
  public record Heal(TableMarker.Heal window) implements Decision {}

  private LostPosition() {}

  /**
   * @param reason why the position is lost, as a clause for the message
   * @param current the table as it is now; asked only under RESNAPSHOT
   * @param segments the segment count for the new epoch's snapshot
   */
  public static Decision decide(
      LostPositionPolicy policy,
      String table,
      String reason,
      TableMarker marker,
      Supplier<TableInfo> current,
      int segments) {
    return decide(
        policy,
        table,
        reason,
        marker,
        current,
        segments,
        () -> ExportClient.PointInTimeRecovery.OFF,
        0,
        false);
  }

  /**
   * @param recovery the table's point-in-time recovery; asked only under INCREMENTAL_EXPORT
   * @param nowMillis now, for the window to heal
   * @param canExport whether an export bucket is configured
   */
  public static Decision decide(
      LostPositionPolicy policy,
      String table,
      String reason,
      TableMarker marker,
      Supplier<TableInfo> current,
      int segments,
      Supplier<ExportClient.PointInTimeRecovery> recovery,
      long nowMillis,
      boolean canExport) {
    if (policy == LostPositionPolicy.FAIL) {
      return new Fail(
          "Cannot continue streaming: "
              + reason
              + ". Nothing was skipped; the task stops here. To recover, set"
              + " stream.lost.position.policy=RESNAPSHOT to take a new snapshot of the table, or"
              + " stop the connector, reset its offsets (DELETE /connectors/<name>/offsets) and"
              + " resume it for a fresh snapshot.");
    }
    TableInfo now = current.get();
    if (now == null || !now.hasStream()) {
      return new Fail(
          "Cannot re-snapshot table "
              + table
              + ": "
              + reason
              + ", and the table now "
              + (now == null ? "does not exist" : "has no stream; enable one to continue"));
    }
    if (policy == LostPositionPolicy.INCREMENTAL_EXPORT) {
      TableMarker.Heal window = healWindow(marker, now, recovery, nowMillis, canExport);
      if (window != null) {
        return new Heal(window);
      }
    }
    return new Resnapshot(marker.resnapshot(now.streamArn(), segments));
  }

  /**
   * The changes a heal reads: from the last time every change was emitted (minus the cutoff margin)
   * to the latest time point-in-time recovery holds; null when a heal cannot be trusted to cover
   * them: another table under the name, a replaced stream, a position never caught up (a snapshot
   * that did not finish), changes older than recovery's window, or no export bucket.
   */
  static TableMarker.Heal healWindow(
      TableMarker marker,
      TableInfo now,
      Supplier<ExportClient.PointInTimeRecovery> recovery,
      long nowMillis,
      boolean canExport) {
    if (!canExport
        || !marker.tableId().equals(now.tableId())
        || marker.streamArn() == null
        || !marker.streamArn().equals(now.streamArn())
        || marker.phase() != TableMarker.Phase.STREAMING
        || marker.caughtUpToMillis() <= 0) {
      return null;
    }
    long from = marker.caughtUpToMillis() - HandoffRule.CUTOFF_MARGIN.toMillis();
    ExportClient.PointInTimeRecovery window = recovery.get();
    long to = Math.min(nowMillis, window.latestMillis());
    if (to <= from || !window.covers(from, to)) {
      return null;
    }
    return new TableMarker.Heal(from, to);
  }
}
