package io.ddbsync.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.source.offsets.SegmentPosition;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SnapshotForecastTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final long NOW = 1_000 * HOUR;

  @Test
  void aSnapshotHalfDoneAfterTwentyHoursIsProjectedPastTheRetentionDeadline() {
    long start = NOW - 20 * HOUR;
    SnapshotForecast.Forecast forecast =
        SnapshotForecast.of(
            Arrays.asList(running(start, 500, true), running(start, 50, false)), 500, NOW);

    assertThat(forecast.fractionDone())
        .isEqualTo(0.55, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(forecast.atRisk()).isTrue();
    assertThat(forecast.overrunMillis()).isGreaterThan(10 * HOUR);
  }

  @Test
  void aSnapshotOnPaceIsNotAtRiskAndNothingStartedProjectsNothing() {
    long start = NOW - 2 * HOUR;
    assertThat(
            SnapshotForecast.of(
                    Arrays.asList(running(start, 400, false), running(start, 400, false)), 500, NOW)
                .atRisk())
        .isFalse();
    assertThat(SnapshotForecast.of(Arrays.asList(null, null), 500, NOW)).isNull();
  }

  @Test
  void theAdviceNeverSuggestsMoreSegmentsAlone() {
    assertThat(SnapshotForecast.advice())
        .contains("snapshot.read.budget")
        .contains("snapshot.task.parallelism")
        .contains("more segments alone do not read faster")
        .contains("export");
  }

  private static SegmentPosition running(long start, long items, boolean done) {
    return new SegmentPosition(null, done, start, items, start);
  }
}
