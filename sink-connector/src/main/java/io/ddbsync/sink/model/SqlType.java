package io.ddbsync.sink.model;

import java.util.Objects;

/**
 * A column type in the warehouse, independent of dialect. VARCHAR and VARBYTE lengths are in bytes,
 * as Redshift measures them; each dialect's largest lengths are its {@link TypeLimits}.
 */
public record SqlType(Kind kind, int length, int scale) {
  /** The column types the sink creates. */
  public enum Kind {
    VARCHAR,
    BIGINT,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    VARBYTE,
    TIMESTAMP,
    SUPER
  }

  public static final int DECIMAL_PRECISION = 38;

  public static final SqlType BIGINT = new SqlType(Kind.BIGINT, 0, 0);
  public static final SqlType INTEGER = new SqlType(Kind.INTEGER, 0, 0);
  public static final SqlType BOOLEAN = new SqlType(Kind.BOOLEAN, 0, 0);
  public static final SqlType TIMESTAMP = new SqlType(Kind.TIMESTAMP, 0, 0);
  public static final SqlType SUPER = new SqlType(Kind.SUPER, 0, 0);

  public SqlType {
    Objects.requireNonNull(kind, "kind");
  }

  public static SqlType varchar(int bytes) {
    return new SqlType(Kind.VARCHAR, bytes, 0);
  }

  public static SqlType varbyte(int bytes) {
    return new SqlType(Kind.VARBYTE, bytes, 0);
  }

  public static SqlType decimal(int scale) {
    return new SqlType(Kind.DECIMAL, DECIMAL_PRECISION, scale);
  }

  public boolean isLengthLimited() {
    return kind == Kind.VARCHAR || kind == Kind.VARBYTE;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case VARCHAR -> "VARCHAR(" + length + ")";
      case VARBYTE -> "VARBYTE(" + length + ")";
      case DECIMAL -> "DECIMAL(" + length + "," + scale + ")";
      default -> kind.name();
    };
  }
}
