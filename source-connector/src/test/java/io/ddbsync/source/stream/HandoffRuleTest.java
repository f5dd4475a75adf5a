package io.ddbsync.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.source.offsets.SegmentPosition;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoffRuleTest {
  private static final long NOW = 1_700_000_000_000L;

  @Test
  void waitsWhileAnySegmentIsNotCommittedAsDone() {
    List<SegmentPosition> positions =
        Arrays.asList(done(NOW - 1000), null, SegmentPosition.start(NOW - 500));
    assertThat(HandoffRule.decide(positions, NOW)).isEqualTo(new HandoffRule.Wait(1, 3));
  }

  @Test
  void startsFromTheEarliestSegmentStartMinusTheMargin() {
    List<SegmentPosition> positions =
        List.of(done(NOW - 5_000), done(NOW - 9_000), done(NOW - 1_000));
    assertThat(HandoffRule.decide(positions, NOW))
        .isEqualTo(
            new HandoffRule.Start(NOW - 9_000 - HandoffRule.CUTOFF_MARGIN.toMillis(), NOW - 9_000));
  }

  @Test
  void theSnapshotsGenerationIsItsSegmentsEarliestGenerationNotTheirClockStart() {
    // Segments given a generation above the table's floor (a worker clock behind the last one).
    long floor = NOW + 60_000;
    List<SegmentPosition> positions =
        List.of(
            SegmentPosition.start(NOW - 5_000, floor).next(null, 1),
            SegmentPosition.start(NOW - 9_000, floor).next(null, 1));
    HandoffRule.Start start = (HandoffRule.Start) HandoffRule.decide(positions, NOW);
    assertThat(start.cutoffMillis()).isEqualTo(NOW - 9_000 - HandoffRule.CUTOFF_MARGIN.toMillis());
    assertThat(start.generationMillis()).isEqualTo(floor);
  }

  @Test
  void aSnapshotWithASegmentBegunByAVersionWithoutGenerationsCompletesNone() {
    // A segment begun by an older version stores no generation ("gen" is absent from its offset).
    Map<String, Object> older = done(NOW - 5_000).toOffset();
    older.remove("gen");
    List<SegmentPosition> positions = List.of(done(NOW - 9_000), SegmentPosition.fromOffset(older));
    HandoffRule.Start start = (HandoffRule.Start) HandoffRule.decide(positions, NOW);
    assertThat(start.generationMillis()).isZero();
  }

  @Test
  void aCutoffOlderThanTheRetentionIsAGap() {
    long started = NOW - Duration.ofHours(24).toMillis();
    assertThat(HandoffRule.decide(List.of(done(started)), NOW)).isInstanceOf(HandoffRule.Gap.class);
  }

  @Test
  void positionsNearTheEndOfTheRetentionCountAsLost() {
    assertThat(HandoffRule.isWithinRetention(NOW - Duration.ofHours(23).toMillis(), NOW)).isTrue();
    assertThat(
            HandoffRule.isWithinRetention(NOW - Duration.ofMinutes(23 * 60 + 45).toMillis(), NOW))
        .isFalse();
  }

  private static SegmentPosition done(long startedAt) {
    return SegmentPosition.start(startedAt).next(null, 1);
  }
}
