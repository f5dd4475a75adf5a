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
   * The list's path as its table's source records it: the attribute path, and for a second kind of
   * the same attribute (a number set here, a binary set there: two fields, {@code x} and {@code
   * x__bs}) the kind too, so that each kind owns a table of its own in the database and a newcomer
   * never writes into the other kind's table.
   */
  static String listPath(List<String> path, String fieldName, FieldKind kind) {
    String joined = String.join(".", path);
    return fieldName.endsWith("__" + kind.tag()) ? joined + "__" + kind.tag() : joined;
  }
}
