package io.ddbsync.common.model;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a table's schema history: from now on, attribute {@code attribute} of the struct
 * reached by {@code parent} has a field of kind {@code kind}. The order in which assignments were
 * first recorded decides field names (the first non-NULL kind of an attribute gets the plain name),
 * so every task that applies the same history in the same order derives the same schema.
 */
public record Assignment(List<PathStep> parent, String attribute, FieldKind kind) {
  public Assignment {
    parent = List.copyOf(parent);
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(kind, "kind");
  }

  public static Assignment topLevel(String attribute, FieldKind kind) {
    return new Assignment(List.of(), attribute, kind);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (PathStep step : parent) {
      text.append(step.attribute()).append('[').append(step.kindTag()).append("].");
    }
    return text.append(attribute).append(':').append(kind).toString();
  }
}
