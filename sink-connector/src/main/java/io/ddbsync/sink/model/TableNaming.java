package io.ddbsync.sink.model;

import java.util.List;
import java.util.Map;

/**
 * Target table and column names from DynamoDB names: formats with ${...} variables, explicit
 * overrides, snake_case otherwise. Every result is a valid identifier.
 */
public final class TableNaming {
  private final String tableFormat;
  private final String childFormat;
  private final Map<String, String> tableOverrides;
  private final Map<String, String> columnOverrides;

  public TableNaming(
      String tableFormat,
      String childFormat,
      Map<String, String> tableOverrides,
      Map<String, String> columnOverrides) {
    this.tableFormat = tableFormat;
    this.childFormat = childFormat;
    this.tableOverrides = Map.copyOf(tableOverrides);
    this.columnOverrides = Map.copyOf(columnOverrides);
  }

  public String table(String dynamoTable, String topic) {
    String override = tableOverrides.get(dynamoTable);
    if (override != null) {
      return validated(override.toLowerCase(java.util.Locale.ROOT), dynamoTable);
    }
    String name =
        tableFormat
            .replace("${table}", Identifiers.snakeCase(dynamoTable))
            .replace("${topic}", Identifiers.snakeCase(topic));
    return Identifiers.snakeCase(name);
  }

  /** The child table of a list attribute; {@code path} is the attribute path from the item. */
  public String childTable(String dynamoTable, String parentTable, List<String> path) {
    String override = tableOverrides.get(dynamoTable + "." + String.join(".", path));
    if (override != null) {
      return validated(override.toLowerCase(java.util.Locale.ROOT), dynamoTable + "." + path);
    }
    String attribute = Identifiers.snakeCase(String.join("_", path));
    String name =
        childFormat
            .replace("${parent_singular}", Identifiers.singular(parentTable))
            .replace("${parent}", parentTable)
            .replace("${attribute}", attribute);
    return Identifiers.snakeCase(name);
  }

  /** The column override for an attribute path (joined with "."), or null. */
  public String columnOverride(String dynamoTable, List<String> path) {
    String override = columnOverrides.get(dynamoTable + "." + String.join(".", path));
    return override == null
        ? null
        : validated(override.toLowerCase(java.util.Locale.ROOT), String.join(".", path));
  }

  private static String validated(String name, String what) {
    if (!Identifiers.isValid(name)) {
      throw new IllegalArgumentException(
          "The name '" + name + "' given for " + what + " is not a valid identifier");
    }
    return name;
  }
}
