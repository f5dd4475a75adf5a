package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings that shape rows: how deep maps flatten, where lists go, timestamps, overlong
 * strings, removals.
 */
public final class FlatteningSettings {
  public static final String FLATTEN_MAX_DEPTH = "flatten.max.depth";
  public static final String FLATTEN_MAX_MAP_COLUMNS = "flatten.max.map.columns";
  public static final String FLATTEN_MAX_TABLE_COLUMNS = "flatten.max.table.columns";
  public static final String LISTS_MODE = "lists.mode";
  public static final String TIMESTAMP_COLUMNS = "timestamp.columns";
  public static final String OVERFLOW_POLICY = "varchar.overflow.policy";
  public static final String DELETE_MODE = "delete.mode";
  public static final String TTL_REMOVALS = "ttl.removals";

  private FlatteningSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, "Flattening")
        .define(
            FLATTEN_MAX_DEPTH,
            ConfigDef.Type.INT,
            3,
            ConfigDef.Range.between(0, 16),
            ConfigDef.Importance.MEDIUM,
            "How many levels of nested maps become prefixed columns (address.city becomes"
                + " address_city); deeper maps go to a SUPER column (JSONB on PostgreSQL) as JSON.",
            "Flattening depth")
        .define(
            FLATTEN_MAX_MAP_COLUMNS,
            ConfigDef.Type.INT,
            FlattenSettings.DEFAULT_MAX_MAP_COLUMNS,
            ConfigDef.Range.between(1, 1600),
            ConfigDef.Importance.MEDIUM,
            "The most columns one map attribute is flattened into. A map with more attributes (a"
                + " map keyed by dates or user ids, say) stays one SUPER (JSONB) column, for every"
                + " row of the table: the decision follows from the schema, so every task makes the"
                + " same one. Maps in list elements count the same way in their child table.",
            "Columns per map")
        .define(
            FLATTEN_MAX_TABLE_COLUMNS,
            ConfigDef.Type.INT,
            FlattenSettings.DEFAULT_MAX_TABLE_COLUMNS,
            ConfigDef.Range.between(1, 1600),
            ConfigDef.Importance.MEDIUM,
            "The most columns an item (or a list element, for its child table) is flattened into."
                + " Past it, the maps that bring the most columns stay one SUPER (JSONB) column each,"
                + " widest first, until the table fits. Redshift and PostgreSQL allow 1600 columns"
                + " per table; the default leaves room for columns added by hand and by later"
                + " attributes.",
            "Columns per table")
        .define(
            LISTS_MODE,
            ConfigDef.Type.STRING,
            ListsMode.SUPER.name(),
            Validators.oneOf(ListsMode.class),
            ConfigDef.Importance.MEDIUM,
            "Where lists of scalars and sets go: SUPER, one JSON column (JSONB on PostgreSQL), or"
                + " CHILD_TABLE, a table with the parent key, _position and value. Lists of maps"
                + " always become child tables.",
            "Scalar lists and sets")
        .define(
            TIMESTAMP_COLUMNS,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching("[^.]+\\..+", "<table>.<attribute path>, * as wildcard"),
            ConfigDef.Importance.MEDIUM,
            "String attributes that hold ISO-8601 date-times and become TIMESTAMP columns (in UTC):"
                + " entries such as Orders.OrderDate or *.createdAt. A value that is not ISO-8601 goes"
                + " to the dead letter queue with the reason.",
            "Timestamp attributes")
        .define(
            OVERFLOW_POLICY,
            ConfigDef.Type.STRING,
            OverflowPolicy.DLQ.name(),
            Validators.oneOf(OverflowPolicy.class),
            ConfigDef.Importance.MEDIUM,
            "A string longer than Redshift's 65535-byte VARCHAR: DLQ sends the record to the dead"
                + " letter queue with the reason; TRUNCATE cuts it to 65535 bytes and sets the row's"
                + " _ddbsync_truncated flag; SUPER keeps it whole in a SUPER column <column>__overflow."
                + " Shorter values always fit: columns widen up to 65535 bytes as longer values arrive.",
            "VARCHAR overflow policy")
        .define(
            DELETE_MODE,
            ConfigDef.Type.STRING,
            DeleteMode.HARD.name(),
            Validators.oneOf(DeleteMode.class),
            ConfigDef.Importance.MEDIUM,
            "HARD deletes the row (and its child rows) of a removed item; SOFT keeps it and sets"
                + " _ddbsync_deleted = true and _ddbsync_deleted_at to the removal time. A tombstone"
                + " (a record with a ddbsync key and no value) is a removal of its key, so deletes"
                + " survive log compaction.",
            "Delete mode")
        .define(
            TTL_REMOVALS,
            ConfigDef.Type.STRING,
            TtlRemovals.DELETE.name(),
            Validators.oneOf(TtlRemovals.class),
            ConfigDef.Importance.MEDIUM,
            "What the removal of an item by its time to live (a DynamoDB TTL deletion, flagged"
                + " ttl_expiry in the change event) does: DELETE treats it as any other removal (as"
                + " delete.mode says); SOFT keeps the row and sets _ddbsync_deleted = true,"
                + " _ddbsync_deleted_at to the removal time and _ddbsync_expired = true, whatever"
                + " delete.mode says; KEEP leaves the row as it was, to keep expired items' history.",
            "TTL removals");
  }
}
