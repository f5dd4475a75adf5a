package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of the snapshot: segments, pages, the read budget, consistency. */
public final class SnapshotSettings {
  public static final String SNAPSHOT_SEGMENTS = "snapshot.segments";
  public static final String SNAPSHOT_PAGE_SIZE = "snapshot.page.size";
  public static final String SNAPSHOT_BUDGET_PERCENT = "snapshot.read.budget.percent";
  public static final String SNAPSHOT_BUDGET_RCU = "snapshot.read.budget.rcu";
  public static final String SNAPSHOT_CONSISTENT_READ = "snapshot.consistent.read";
  public static final String SNAPSHOT_MAX_BACKOFF_MS = "snapshot.throttle.max.backoff.ms";
  public static final String SNAPSHOT_TASK_PARALLELISM = "snapshot.task.parallelism";
  static final String SNAPSHOT_GROUP = "Snapshot";

  private SnapshotSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, SNAPSHOT_GROUP)
        .visibleWhen(SourceVisibility.SNAPSHOTS)
        .define(
            SNAPSHOT_SEGMENTS,
            ConfigDef.Type.INT,
            0,
            ConfigDef.Range.between(0, 100_000),
            ConfigDef.Importance.MEDIUM,
            "How many parallel scan segments (Scan TotalSegments) each table's snapshot uses;"
                + " segments are spread over all tasks, so one table can be read by many workers."
                + " 0 chooses per table: the number of tasks, or one segment per 512 MiB of table"
                + " data if that is more. Changing it during a snapshot restarts that snapshot.",
            "Segments per table")
        .define(
            SNAPSHOT_PAGE_SIZE,
            ConfigDef.Type.INT,
            0,
            ConfigDef.Range.between(0, 100_000),
            ConfigDef.Importance.LOW,
            "The Scan Limit: the most items one Scan page returns. 0 lets DynamoDB fill pages up"
                + " to 1 MB. Smaller pages make the read budget smoother and resume points closer.",
            "Page size (items)")
        .define(
            SNAPSHOT_BUDGET_PERCENT,
            ConfigDef.Type.DOUBLE,
            25.0,
            ConfigDef.Range.between(0.1, 100.0),
            ConfigDef.Importance.HIGH,
            "For tables with provisioned capacity: the share of the table's read capacity units"
                + " (in percent) that one table's snapshot may use, across all tasks, measured from"
                + " the ConsumedCapacity DynamoDB reports for each page.",
            "Read budget (% of provisioned)")
        .define(
            SNAPSHOT_BUDGET_RCU,
            ConfigDef.Type.DOUBLE,
            1000.0,
            ConfigDef.Range.between(1.0, 1_000_000.0),
            ConfigDef.Importance.HIGH,
            "For on-demand tables, which have no provisioned capacity: the read capacity units per"
                + " second one table's snapshot may use, across all tasks. An eventually consistent"
                + " read of 4 KB costs 0.5 RCU.",
            "Read budget for on-demand tables (RCU/s)")
        .define(
            SNAPSHOT_CONSISTENT_READ,
            ConfigDef.Type.BOOLEAN,
            false,
            ConfigDef.Importance.LOW,
            "Whether snapshot scans use strongly consistent reads, which cost twice the capacity."
                + " Eventually consistent reads suffice: the stream replays every change made"
                + " during the scan.",
            "Strongly consistent scans")
        .define(
            SNAPSHOT_MAX_BACKOFF_MS,
            ConfigDef.Type.LONG,
            30_000L,
            ConfigDef.Range.atLeast(100),
            ConfigDef.Importance.LOW,
            "The longest wait, in milliseconds, between retries of a throttled Scan; waits grow"
                + " exponentially with jitter up to it, and the read rate is halved after each"
                + " throttle and recovers gradually.",
            "Maximum throttle backoff (ms)")
        .define(
            SNAPSHOT_TASK_PARALLELISM,
            ConfigDef.Type.INT,
            4,
            ConfigDef.Range.between(1, 64),
            ConfigDef.Importance.LOW,
            "How many of its segments one task scans at the same time. Total scan parallelism is"
                + " this times the number of tasks, bounded by the number of segments.",
            "Concurrent segments per task");
  }
}
