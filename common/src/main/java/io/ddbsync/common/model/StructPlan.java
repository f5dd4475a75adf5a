package io.ddbsync.common.model;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/** A struct schema together with the lookup from each attribute to its fields. */
public record StructPlan(Schema schema, Map<String, List<FieldPlan>> fieldsByAttribute) {

  /**
   * One field of a struct: its kind, its Connect field, and for kinds that contain structs the plan
   * of that (innermost) struct.
   */
  public record FieldPlan(FieldKind kind, Field field, StructPlan child) {}
}
