package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigGroups;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings of what the sink does for the warehouse besides loading: ANALYZE, and the
 * applied-through watermark table.
 */
public final class MaintenanceSettings {
  public static final String ANALYZE_AFTER_SNAPSHOT = "analyze.after.snapshot";
  public static final String ANALYZE_EVERY_ROWS = "analyze.every.rows";
  public static final String WATERMARK_TABLE = "watermark.table";

  private MaintenanceSettings() {}

  static void define(ConfigDef def) {
    ConfigGroups.in(def, "Table maintenance")
        .define(
            ANALYZE_AFTER_SNAPSHOT,
            ConfigDef.Type.BOOLEAN,
            true,
            ConfigDef.Importance.LOW,
            "Whether the sink refreshes the planner statistics of a table and its child tables"
                + " once a snapshot of it has been loaded (its end announced on every partition and"
                + " the rows of items it did not find removed): a bulk load leaves statistics that"
                + " describe an empty or much smaller table, and queries get bad plans until they are"
                + " refreshed. Redshift runs ANALYZE <table> PREDICATE COLUMNS (only the columns used"
                + " in predicates, or all of them when none is known yet) and skips the table when"
                + " fewer rows than analyze_threshold_percent (10% by default) changed since the"
                + " last ANALYZE; PostgreSQL runs ANALYZE <table>. It runs after the load's"
                + " transaction commits, on its own, so it never holds the load's locks; a failed"
                + " ANALYZE is logged as a warning with its reason and never fails the load.",
            "ANALYZE after a snapshot")
        .define(
            ANALYZE_EVERY_ROWS,
            ConfigDef.Type.LONG,
            0L,
            ConfigDef.Range.atLeast(0),
            ConfigDef.Importance.LOW,
            "Also refreshes a table's statistics (as analyze.after.snapshot does) each time this"
                + " task has loaded this many rows (inserted, updated or removed, child rows"
                + " included) into it since its last ANALYZE. 0 turns it off: Redshift's automatic"
                + " analyze then keeps streamed tables' statistics, and PostgreSQL's autovacuum"
                + " does.",
            "ANALYZE every N rows")
        .define(
            WATERMARK_TABLE,
            ConfigDef.Type.STRING,
            "ddbsync_watermarks",
            io.ddbsync.common.config.Validators.matching(
                "|[a-z_][a-z0-9_]{0,52}",
                "empty, or a lower-case SQL identifier of at most 53 characters"),
            ConfigDef.Importance.MEDIUM,
            "The table in target.schema where the sink records, in the same transaction as each"
                + " load, how far each target table is complete: one row per target table and topic"
                + " partition with applied_through (every change DynamoDB made before that time, on"
                + " that partition, is in the table: the source's heartbeat records, see"
                + " heartbeat.records) and loaded_at (when that load committed). The view"
                + " <table>_by_table gives one row per target table whose applied_through is the"
                + " minimum over the topic's partitions (NULL until every partition has reported;"
                + " an idle partition reports as caught up), so that BI jobs can gate on"
                + " completeness instead of guessing a lag. Records the sink sent to its dead letter"
                + " queue are the exception (ddbsync drift lists them). The sink creates both when"
                + " the first heartbeat arrives. Empty turns the watermark off.",
            "Watermark table");
  }
}
