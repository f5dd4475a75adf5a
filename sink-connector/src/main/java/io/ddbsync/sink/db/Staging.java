package io.ddbsync.sink.db;

import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;

/** Rules for staging columns shared by both dialects. */
public final class Staging {
  private Staging() {}

  /** JSON columns are staged as text and parsed when merged; overflow columns hold plain text. */
  public static boolean parsesJson(Column column) {
    return column.type().kind() == SqlType.Kind.SUPER
        && !column.fieldPath().endsWith(Column.OVERFLOW_SUFFIX);
  }
}
