package io.ddbsync.sink.flatten;

import io.ddbsync.common.model.FieldKind;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.SystemColumns;
import java.util.List;

/**
 * A logical column: where its value comes from and what it wants to be called.
 *
 * @param fieldPath the change-event field names from the item (or list element) to the value,
 *     joined by "."; unique within a table and stable, so it identifies the column for good
 * @param fieldNames the same path as a list, for navigating structs
 * @param desiredName the column name naming rules give; the physical name may differ when it is
 *     taken by another field
 * @param kind the field's kind, for value conversion; null for synthetic columns
 */
public record ColumnPlan(
    String fieldPath,
    List<String> fieldNames,
    String desiredName,
    ColumnRole role,
    SqlType type,
    FieldKind kind) {

  public ColumnPlan {
    fieldNames = List.copyOf(fieldNames);
  }

  public static ColumnPlan synthetic(String name, ColumnRole role, SqlType type) {
    return new ColumnPlan(SystemColumns.fieldPath(name), List.of(), name, role, type, null);
  }

  public ColumnPlan withType(SqlType newType) {
    return new ColumnPlan(fieldPath, fieldNames, desiredName, role, newType, kind);
  }
}
