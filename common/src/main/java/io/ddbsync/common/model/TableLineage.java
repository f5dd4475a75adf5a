package io.ddbsync.common.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything a table's schema history has recorded, applied in order. The item schema is a pure
 * function of this state, so two tasks, or one task before and after a restart, that applied the
 * same history produce the same schema, field for field.
 */
public final class TableLineage {
  private final StructLineage root;
  private final List<Assignment> applied;

  public TableLineage() {
    this(new StructLineage(), new ArrayList<>());
  }

  private TableLineage(StructLineage root, List<Assignment> applied) {
    this.root = root;
    this.applied = applied;
  }

  public StructLineage root() {
    return root;
  }

  /** The number of assignments applied; grows by one with every schema change. */
  public int version() {
    return applied.size();
  }

  public List<Assignment> assignments() {
    return Collections.unmodifiableList(applied);
  }

  /**
   * Applies one assignment; returns false if it was already known (histories may hold duplicates
   * when two tasks propose the same assignment at the same time).
   */
  public boolean apply(Assignment assignment) {
    StructLineage struct = resolve(assignment.parent());
    if (!struct.getOrCreate(assignment.attribute()).add(assignment.kind())) {
      return false;
    }
    applied.add(assignment);
    return true;
  }

  /** Applies assignments in order, skipping known ones. */
  public void applyAll(List<Assignment> assignments) {
    for (Assignment assignment : assignments) {
      apply(assignment);
    }
  }

  public StructLineage resolve(List<PathStep> path) {
    StructLineage struct = root;
    for (PathStep step : path) {
      AttributeLineage attribute = struct.attribute(step.attribute());
      StructLineage child = attribute == null ? null : attribute.child(step.kindTag());
      if (child == null) {
        throw new IllegalStateException(
            "Schema history names a nested field under "
                + path
                + " before the field that contains it; the history is out of order");
      }
      struct = child;
    }
    return struct;
  }

  public TableLineage copy() {
    return new TableLineage(root.copy(), new ArrayList<>(applied));
  }
}
