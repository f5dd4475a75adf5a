package io.ddbsync.sink.flatten;

import io.ddbsync.common.model.FieldKind;
import io.ddbsync.sink.model.SqlType;
import java.util.List;

/**
 * The SQL type a DynamoDB value's column starts with: VARCHARs and VARBYTEs at a first width the
 * loader widens as longer values come, key columns at DynamoDB's longest key from the start.
 */
final class ColumnTypes {
  private ColumnTypes() {}

  static final int INITIAL_VARCHAR = 256;
  static final int INITIAL_VARBYTE = 1024;

  /** DynamoDB's limits on key attribute values, in bytes (UTF-8 for strings). */
  static final int MAX_PARTITION_KEY_BYTES = 2048;

  static final int MAX_SORT_KEY_BYTES = 1024;

  /** Scalars, and only scalars, go to a child table's one value column. */
  static boolean isScalar(FieldKind kind) {
    return switch (kind.base()) {
      case STRING, LONG, DECIMAL, NUMBER_TEXT, BINARY, BOOLEAN, NULL -> true;
      default -> false;
    };
  }

  /** The column type of a scalar of {@code kind} at {@code path}: timestamps as configured. */
  static SqlType scalarType(
      FlattenSettings settings, FieldKind kind, String dynamoTable, List<String> path) {
    return switch (kind.base()) {
      case STRING ->
          settings.isTimestamp(dynamoTable, path)
              ? SqlType.TIMESTAMP
              : SqlType.varchar(INITIAL_VARCHAR);
      case NUMBER_TEXT -> SqlType.varchar(INITIAL_VARCHAR);
      case LONG -> SqlType.BIGINT;
      case DECIMAL -> SqlType.decimal(kind.scale());
      case BINARY -> SqlType.varbyte(INITIAL_VARBYTE);
      case BOOLEAN, NULL -> SqlType.BOOLEAN;
      default -> throw new IllegalStateException("Not a scalar kind: " + kind);
    };
  }

  static FieldKind elementOfSet(FieldKind kind) {
    return switch (kind.base()) {
      case STRING_SET -> FieldKind.STRING;
      case BINARY_SET -> FieldKind.BINARY;
      default -> throw new IllegalStateException("Not a set without an element kind: " + kind);
    };
  }

  /**
   * A key column holds DynamoDB's longest key from the start: 2,048 bytes for a partition key,
   * 1,024 for a sort key. Redshift never widens a key column (ALTER COLUMN TYPE refuses PRIMARY KEY
   * columns), so a key column must never need it.
   */
  static SqlType keyType(SqlType type, int keyIndex) {
    return type.kind() == SqlType.Kind.VARCHAR
        ? SqlType.varchar(keyIndex == 0 ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES)
        : type;
  }
}
