package io.ddbsync.common.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The kinds one attribute has been assigned, in history order, and their nested structs. */
public final class AttributeLineage {
  private final String attribute;
  private final String baseName;
  private final List<FieldKind> kinds = new ArrayList<>(2);
  private final Map<String, StructLineage> children = new HashMap<>(2);
  private FieldKind plainKind;

  AttributeLineage(String attribute, String baseName) {
    this.attribute = attribute;
    this.baseName = baseName;
  }

  /** The original DynamoDB attribute name. */
  public String attribute() {
    return attribute;
  }

  /** The Avro name of the attribute's first non-NULL kind; other kinds add a suffix to it. */
  public String baseName() {
    return baseName;
  }

  public List<FieldKind> kinds() {
    return Collections.unmodifiableList(kinds);
  }

  public boolean has(FieldKind kind) {
    return kinds.contains(kind);
  }

  /** The nested struct of a kind that contains one. */
  public StructLineage child(String kindTag) {
    return children.get(kindTag);
  }

  /**
   * The field name of one of this attribute's kinds. NULL markers never take the plain name, so
   * that an attribute first seen as NULL still gets its plain name for its first real type.
   */
  public String fieldName(FieldKind kind) {
    return kind.equals(plainKind) ? baseName : baseName + "__" + kind.tag();
  }

  boolean add(FieldKind kind) {
    if (kinds.contains(kind)) {
      return false;
    }
    kinds.add(kind);
    if (plainKind == null && kind.base() != FieldKind.Base.NULL) {
      plainKind = kind;
    }
    if (kind.containsStruct()) {
      children.put(kind.tag(), new StructLineage());
    }
    return true;
  }

  AttributeLineage copy() {
    AttributeLineage copy = new AttributeLineage(attribute, baseName);
    copy.kinds.addAll(kinds);
    copy.plainKind = plainKind;
    children.forEach((tag, child) -> copy.children.put(tag, child.copy()));
    return copy;
  }
}
