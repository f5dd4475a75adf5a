package io.ddbsync.source.stream;

import io.ddbsync.source.offsets.SegmentPosition;
import java.time.Duration;
import java.util.List;

/**
 * When a table's stream may start after its snapshot, and from where.
 *
 * <p>The rule: streaming starts only once every snapshot segment's committed Kafka offset says
 * "done" (a committed offset means the records before it are in Kafka), so no snapshot row can land
 * after a newer stream change of the same item. It then replays the stream from its oldest record,
 * skipping records created before the cutoff: the earliest segment start minus a safety margin. A
 * change created before the cutoff happened before any segment was read, so the snapshot already
 * holds it or something newer; every later change is replayed in order. Replaying a change the scan
 * already saw is harmless, because consumers apply each item's changes in order and the last one is
 * always the newest state.
 *
 * <p>The stream keeps records for 24 hours. If the cutoff is older than that (a snapshot that took
 * longer than the retention), changes between may be gone: that is a gap, never a silent start.
 */
public final class HandoffRule {
  /** DynamoDB Streams keeps records for 24 hours. */
  public static final Duration RETENTION = Duration.ofHours(24);

  /**
   * Covers clock skew, approximate creation times (rounded down to the second) and eventually
   * consistent scans that miss a write made just before them.
   */
  public static final Duration CUTOFF_MARGIN = Duration.ofMinutes(5);

  /**
   * A position this close to the end of the retention is treated as lost: trimming is not exact.
   */
  public static final Duration RETENTION_MARGIN = Duration.ofMinutes(30);

  /** The outcome of one check. */
  public sealed interface Decision permits Wait, Start, Gap {}

  /** Not every segment is in Kafka yet. */
  public record Wait(int segmentsDone, int segmentsTotal) implements Decision {}

  /**
   * Stream from the oldest record, skipping records created before {@code cutoffMillis}. {@code
   * generationMillis} is the snapshot's generation: the earliest of its segments' generations, so
   * that every row the snapshot read is of that generation or newer; 0 when a segment records none
   * (begun by an older version): the snapshot then completes no generation.
   */
  public record Start(long cutoffMillis, long generationMillis) implements Decision {}

  /** The stream no longer holds every change since {@code cutoffMillis}. */
  public record Gap(long cutoffMillis) implements Decision {}

  private HandoffRule() {}

  /** {@code positions} holds one entry per segment, null where nothing is committed yet. */
  public static Decision decide(List<SegmentPosition> positions, long nowMillis) {
    int done = 0;
    long earliestStart = Long.MAX_VALUE;
    long earliestGeneration = Long.MAX_VALUE;
    for (SegmentPosition position : positions) {
      if (position != null && position.done()) {
        done++;
        earliestStart = Math.min(earliestStart, position.startedAtMillis());
        earliestGeneration = Math.min(earliestGeneration, position.generationMillis());
      }
    }
    if (done < positions.size()) {
      return new Wait(done, positions.size());
    }
    long cutoff = earliestStart - CUTOFF_MARGIN.toMillis();
    return isWithinRetention(cutoff, nowMillis)
        ? new Start(cutoff, earliestGeneration == Long.MAX_VALUE ? 0 : earliestGeneration)
        : new Gap(cutoff);
  }

  /** True when the stream still holds every change created since {@code sinceMillis}. */
  public static boolean isWithinRetention(long sinceMillis, long nowMillis) {
    return nowMillis - sinceMillis < RETENTION.minus(RETENTION_MARGIN).toMillis();
  }

  /**
   * A stream position DynamoDB trimmed is lost only if records after it may be unread. It is not
   * when the record at it was created before the cutoff (those records are skipped anyway), nor
   * when it aged out of the retention while the table was caught up within it (nothing came after
   * it, or what came was emitted); the shard then continues from its oldest record, after it.
   *
   * @param recordCreatedMillis creation time of the record at the position; 0 when unknown
   */
  public static boolean trimmedPositionLostNothing(
      long recordCreatedMillis, long cutoffMillis, long caughtUpToMillis, long nowMillis) {
    if (recordCreatedMillis <= 0) {
      return false;
    }
    if (recordCreatedMillis < cutoffMillis) {
      return true;
    }
    return !isWithinRetention(recordCreatedMillis, nowMillis)
        && isWithinRetention(caughtUpToMillis, nowMillis);
  }
}
