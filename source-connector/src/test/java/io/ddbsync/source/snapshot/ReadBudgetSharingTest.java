package io.ddbsync.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.plan.SegmentWork;
import io.ddbsync.source.plan.TableWork;
import io.ddbsync.source.plan.TaskAssignment;
import io.ddbsync.source.plan.WorkPlanner;
import io.ddbsync.source.settings.SourceMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The table as a whole reads at its configured budget whenever segments remain, whatever its number
 * of segments: every task's running segments, simulated on a fake clock, together consume about the
 * budget per second.
 */
class ReadBudgetSharingTest {
  private static final double BUDGET_RCU = 1000;
  private static final int TASKS = 4;
  private static final int PARALLELISM = 4;
  private static final double PAGE_RCU = 8;

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 1000})
  void allRunningSegmentsTogetherReadAtTheTablesBudget(int segments) {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_ONLY, segments, 25, BUDGET_RCU);
    TableInfo table = bigTable(1_000_000_000L, 200L << 30);
    List<TaskAssignment> tasks =
        planner.plan(List.of(new TableWork(table, true, 0, segments)), TASKS);
    AtomicLong nanos = new AtomicLong();
    List<ReadBudget> running = new ArrayList<>();
    for (TaskAssignment task : tasks) {
      TaskReadBudgets budgets = new TaskReadBudgets(task.segments(), PARALLELISM, nanos::get);
      // The task scans at most PARALLELISM of its segments at once; each page waits its turn.
      int scanners = Math.min(PARALLELISM, task.segments().size());
      for (int i = 0; i < scanners; i++) {
        SegmentWork work = task.segments().get(i);
        running.add(budgets.of(work.table()).budget());
      }
    }

    double consumed = 0;
    long seconds = 120;
    for (long step = 0; step < seconds * 1000; step++) {
      nanos.set(step * 1_000_000L);
      for (ReadBudget budget : running) {
        if (budget.nanosUntilAllowed() == 0) {
          budget.charge(PAGE_RCU);
          consumed += PAGE_RCU;
        }
      }
    }

    double perSecond = consumed / seconds;
    assertThat(perSecond)
        .as("RCU/s read by the table's %d running segments", running.size())
        .isBetween(BUDGET_RCU * 0.95, BUDGET_RCU * 1.05);
  }

  @Test
  void theBudgetMetricIsTheSumOfTheTasksSharesAndDropsWhileThrottledAndAfterTheLastSegment() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_ONLY, 8, 25, BUDGET_RCU);
    TableInfo table = bigTable(1_000_000L, 1L << 30);
    List<TaskAssignment> tasks = planner.plan(List.of(new TableWork(table, true, 0, 8)), 2);
    AtomicLong nanos = new AtomicLong();
    double total = 0;
    for (TaskAssignment task : tasks) {
      total += new TaskReadBudgets(task.segments(), PARALLELISM, nanos::get).currentRcuPerSecond();
    }
    assertThat(total).as("both tasks' budgets together").isCloseTo(BUDGET_RCU, within(0.001));

    TaskAssignment first = tasks.get(0);
    TaskReadBudgets budgets = new TaskReadBudgets(first.segments(), PARALLELISM, nanos::get);
    SnapshotProgress progress = new SnapshotProgress();
    progress.assigned("Big", first.segments().size(), 1000);
    progress.readBudget(budgets::currentRcuPerSecond);
    double share = progress.readBudgetRcu();
    assertThat(share).isCloseTo(BUDGET_RCU / 2, within(0.001));
    budgets.of("Big").budget().throttled();
    assertThat(progress.readBudgetRcu()).isCloseTo(share / 2, within(0.001));
    for (int i = 0; i < first.segments().size(); i++) {
      progress.segmentDone("Big");
    }
    assertThat(progress.readBudgetRcu()).as("nothing left to scan").isZero();
  }

  private static TableInfo bigTable(long items, long bytes) {
    return new TableInfo(
        "Big",
        "id",
        List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S)),
        null,
        null,
        items,
        bytes,
        0);
  }
}
