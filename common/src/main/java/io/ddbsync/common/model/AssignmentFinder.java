package io.ddbsync.common.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Finds the assignments an item needs that a lineage does not have yet, in a deterministic order
 * (the item's attributes sorted by name, depth first), applying them to a scratch copy so that an
 * attribute new in this item also gets the fields of its nested maps.
 */
public final class AssignmentFinder {
  private final KindRules rules;

  public AssignmentFinder(KindRules rules) {
    this.rules = rules;
  }

  public List<Assignment> missing(TableLineage lineage, Map<String, AttributeValue> item) {
    TableLineage scratch = lineage.copy();
    List<Assignment> found = new ArrayList<>();
    visitStruct(scratch, List.of(), item, 0, found);
    return found;
  }

  private void visitStruct(
      TableLineage scratch,
      List<PathStep> path,
      Map<String, AttributeValue> attributes,
      int depth,
      List<Assignment> found) {
    List<String> names = new ArrayList<>(attributes.keySet());
    names.sort(null);
    for (String name : names) {
      AttributeValue value = attributes.get(name);
      AttributeLineage attribute = scratch.resolve(path).attribute(name);
      List<FieldKind> existing = attribute == null ? List.of() : attribute.kinds();
      FieldKind kind = KindChooser.choose(rules, existing, value, depth);
      if (!existing.contains(kind)) {
        Assignment assignment = new Assignment(path, name, kind);
        scratch.apply(assignment);
        found.add(assignment);
      }
      if (kind.containsStruct()) {
        List<PathStep> childPath = new ArrayList<>(path);
        childPath.add(new PathStep(name, kind.tag()));
        visitContainedStructs(scratch, List.copyOf(childPath), kind, value, depth, found);
      }
    }
  }

  /** Visits every map that a value of {@code kind} contains: itself, or its (nested) elements. */
  private void visitContainedStructs(
      TableLineage scratch,
      List<PathStep> childPath,
      FieldKind kind,
      AttributeValue value,
      int depth,
      List<Assignment> found) {
    if (value.type() == AttributeValue.Type.NUL) {
      return;
    }
    if (kind.base() == FieldKind.Base.MAP) {
      visitStruct(scratch, childPath, value.m(), depth + 1, found);
      return;
    }
    for (AttributeValue element : value.l()) {
      visitContainedStructs(scratch, childPath, kind.element(), element, depth + 1, found);
    }
  }
}
