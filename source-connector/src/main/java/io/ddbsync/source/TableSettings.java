package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import org.apache.kafka.common.config.ConfigDef;

/** The settings that choose the tables to read. */
public final class TableSettings {
  public static final String TABLES = "tables";
  public static final String TABLES_INCLUDE = "tables.include.regex";
  public static final String TABLES_EXCLUDE = "tables.exclude.regex";
  public static final String TABLES_TAGS = "tables.tags";
  public static final String TABLES_DISCOVERY_INTERVAL_MS = "tables.discovery.interval.ms";

  /** DynamoDB's table names: 3 to 255 of letters, digits, underscore, dot and dash. */
  private static final String TABLE_NAME = "[a-zA-Z0-9_.-]{3,255}";

  static final String TABLES_GROUP = "Tables";

  private TableSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, TABLES_GROUP)
        .define(
            TABLES,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching(TABLE_NAME, "a DynamoDB table name"),
            ConfigDef.Importance.HIGH,
            "The tables to read, as a comma-separated list of names. When empty, every table of"
                + " the account and region that passes the include, exclude and tag filters is read.",
            "Tables")
        .define(
            TABLES_INCLUDE,
            ConfigDef.Type.STRING,
            "",
            Validators.regex(),
            ConfigDef.Importance.MEDIUM,
            "A regular expression; only tables whose whole name matches are read. Empty matches"
                + " every table. Applies to discovered tables, not to the explicit list.",
            "Include tables matching")
        .define(
            TABLES_EXCLUDE,
            ConfigDef.Type.STRING,
            "",
            Validators.regex(),
            ConfigDef.Importance.MEDIUM,
            "A regular expression; tables whose whole name matches are not read, even if they"
                + " match the include expression. Empty excludes none.",
            "Exclude tables matching")
        .define(
            TABLES_TAGS,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching("[^=]+=.*", "key=value"),
            ConfigDef.Importance.MEDIUM,
            "Tags a discovered table must carry to be read, as key=value pairs; a table needs all"
                + " of them. Empty requires no tags.",
            "Required tags")
        .define(
            TABLES_DISCOVERY_INTERVAL_MS,
            ConfigDef.Type.LONG,
            300_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How often, in milliseconds, the connector looks for tables created (or deleted) since"
                + " it started; a new table is snapshotted and streamed like the others.",
            "Table discovery interval (ms)");
  }
}
