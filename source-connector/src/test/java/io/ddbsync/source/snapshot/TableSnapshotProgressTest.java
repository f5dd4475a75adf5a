package io.ddbsync.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-table snapshot progress and time left, on a clock the test moves. */
class TableSnapshotProgressTest {
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final SnapshotProgress progress = new SnapshotProgress(nanos::get);

  @Test
  void theTimeLeftFollowsTheRateSoFarPerTableAndEndsAtZero() {
    progress.assigned("Orders", 2, 10_000);
    progress.assigned("Users", 1, 0);
    TableSnapshotProgress orders = progress.table("Orders");
    assertThat(orders.etaSeconds()).as("nothing read yet").isEqualTo(-1);
    assertThat(orders.percentDone()).isZero();

    progress.page("Orders", 1_000, 1_000_000, 10);
    nanos.addAndGet(10_000_000_000L);
    progress.page("Orders", 1_000, 1_000_000, 10);
    // 2,000 of 10,000 items in 10 s since the first page: 8,000 left at 200/s.
    assertThat(orders.percentDone()).isCloseTo(20.0, within(0.01));
    assertThat(orders.etaSeconds()).isEqualTo(40);

    // A table DynamoDB gives no item count for: progress by parts, time left unknown.
    progress.page("Users", 50, 5_000, 1);
    assertThat(progress.table("Users").percentDone()).isZero();
    assertThat(progress.table("Users").etaSeconds()).isEqualTo(-1);
    progress.segmentDone("Users");
    assertThat(progress.table("Users").percentDone()).isEqualTo(100.0);
    assertThat(progress.table("Users").etaSeconds()).isZero();

    // The item count is an estimate: never 100% before every segment is done.
    progress.page("Orders", 9_000, 1_000_000, 10);
    assertThat(orders.percentDone()).isEqualTo(99.9);
    progress.segmentDone("Orders");
    progress.segmentDone("Orders");
    assertThat(orders.percentDone()).isEqualTo(100.0);
    assertThat(orders.etaSeconds()).isZero();
    // The task's totals add both tables.
    assertThat(progress.items()).isEqualTo(11_050);
  }
}
