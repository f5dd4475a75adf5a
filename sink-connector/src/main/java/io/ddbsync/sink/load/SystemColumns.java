package io.ddbsync.sink.load;

import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.model.Column;
import java.util.List;
import java.util.Optional;

/**
 * Finds the connector's own columns of a table (the generation, the removal flags) by the field
 * they hold, never by their usual name: an item attribute may be called {@code
 * _ddbsync_snapshot_start} and take that name first, the connector's column then getting another.
 */
final class SystemColumns {
  private SystemColumns() {}

  /** The name of the column holding the system field {@code name}, among a table's columns. */
  static Optional<String> named(List<ExistingColumn> columns, String name) {
    String path = "_" + name;
    return columns.stream()
        .filter(column -> path.equals(column.fieldPath()))
        .map(ExistingColumn::name)
        .findFirst();
  }

  /** The name of the column holding the system field {@code name} in a prepared table. */
  static Optional<String> named(PhysicalTable table, String name) {
    String path = "_" + name;
    return table.columns().stream()
        .filter(column -> path.equals(column.fieldPath()))
        .map(Column::name)
        .findFirst();
  }
}
