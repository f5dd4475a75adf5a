package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/** The settings that name target tables and columns. */
public final class TableNamingSettings {
  public static final String TABLE_NAME_FORMAT = "table.name.format";
  public static final String CHILD_TABLE_NAME_FORMAT = "child.table.name.format";
  public static final String TABLE_NAME_OVERRIDES = "table.name.overrides";
  public static final String COLUMN_NAME_OVERRIDES = "column.name.overrides";
  private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";

  private TableNamingSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, "Tables")
        .define(
            TABLE_NAME_FORMAT,
            ConfigDef.Type.STRING,
            "${table}",
            Validators.placeholders(List.of("table", "topic")),
            ConfigDef.Importance.MEDIUM,
            "The target table of a DynamoDB table. ${table} is the DynamoDB table name in"
                + " snake_case (Orders becomes orders), ${topic} the topic name.",
            "Table name format")
        .define(
            CHILD_TABLE_NAME_FORMAT,
            ConfigDef.Type.STRING,
            "${parent_singular}_${attribute}",
            Validators.placeholders(List.of("parent", "parent_singular", "attribute")),
            ConfigDef.Importance.MEDIUM,
            "The table that holds a list attribute's elements. ${parent} is the parent table,"
                + " ${parent_singular} the same in singular (orders becomes order), ${attribute} the"
                + " attribute path in snake_case. The default turns Orders.Items into order_items.",
            "Child table name format")
        .define(
            TABLE_NAME_OVERRIDES,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching(
                "[^=]+=" + IDENTIFIER, "<DynamoDB table>[.<list attribute>]=<table name>"),
            ConfigDef.Importance.LOW,
            "Explicit table names, overriding the formats: entries such as"
                + " Orders=orders or Orders.Items=order_lines.",
            "Table name overrides")
        .define(
            COLUMN_NAME_OVERRIDES,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching(
                "[^=]+=" + IDENTIFIER, "<DynamoDB table>.<attribute path>=<column name>"),
            ConfigDef.Importance.LOW,
            "Explicit column names, overriding snake_case: entries such as Orders.Items.Q=quantity"
                + " (a path through maps and lists by attribute name).",
            "Column name overrides");
  }
}
