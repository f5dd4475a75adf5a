package io.ddbsync.sink.db;

import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;

/** Rules for staging columns shared by both dialects. */
public final class Staging {
  /** Suffix of the SUPER columns that hold overlong strings whole (not JSON to parse). */
  public static final String OVERFLOW_SUFFIX = "__overflow";

  private Staging() {}

  /** JSON columns are staged as text and parsed when merged; overflow columns hold plain text. */
  public static boolean parsesJson(Column column) {
    return column.type().kind() == SqlType.Kind.SUPER
        && !column.fieldPath().endsWith(OVERFLOW_SUFFIX);
  }
}
