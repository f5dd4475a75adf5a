package io.ddbsync.common.event;

import java.util.Objects;

/** One attribute of a table's primary key and its declared scalar type: S, N or B. */
public record KeyAttribute(String name, ScalarType type) {
  /** The three types DynamoDB allows for key attributes. */
  public enum ScalarType {
    S,
    N,
    B
  }

  public KeyAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
