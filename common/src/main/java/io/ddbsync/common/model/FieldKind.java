package io.ddbsync.common.model;

import java.util.Objects;

/**
 * The shape of one field of an item schema: which DynamoDB type it holds and, for numbers, which
 * Connect type represents them exactly. Every kind has a tag that names it in field suffixes
 * ({@code price__s}), in the {@code ddb.type} schema parameter and in the schema history.
 *
 * <p>Tags: {@code s}, {@code n} (int64), {@code n_dec} (decimal of a fixed scale), {@code n_text}
 * (the exact decimal text of numbers neither of those holds), {@code b}, {@code bool}, {@code null}
 * (a marker that the attribute was present as DynamoDB NULL), {@code json} (DynamoDB JSON text,
 * beyond the nesting limit or for lists whose elements do not share a kind), {@code m} (struct),
 * {@code l_<element tag>} (array), {@code ss}, {@code ns}, {@code ns_dec}, {@code ns_text}, {@code
 * bs}.
 *
 * <p>Two kinds are equal when their tags are equal. The decimal scale travels with the kind but is
 * not part of its identity: one attribute can have only one {@code n_dec} field, whatever scale it
 * was created with.
 */
public final class FieldKind {
  /** The variety of a kind, before element kinds and scales. */
  public enum Base {
    STRING("s"),
    LONG("n"),
    DECIMAL("n_dec"),
    NUMBER_TEXT("n_text"),
    BINARY("b"),
    BOOLEAN("bool"),
    NULL("null"),
    JSON("json"),
    MAP("m"),
    LIST("l"),
    STRING_SET("ss"),
    NUMBER_SET("ns"),
    BINARY_SET("bs");

    private final String tag;

    Base(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  /** Not a decimal kind, or a container without a decimal element. */
  public static final int NO_SCALE = -1;

  public static final FieldKind STRING = new FieldKind(Base.STRING, null, NO_SCALE);
  public static final FieldKind LONG = new FieldKind(Base.LONG, null, NO_SCALE);
  public static final FieldKind NUMBER_TEXT = new FieldKind(Base.NUMBER_TEXT, null, NO_SCALE);
  public static final FieldKind BINARY = new FieldKind(Base.BINARY, null, NO_SCALE);
  public static final FieldKind BOOLEAN = new FieldKind(Base.BOOLEAN, null, NO_SCALE);
  public static final FieldKind NULL = new FieldKind(Base.NULL, null, NO_SCALE);
  public static final FieldKind JSON = new FieldKind(Base.JSON, null, NO_SCALE);
  public static final FieldKind MAP = new FieldKind(Base.MAP, null, NO_SCALE);
  public static final FieldKind STRING_SET = new FieldKind(Base.STRING_SET, null, NO_SCALE);
  public static final FieldKind BINARY_SET = new FieldKind(Base.BINARY_SET, null, NO_SCALE);

  private final Base base;
  private final FieldKind element;
  private final int scale;
  private final String tag;

  private FieldKind(Base base, FieldKind element, int scale) {
    this.base = base;
    this.element = element;
    this.scale = scale;
    this.tag = computeTag(base, element);
  }

  public static FieldKind decimal(int scale) {
    if (scale < 0 || scale > 38) {
      throw new IllegalArgumentException("A decimal scale must be between 0 and 38, not " + scale);
    }
    return new FieldKind(Base.DECIMAL, null, scale);
  }

  public static FieldKind list(FieldKind element) {
    return new FieldKind(Base.LIST, Objects.requireNonNull(element), element.scale);
  }

  /** A number set; the element is {@link #LONG}, a decimal or {@link #NUMBER_TEXT}. */
  public static FieldKind numberSet(FieldKind element) {
    if (!element.isNumber()) {
      throw new IllegalArgumentException("A number set holds numbers, not " + element);
    }
    return new FieldKind(Base.NUMBER_SET, element, element.scale);
  }

  /**
   * Parses a tag written by {@link #tag()}. Decimal kinds need the scale they were created with,
   * which the schema history and the {@code scale} schema parameter record beside the tag.
   */
  public static FieldKind parse(String tag, int decimalScale) {
    switch (tag) {
      case "s":
        return STRING;
      case "n":
        return LONG;
      case "n_dec":
        return decimal(decimalScale);
      case "n_text":
        return NUMBER_TEXT;
      case "b":
        return BINARY;
      case "bool":
        return BOOLEAN;
      case "null":
        return NULL;
      case "json":
        return JSON;
      case "m":
        return MAP;
      case "ss":
        return STRING_SET;
      case "bs":
        return BINARY_SET;
      case "ns":
        return numberSet(LONG);
      case "ns_dec":
        return numberSet(decimal(decimalScale));
      case "ns_text":
        return numberSet(NUMBER_TEXT);
      default:
        if (tag.startsWith("l_")) {
          return list(parse(tag.substring(2), decimalScale));
        }
        throw new IllegalArgumentException("Unknown field kind tag '" + tag + "'");
    }
  }

  private static String computeTag(Base base, FieldKind element) {
    if (base == Base.LIST) {
      return "l_" + element.tag;
    }
    if (base == Base.NUMBER_SET) {
      return element.base == Base.LONG ? "ns" : "ns_" + element.tag.substring(2);
    }
    return base.tag();
  }

  public Base base() {
    return base;
  }

  /** The element kind of a list or number set; null for other kinds. */
  public FieldKind element() {
    return element;
  }

  /** The decimal scale of this kind or of its decimal elements, or {@link #NO_SCALE}. */
  public int scale() {
    return scale;
  }

  public String tag() {
    return tag;
  }

  public boolean isNumber() {
    return base == Base.LONG || base == Base.DECIMAL || base == Base.NUMBER_TEXT;
  }

  /** True for kinds whose values are structs, directly or as (nested) list elements. */
  public boolean containsStruct() {
    return base == Base.MAP || (base == Base.LIST && element.containsStruct());
  }

  /** True for kinds that hold decimals, directly or as elements. */
  public boolean containsDecimal() {
    return scale != NO_SCALE;
  }

  /** This kind with every decimal replaced by exact number text, which holds any number. */
  public FieldKind withDecimalsAsText() {
    switch (base) {
      case DECIMAL:
        return NUMBER_TEXT;
      case LIST:
        return list(element.withDecimalsAsText());
      case NUMBER_SET:
        return numberSet(element.withDecimalsAsText());
      default:
        return this;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FieldKind && ((FieldKind) other).tag.equals(tag);
  }

  @Override
  public int hashCode() {
    return tag.hashCode();
  }

  @Override
  public String toString() {
    return scale == NO_SCALE ? tag : tag + "(scale " + scale + ")";
  }
}
