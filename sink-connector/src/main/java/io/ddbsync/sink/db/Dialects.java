package io.ddbsync.sink.db;

import io.ddbsync.sink.settings.SinkEnums.DialectName;
import java.util.Arrays;
import java.util.List;

/** The one factory of dialects: each {@link DialectName} and its definition. */
public final class Dialects {
  private Dialects() {}

  public static DialectDefinition definition(DialectName name) {
    return switch (name) {
      case REDSHIFT -> RedshiftDialect.DEFINITION;
      case POSTGRES -> PostgresDialect.DEFINITION;
    };
  }

  /** Every dialect's definition, in the order of {@link DialectName}. */
  public static List<DialectDefinition> all() {
    return Arrays.stream(DialectName.values()).map(Dialects::definition).toList();
  }
}
