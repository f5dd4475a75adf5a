package io.ddbsync.common.model;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The one rule that picks the field for a value: the first existing kind that holds it. */
final class KindChooser {
  private KindChooser() {}

  /**
   * The kind of the first of {@code existing} (in history order) that holds {@code value} exactly,
   * or, if none does, the kind a new field needs. The new kind is the value's natural kind, unless
   * an existing field already has that tag (a decimal of another scale that is too narrow), in
   * which case decimals become exact number text.
   */
  static FieldKind choose(
      KindRules rules, List<FieldKind> existing, AttributeValue value, int depth) {
    for (FieldKind kind : existing) {
      if (rules.holds(kind, value, depth)) {
        return kind;
      }
    }
    FieldKind natural = rules.natural(value, depth);
    return existing.contains(natural) ? natural.withDecimalsAsText() : natural;
  }
}
