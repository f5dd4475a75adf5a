package io.ddbsync.source.stream;

import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.plan.StreamWork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running snapshot against the stream's retention: projects its end from the segments'
 * progress ({@link SnapshotForecast}) and, when it would end too late for a gap-free handoff,
 * reports the overrun (metric) and warns, at most every ten minutes, with what to change.
 */
final class RetentionWatch {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionWatch.class);
  private static final Duration WARNING_INTERVAL = Duration.ofMinutes(10);

  private final StreamWork work;
  private final StreamProgress progress;
  private long lastWarningMillis = Long.MIN_VALUE / 2;

  RetentionWatch(StreamWork work, StreamProgress progress) {
    this.work = work;
    this.progress = progress;
  }

  void check(List<SegmentPosition> positions, int totalSegments, long nowMillis) {
    long perSegment = totalSegments > 0 ? work.expectedItems() / totalSegments : 0;
    SnapshotForecast.Forecast forecast = SnapshotForecast.of(positions, perSegment, nowMillis);
    if (forecast == null || !forecast.atRisk()) {
      progress.retentionOverrun(work.table(), 0);
      return;
    }
    progress.retentionOverrun(work.table(), forecast.overrunMillis());
    if (nowMillis - lastWarningMillis < WARNING_INTERVAL.toMillis()) {
      return;
    }
    lastWarningMillis = nowMillis;
    LOG.warn(
        "Table {}: the snapshot ({}% done) is projected to finish at {}, after {}, the latest"
            + " it may finish for streaming to start without a gap in the stream's 24-hour"
            + " retention. To finish in time, {}.",
        work.table(),
        String.format("%.1f", forecast.fractionDone() * 100),
        Instant.ofEpochMilli(forecast.projectedFinishMillis()),
        Instant.ofEpochMilli(forecast.deadlineMillis()),
        SnapshotForecast.advice());
  }
}
