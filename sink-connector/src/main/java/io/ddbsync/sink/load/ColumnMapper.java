package io.ddbsync.sink.load;

import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Maps a layout's logical columns to a table's physical columns. A field keeps the column its
 * comment names; a new field gets its desired name if free, or the name with a hash of its path if
 * another field has it; a column with the desired name that no field claims (a user created it) is
 * adopted when its type fits. VARCHARs are sized to the longest value in bytes, in buckets, and
 * widened, never narrowed. Pure: the caller applies the changes.
 */
public final class ColumnMapper {
  /** Redshift's and PostgreSQL's limit on the columns of a table. */
  public static final int MAX_TABLE_COLUMNS = 1600;

  /** The physical columns, aligned with the plans, and the DDL they need. */
  public record Mapping(
      List<Column> columns, List<Column> added, List<Column> widened, List<Column> adopted) {
    public boolean changesSchema() {
      return !added.isEmpty() || !widened.isEmpty() || !adopted.isEmpty();
    }
  }

  private ColumnMapper() {}

  public static Mapping map(
      String table,
      List<ColumnPlan> plans,
      int[] widths,
      List<ExistingColumn> existing,
      TypeLimits limits) {
    Map<String, ExistingColumn> byPath = new HashMap<>();
    Map<String, ExistingColumn> byName = new HashMap<>();
    Set<String> taken = new HashSet<>();
    for (ExistingColumn column : existing) {
      byName.put(column.name(), column);
      taken.add(column.name());
      if (column.fieldPath() != null) {
        byPath.put(column.fieldPath(), column);
      }
    }
    List<Column> columns = new ArrayList<>(plans.size());
    List<Column> added = new ArrayList<>();
    List<Column> widened = new ArrayList<>();
    List<Column> adopted = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      ColumnPlan plan = plans.get(i);
      SqlType wanted = sized(plan.type(), widths == null ? 0 : widths[i], limits);
      ExistingColumn found = byPath.get(plan.fieldPath());
      boolean adopting = false;
      if (found == null) {
        ExistingColumn unclaimed = byName.get(plan.desiredName());
        if (unclaimed != null && unclaimed.fieldPath() == null && fits(unclaimed.type(), wanted)) {
          found = unclaimed;
          adopting = true;
        }
      }
      if (found != null) {
        SqlType type = found.type();
        if (!fits(type, wanted)) {
          throw new ConnectException(
              "Column "
                  + found.name()
                  + " of table "
                  + table
                  + " has type "
                  + type
                  + ", but field "
                  + plan.fieldPath()
                  + " needs "
                  + wanted
                  + ". Drop or rename the column, or send the field"
                  + " elsewhere with column.name.overrides.");
        }
        Column column = new Column(found.name(), type, plan.fieldPath());
        // An existing column widens for values longer than it holds, never to a new column's
        // starting size: a key column made at DynamoDB's longest key never widens.
        int width = widths == null ? 0 : widths[i];
        SqlType needed = sized(type, width, limits);
        if (type.kind() == SqlType.Kind.VARCHAR && width > type.length()) {
          column = column.withType(new SqlType(type.kind(), needed.length(), 0));
          widened.add(column);
        }
        if (adopting) {
          adopted.add(column);
          byPath.put(plan.fieldPath(), found);
        }
        columns.add(column);
        continue;
      }
      String name = plan.desiredName();
      if (taken.contains(name)) {
        name = Identifiers.disambiguate(name, plan.fieldPath());
        if (taken.contains(name)) {
          throw new ConnectException(
              "Table " + table + " already has a column " + name + " for another field");
        }
      }
      taken.add(name);
      Column column = new Column(name, wanted, plan.fieldPath());
      added.add(column);
      columns.add(column);
    }
    if (!added.isEmpty() && existing.size() + added.size() > MAX_TABLE_COLUMNS) {
      throw new ConnectException(
          "Table "
              + table
              + " would have "
              + (existing.size() + added.size())
              + " columns ("
              + added.size()
              + " new), more than the "
              + MAX_TABLE_COLUMNS
              + " Redshift and PostgreSQL allow. Its item's attributes have grown past what"
              + " flattening can hold: lower flatten.max.table.columns or flatten.max.map.columns so"
              + " that wide maps stay one JSON column, or drop columns of attributes no longer"
              + " written.");
    }
    return new Mapping(columns, added, widened, adopted);
  }

  /** The type a column needs for values up to {@code width} bytes. */
  static SqlType sized(SqlType type, int width, TypeLimits limits) {
    return switch (type.kind()) {
      case VARCHAR -> SqlType.varchar(Math.max(type.length(), limits.varcharBucket(width)));
      // VARBYTE cannot be widened on Redshift; variable-length storage makes the maximum free.
      case VARBYTE -> SqlType.varbyte(limits.maxVarbyteBytes());
      default -> type;
    };
  }

  /**
   * True when a column of {@code existing} type can hold {@code wanted} values (maybe after
   * widening).
   */
  static boolean fits(SqlType existing, SqlType wanted) {
    if (existing == null || existing.kind() != wanted.kind()) {
      return false;
    }
    return existing.kind() != SqlType.Kind.DECIMAL || existing.scale() == wanted.scale();
  }
}
