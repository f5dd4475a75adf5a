package io.ddbsync.sink.flatten;

import static io.ddbsync.sink.model.SystemColumns.POSITION;

import io.ddbsync.common.model.FieldKind;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.TableNaming;
import java.util.List;

/**
 * The names of a layout's columns, and the paths of its lists, as the naming settings give them.
 */
final class ColumnNames {
  private ColumnNames() {}

  /** The column of the position of an element of the list at {@code path} in its descendants. */
  static String positionName(List<String> path) {
    String name = "_" + Identifiers.snakeCase(path.get(path.size() - 1)) + POSITION;
    return Identifiers.fit(name, String.join(".", path) + POSITION);
  }

  /** Column name of a field: override, else snake_case of the path plus the field's kind suffix. */
  static String columnName(
      TableNaming naming,
      String dynamoTable,
      List<String> path,
      List<String> nameParts,
      String fieldName,
      FieldKind kind) {
    String override = naming.columnOverride(dynamoTable, path);
    String suffix = fieldName.endsWith("__" + kind.tag()) ? "__" + kind.tag() : "";
    if (override != null) {
      return suffix.isEmpty() ? override : Identifiers.fit(override + suffix, override + suffix);
    }
    String base = Identifiers.snakeCase(String.join("_", nameParts));
    return suffix.isEmpty()
        ? base
        : Identifiers.fit(base + suffix, String.join(".", path) + suffix);
  }

  /** The column name of the attribute at {@code path}: its override, or its snake_case. */
  static String plainName(TableNaming naming, String dynamoTable, List<String> path) {
    String override = naming.columnOverride(dynamoTable, path);
    return override != null ? override : Identifiers.snakeCase(String.join("_", path));
  }

  /**
   * One step of the path a list's table records as its owner (the table's comment): the attribute,
   * with the kind's suffix when the field has one because the attribute had another kind first
   * ("tags" then "tags__l_n"). Every step carries it, not only the list's own: a map {@code n} and
   * a list of maps {@code n__l} may both hold a list {@code tags}, whose tables are different
   * lists. Where no field on the way has a suffix, the path is the attribute path, as before.
   */
  static String ownerStep(String attribute, String fieldName, FieldKind kind) {
    return fieldName.endsWith("__" + kind.tag()) ? attribute + "__" + kind.tag() : attribute;
  }
}
