package io.ddbsync.common.model;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which field kind a DynamoDB value naturally takes, and whether an existing kind can hold it
 * exactly. Depth counts the containers (maps and lists) around a value: attributes of the item are
 * at depth 0, and a map or list may open a new level only while that level is at most the
 * configured maximum; deeper values become {@link FieldKind#JSON} text.
 */
public final class KindRules {
  private final int decimalScale;
  private final int maxDepth;

  public KindRules(int decimalScale, int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("The nesting depth must be at least 1, not " + maxDepth);
    }
    this.decimalScale = decimalScale;
    this.maxDepth = maxDepth;
  }

  public int decimalScale() {
    return decimalScale;
  }

  public int maxDepth() {
    return maxDepth;
  }

  /** The narrowest kind that holds {@code value} exactly. */
  public FieldKind natural(AttributeValue value, int depth) {
    switch (value.type()) {
      case S:
        return FieldKind.STRING;
      case N:
        return numberKind(value.n());
      case B:
        return FieldKind.BINARY;
      case BOOL:
        return FieldKind.BOOLEAN;
      case NUL:
        return FieldKind.NULL;
      case SS:
        return FieldKind.STRING_SET;
      case BS:
        return FieldKind.BINARY_SET;
      case NS:
        return holdingAll(FieldKind.numberSet(widestNumber(value.ns())), value, depth);
      case M:
        return depth + 1 > maxDepth ? FieldKind.JSON : FieldKind.MAP;
      case L:
        return depth + 1 > maxDepth
            ? FieldKind.JSON
            : holdingAll(listKind(value.l(), depth + 1), value, depth);
      default:
        throw new IllegalArgumentException(
            "Unsupported DynamoDB attribute value (a newer type than this connector knows): "
                + value);
    }
  }

  /** True when a field of {@code kind} represents {@code value} exactly. */
  public boolean holds(FieldKind kind, AttributeValue value, int depth) {
    switch (kind.base()) {
      case STRING:
        return value.type() == AttributeValue.Type.S;
      case BINARY:
        return value.type() == AttributeValue.Type.B;
      case BOOLEAN:
        return value.type() == AttributeValue.Type.BOOL;
      case NULL:
        return value.type() == AttributeValue.Type.NUL;
      case LONG:
      case DECIMAL:
      case NUMBER_TEXT:
        return value.type() == AttributeValue.Type.N && holdsNumber(kind, value.n());
      case STRING_SET:
        return value.type() == AttributeValue.Type.SS;
      case BINARY_SET:
        return value.type() == AttributeValue.Type.BS;
      case NUMBER_SET:
        if (value.type() != AttributeValue.Type.NS) {
          return false;
        }
        for (String number : value.ns()) {
          if (!holdsNumber(kind.element(), number)) {
            return false;
          }
        }
        return true;
      case MAP:
        return value.type() == AttributeValue.Type.M && depth + 1 <= maxDepth;
      case LIST:
        if (value.type() != AttributeValue.Type.L || depth + 1 > maxDepth) {
          return false;
        }
        for (AttributeValue element : value.l()) {
          if (element.type() != AttributeValue.Type.NUL
              && !holds(kind.element(), element, depth + 1)) {
            return false;
          }
        }
        return true;
      case JSON:
        // Only values that cannot be typed go to JSON text, even where a JSON field exists.
        return natural(value, depth).base() == FieldKind.Base.JSON;
      default:
        throw new IllegalStateException("Unhandled kind " + kind);
    }
  }

  /**
   * Unifying an int64 with a decimal gives a decimal, which holds every int64 unless the scale
   * leaves fewer than 19 integer digits; in that rare case the numbers travel as exact text.
   */
  private FieldKind holdingAll(FieldKind kind, AttributeValue value, int depth) {
    if (!kind.containsDecimal() || holds(kind, value, depth)) {
      return kind;
    }
    return kind.withDecimalsAsText();
  }

  public boolean holdsNumber(FieldKind kind, String number) {
    switch (kind.base()) {
      case LONG:
        return Numbers.asLong(number) != null;
      case DECIMAL:
        return Numbers.asDecimal(number, kind.scale()) != null;
      case NUMBER_TEXT:
        return true;
      default:
        return false;
    }
  }

  FieldKind numberKind(String number) {
    if (Numbers.asLong(number) != null) {
      return FieldKind.LONG;
    }
    if (Numbers.asDecimal(number, decimalScale) != null) {
      return FieldKind.decimal(decimalScale);
    }
    return FieldKind.NUMBER_TEXT;
  }

  private FieldKind widestNumber(List<String> numbers) {
    FieldKind widest = FieldKind.LONG;
    for (String number : numbers) {
      widest = unify(widest, numberKind(number));
    }
    return widest;
  }

  /**
   * A list's kind: an array of the kind its elements share, JSON text when they share none, and an
   * array of strings when it has no typed element at all (empty, or only NULLs).
   */
  private FieldKind listKind(List<AttributeValue> elements, int elementDepth) {
    FieldKind shared = null;
    for (AttributeValue element : elements) {
      if (element.type() == AttributeValue.Type.NUL) {
        continue;
      }
      FieldKind kind = natural(element, elementDepth);
      shared = shared == null ? kind : unify(shared, kind);
      if (shared == null) {
        return FieldKind.JSON;
      }
    }
    return FieldKind.list(shared == null ? FieldKind.STRING : shared);
  }

  /** The narrowest kind holding values of both kinds, or null if there is none. */
  static FieldKind unify(FieldKind a, FieldKind b) {
    if (a.equals(b)) {
      return a;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.base().ordinal() >= b.base().ordinal() ? a : b;
    }
    if (a.base() == FieldKind.Base.LIST && b.base() == FieldKind.Base.LIST) {
      FieldKind element = unify(a.element(), b.element());
      return element == null ? null : FieldKind.list(element);
    }
    if (a.base() == FieldKind.Base.NUMBER_SET && b.base() == FieldKind.Base.NUMBER_SET) {
      return FieldKind.numberSet(unify(a.element(), b.element()));
    }
    return null;
  }
}
