package io.ddbsync.sink.load;

import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.ColumnRole;
import io.ddbsync.sink.flatten.LayoutBuilder;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * The plans of a child table: the item's key columns (with the parent's physical names and types),
 * the positions of the enclosing list elements (grandchildren and deeper), the position, the
 * element's columns. The columns before the element's are the table's primary key.
 */
final class ChildPlans {
  private ChildPlans() {}

  static List<ColumnPlan> of(
      TableLayout layout, PhysicalTable parent, TableLayout.ChildLayout child) {
    List<ColumnPlan> plans = new ArrayList<>();
    for (int i = 0; i < layout.keyColumns().size(); i++) {
      ColumnPlan key = layout.keyColumns().get(i);
      Column physical = parent.keyColumns().get(i);
      plans.add(
          new ColumnPlan(
              "_parent." + key.fieldPath(),
              key.fieldNames(),
              physical.name(),
              ColumnRole.KEY,
              physical.type(),
              key.kind()));
    }
    for (String outer : child.outerPositions()) {
      plans.add(ColumnPlan.synthetic(outer, ColumnRole.POSITION, SqlType.INTEGER));
    }
    plans.add(ColumnPlan.synthetic(LayoutBuilder.POSITION, ColumnRole.POSITION, SqlType.INTEGER));
    plans.addAll(child.elementColumns());
    return plans;
  }
}
