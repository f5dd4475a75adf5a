package io.ddbsync.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadBudgetTest {
  private final AtomicLong now = new AtomicLong();
  private final ReadBudget budget = new ReadBudget(100, now::get);

  @Test
  void aPageMayGoIntoDebtAndTheNextWaitsUntilItIsPaidBack() {
    assertThat(budget.nanosUntilAllowed()).isZero();
    budget.charge(250);
    assertThat(budget.nanosUntilAllowed()).isEqualTo(2_500_000_000L);

    advanceSeconds(2.5);
    assertThat(budget.nanosUntilAllowed()).isZero();
  }

  @Test
  void theAverageRateStaysWithinTheBudget() {
    double consumed = 0;
    for (int page = 0; page < 1000; page++) {
      long wait = budget.nanosUntilAllowed();
      now.addAndGet(wait);
      budget.charge(37);
      consumed += 37;
    }
    double seconds = now.get() / 1e9;
    assertThat(consumed / seconds).isLessThanOrEqualTo(100.0 * 1.01);
  }

  @Test
  void throttlingHalvesTheRateWhichRecoversGradually() {
    budget.throttled();
    assertThat(budget.currentRate()).isEqualTo(50.0, within(0.01));
    budget.throttled();
    assertThat(budget.currentRate()).isEqualTo(25.0, within(0.01));

    advanceSeconds(5);
    assertThat(budget.currentRate()).isEqualTo(50.0, within(0.01));
    advanceSeconds(60);
    assertThat(budget.currentRate()).isEqualTo(100.0);
  }

  @Test
  void theRateNeverDropsBelowASixtyFourthOfTheBudget() {
    for (int i = 0; i < 20; i++) {
      budget.throttled();
    }
    assertThat(budget.currentRate()).isEqualTo(100.0 / 64, within(0.001));
  }

  private void advanceSeconds(double seconds) {
    now.addAndGet((long) (seconds * 1e9));
  }
}
