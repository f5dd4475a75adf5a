package io.ddbsync.source.stream;

import io.ddbsync.source.offsets.SegmentPosition;
import java.util.List;

/**
 * When a running snapshot will finish, projected from the progress its committed segment positions
 * show, against when it must finish for streaming to start without a gap: the cutoff (the earliest
 * segment start minus the margin) must still be within the stream's retention at the handoff. Pure:
 * the stream reader asks it while it waits, and warns early.
 */
public final class SnapshotForecast {
  /** The projection; overrun is how late the snapshot would be, 0 when it is on time. */
  public record Forecast(long projectedFinishMillis, long deadlineMillis, double fractionDone) {
    public long overrunMillis() {
      return Math.max(0, projectedFinishMillis - deadlineMillis);
    }

    public boolean atRisk() {
      return overrunMillis() > 0;
    }
  }

  private SnapshotForecast() {}

  /**
   * @param positions one per segment, null where nothing is committed yet
   * @param expectedItemsPerSegment the table's item count divided by its segments (DynamoDB's
   *     count, updated about every six hours: an estimate); 0 when unknown
   * @return null while nothing is started or done, so that nothing can be projected
   */
  public static Forecast of(
      List<SegmentPosition> positions, long expectedItemsPerSegment, long nowMillis) {
    long earliestStart = Long.MAX_VALUE;
    double done = 0;
    for (SegmentPosition position : positions) {
      if (position == null) {
        continue;
      }
      earliestStart = Math.min(earliestStart, position.startedAtMillis());
      if (position.done()) {
        done += 1;
      } else if (expectedItemsPerSegment > 0) {
        done += Math.min(0.99, (double) position.items() / expectedItemsPerSegment);
      }
    }
    if (earliestStart == Long.MAX_VALUE || done <= 0) {
      return null;
    }
    double fraction = done / positions.size();
    long elapsed = Math.max(0, nowMillis - earliestStart);
    long projected = earliestStart + (long) (elapsed / fraction);
    long deadline =
        earliestStart
            - HandoffRule.CUTOFF_MARGIN.toMillis()
            + HandoffRule.RETENTION.minus(HandoffRule.RETENTION_MARGIN).toMillis();
    return new Forecast(projected, deadline, fraction);
  }

  /** What helps a snapshot finish within the retention; never more segments alone. */
  public static String advice() {
    return "raise the read budget (snapshot.read.budget.percent for a provisioned table,"
        + " snapshot.read.budget.rcu for an on-demand one) or the segments scanned at once"
        + " (snapshot.task.parallelism and tasks.max; more segments alone do not read faster),"
        + " or load a table this large from a DynamoDB export to S3 and start this connector with"
        + " mode=STREAM_ONLY after it";
  }
}
