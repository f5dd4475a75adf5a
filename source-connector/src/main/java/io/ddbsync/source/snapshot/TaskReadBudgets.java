package io.ddbsync.source.snapshot;

import io.ddbsync.source.plan.SegmentWork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The read budgets of one task's snapshot: one token bucket per table, shared by every segment of
 * that table the task scans, at the task's share of the table's budget (the sum of its segments'
 * shares). A table of 1,000 segments of which a task runs 4 at a time still reads at the task's
 * whole share, so all tasks together read the table at its configured budget whenever segments
 * remain; a bucket per segment would read it at 4/1,000 of that.
 */
public final class TaskReadBudgets {
  /**
   * A table's bucket, and what one scan of it may count on: the bucket's rate divided by the scans
   * that share it, to size pages.
   */
  public record Share(ReadBudget budget, double perScanRcu) {}

  private final Map<String, Share> byTable = new HashMap<>();

  /**
   * @param parallelism how many segments the task scans at once
   */
  public TaskReadBudgets(List<SegmentWork> segments, int parallelism, LongSupplier nanoClock) {
    Map<String, Double> rates = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (SegmentWork work : segments) {
      rates.merge(work.table(), work.readBudgetRcu(), Double::sum);
      counts.merge(work.table(), 1, Integer::sum);
    }
    rates.forEach(
        (table, rate) -> {
          int concurrent = Math.max(1, Math.min(parallelism, counts.get(table)));
          byTable.put(table, new Share(new ReadBudget(rate, nanoClock), rate / concurrent));
        });
  }

  /**
   * The read capacity this task may consume per second right now, over all its tables: the
   * configured shares, lowered while DynamoDB throttles (the metric {@code
   * snapshot-read-budget-rcu}).
   */
  public double currentRcuPerSecond() {
    return byTable.values().stream().mapToDouble(share -> share.budget().currentRate()).sum();
  }

  /** The share of {@code table}, one of the task's tables. */
  public Share of(String table) {
    Share share = byTable.get(table);
    if (share == null) {
      throw new IllegalArgumentException("The task scans no segment of table " + table);
    }
    return share;
  }
}
