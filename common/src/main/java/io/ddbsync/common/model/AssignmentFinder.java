package io.ddbsync.common.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Finds the assignments an item needs that a lineage does not have yet, in a deterministic order
 * (the item's attributes sorted by name, depth first), applying them to a scratch copy so that an
 * attribute new in this item also gets the fields of its nested maps. The caller's lineage is never
 * changed.
 */
public final class AssignmentFinder {
  private final KindRules rules;

  public AssignmentFinder(KindRules rules) {
    this.rules = rules;
  }

  public List<Assignment> missing(TableLineage lineage, Map<String, AttributeValue> item) {
    Walk walk = new Walk(lineage);
    visitStruct(walk, List.of(), item, 0);
    return walk.found;
  }

  /**
   * The lineage being walked: the caller's until the first missing assignment, then a copy that the
   * found assignments are applied to, so that the common case (nothing new) copies nothing.
   */
  private static final class Walk {
    private TableLineage lineage;
    private boolean copied;
    private final List<Assignment> found = new ArrayList<>();

    Walk(TableLineage lineage) {
      this.lineage = lineage;
    }

    void add(Assignment assignment) {
      if (!copied) {
        lineage = lineage.copy();
        copied = true;
      }
      lineage.apply(assignment);
      found.add(assignment);
    }
  }

  private void visitStruct(
      Walk walk, List<PathStep> path, Map<String, AttributeValue> attributes, int depth) {
    List<String> names = new ArrayList<>(attributes.keySet());
    names.sort(null);
    for (String name : names) {
      AttributeValue value = attributes.get(name);
      AttributeLineage attribute = walk.lineage.resolve(path).attribute(name);
      List<FieldKind> existing = attribute == null ? List.of() : attribute.kinds();
      FieldKind kind = KindChooser.choose(rules, existing, value, depth);
      if (!existing.contains(kind)) {
        walk.add(new Assignment(path, name, kind));
      }
      if (kind.containsStruct()) {
        List<PathStep> childPath = new ArrayList<>(path);
        childPath.add(new PathStep(name, kind.tag()));
        visitContainedStructs(walk, List.copyOf(childPath), kind, value, depth);
      }
    }
  }

  /** Visits every map that a value of {@code kind} contains: itself, or its (nested) elements. */
  private void visitContainedStructs(
      Walk walk, List<PathStep> childPath, FieldKind kind, AttributeValue value, int depth) {
    if (value.type() == AttributeValue.Type.NUL) {
      return;
    }
    if (kind.base() == FieldKind.Base.MAP) {
      visitStruct(walk, childPath, value.m(), depth + 1);
      return;
    }
    for (AttributeValue element : value.l()) {
      visitContainedStructs(walk, childPath, kind.element(), element, depth + 1);
    }
  }
}
