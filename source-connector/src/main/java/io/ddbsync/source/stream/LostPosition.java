package io.ddbsync.source.stream;

import io.ddbsync.source.catalog.TableInfo;
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
  public sealed interface Decision permits Fail, Resnapshot {}

  /** Fail the task with this message: nothing was skipped, and it says how to recover. */
  public record Fail(String message) implements Decision {}

  /** Record {@code next} (a new epoch, on the table's current stream) and stop streaming. */
  public record Resnapshot(TableMarker next) implements Decision {}

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
    return new Resnapshot(marker.resnapshot(now.streamArn(), segments));
  }
}
