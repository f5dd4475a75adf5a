package io.ddbsync.source.stream;

import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.StreamWork;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.StreamStartPosition;
import java.time.Instant;

/**
 * What a table's stream reader does with the marker it finds stored, before it reads anything: go
 * on from it, start the table afresh, wait for the connector to plan a new epoch, or treat the
 * position as lost. Pure: the reader acts on the decision.
 */
final class TableStart {
  /** The decision. */
  sealed interface Decision permits Resume, Fresh, Replanned, Lost, Refused {}

  /** The stored marker is this table's, stream and epoch, and recent enough: go on from it. */
  record Resume(TableMarker marker) implements Decision {}

  /**
   * No usable marker: start with {@code marker}. {@code recreated} says why a stored one was set
   * aside (the table was deleted and created again), or is null.
   */
  record Fresh(TableMarker marker, String recreated) implements Decision {}

  /** The table moved to another snapshot epoch; the connector plans it. */
  record Replanned(int epoch) implements Decision {}

  /** Streaming cannot go on from the stored position; the lost-position policy decides. */
  record Lost(TableMarker stored, String reason) implements Decision {}

  /** A recreated table under the FAIL policy: the task fails with this message. */
  record Refused(String message) implements Decision {}

  private TableStart() {}

  static Decision decide(
      TableMarker stored,
      StreamWork work,
      LostPositionPolicy policy,
      StreamStartPosition startPosition,
      long nowMillis) {
    if (stored != null && stored.tableId().equals(work.tableId())) {
      if (stored.streamArn() != null && !stored.streamArn().equals(work.streamArn())) {
        return new Lost(
            stored,
            "the stream of table "
                + work.table()
                + " was replaced (it was "
                + stored.streamArn()
                + ", it is now "
                + work.streamArn()
                + "), so changes made while neither was read may be missing");
      }
      if (stored.epoch() != work.epoch()) {
        return new Replanned(stored.epoch());
      }
      if (stored.phase() == TableMarker.Phase.STREAMING
          && !HandoffRule.isWithinRetention(stored.caughtUpToMillis(), nowMillis)) {
        return new Lost(
            stored,
            "the stream of table "
                + work.table()
                + " was last read up to "
                + Instant.ofEpochMilli(stored.caughtUpToMillis())
                + ", longer ago than the stream's 24-hour retention, so changes since may have"
                + " been trimmed");
      }
      return new Resume(stored);
    }
    String recreated = null;
    if (stored != null) {
      recreated =
          "table "
              + work.table()
              + " was deleted and created again (its table id "
              + stored.tableId()
              + " is now "
              + work.tableId()
              + "), so rows of items the old table had and the new one has not would stay in the"
              + " target";
      if (policy == LostPositionPolicy.FAIL) {
        LostPosition.Decision decision =
            LostPosition.decide(policy, work.table(), recreated, stored, () -> null, 0);
        return new Refused(((LostPosition.Fail) decision).message());
      }
    }
    // Generations stay newer than the old table's (a recreated table), whatever the clocks say.
    long newest = stored == null ? 0 : stored.newestGenerationMillis();
    long floor = stored == null ? 0 : stored.generationFloorMillis();
    TableMarker fresh =
        work.snapshotFirst()
            ? new TableMarker(
                work.tableId(),
                work.streamArn(),
                work.epoch(),
                work.totalSegments(),
                TableMarker.Phase.SNAPSHOT,
                0,
                0,
                0,
                newest)
            // Streamed without a snapshot: its changes are a generation of their own, starting
            // now, so that a later snapshot (after a lost position) can tell their rows older.
            : new TableMarker(
                work.tableId(),
                work.streamArn(),
                work.epoch(),
                0,
                TableMarker.Phase.STREAMING,
                startPosition == StreamStartPosition.LATEST ? nowMillis : 0,
                nowMillis,
                Math.max(nowMillis, floor),
                newest);
    return new Fresh(fresh, recreated);
  }
}
