package io.ddbsync.sink.load;

import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.db.TableSource;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.TableLayout;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch's target table and its child tables (in the layout's order of children), as prepared for
 * the batch or as planned for it.
 */
record BatchTables(PhysicalTable parent, List<PhysicalTable> children) {
  BatchTables {
    children = List.copyOf(children);
  }

  /**
   * Finds the physical table for a spec: by preparing it (DDL as needed), or from what is known.
   */
  @FunctionalInterface
  interface TableResolver {
    /** The table, or null when it cannot be resolved without the database. */
    PhysicalTable resolve(TableSpec spec) throws SQLException;
  }

  /**
   * The batch's tables, or null if the resolver cannot resolve one of them.
   *
   * @param source the source of the batch's item table
   */
  static BatchTables of(Batch batch, TableSource source, TableResolver resolver)
      throws SQLException {
    TableLayout layout = batch.layout();
    PhysicalTable parent =
        resolver.resolve(
            new TableSpec(
                layout.name(),
                source,
                layout.columns(),
                batch.rows().widths(),
                layout.keyColumns(),
                layout.keyColumns().get(0)));
    if (parent == null) {
      return null;
    }
    List<PhysicalTable> children = new ArrayList<>();
    for (TableLayout.ChildLayout child : layout.children()) {
      List<ColumnPlan> plans = layout.childColumns(child, parent.keyColumns());
      PhysicalTable table =
          resolver.resolve(
              new TableSpec(
                  child.name(),
                  source.list(child.attributePath()),
                  plans,
                  batch.rows().childWidths().get(child.name()),
                  plans.subList(0, child.leadingColumns(layout.keyColumns().size())),
                  plans.get(0)));
      if (table == null) {
        return null;
      }
      children.add(table);
    }
    return new BatchTables(parent, children);
  }
}
