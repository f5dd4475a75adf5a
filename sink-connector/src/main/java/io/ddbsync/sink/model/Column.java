package io.ddbsync.sink.model;

import java.util.Objects;

/**
 * A warehouse column: its name (already a valid, lower-case identifier), its type, and the path of
 * the change-event field it holds (recorded as the column comment, so the mapping survives restarts
 * and never depends on arrival order). Synthetic columns have a path starting with "_".
 */
public record Column(String name, SqlType type, String fieldPath) implements SystemColumns.Named {
  /** Suffix of the field paths of SUPER columns that hold overlong strings whole (not JSON). */
  public static final String OVERFLOW_SUFFIX = "__overflow";

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(fieldPath, "fieldPath");
  }

  public Column withType(SqlType newType) {
    return new Column(name, newType, fieldPath);
  }
}
