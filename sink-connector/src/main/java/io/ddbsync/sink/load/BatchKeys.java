package io.ddbsync.sink.load;

import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.ColumnVectors;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys of a batch's upserts as SQL arrays, one per key column, where the dialect enforces
 * primary keys (PostgreSQL). With them one statement tells whether any key is already in the
 * target, and another removes the child rows of every key, neither needing a staging table: a batch
 * of new keys (an initial load) is then copied straight into the target instead of being staged and
 * merged.
 */
final class BatchKeys {
  private final List<String> elementTypes;
  private final List<Object[]> valuesByColumn;

  private BatchKeys(List<String> elementTypes, List<Object[]> valuesByColumn) {
    this.elementTypes = elementTypes;
    this.valuesByColumn = valuesByColumn;
  }

  /**
   * The keys of {@code rows} (laid out as {@code table}'s columns); empty when the dialect has no
   * array type for one of the key columns' types.
   */
  static Optional<BatchKeys> of(Dialect dialect, PhysicalTable table, List<Object[]> rows) {
    List<String> types = new ArrayList<>();
    List<Object[]> values = new ArrayList<>();
    for (Column key : table.keyColumns()) {
      Optional<String> type = dialect.keyArrayType(key.type());
      if (type.isEmpty()) {
        return Optional.empty();
      }
      types.add(type.get());
      int index = table.columns().indexOf(key);
      Object[] column = newArray(key, rows.size());
      for (int row = 0; row < rows.size(); row++) {
        column[row] = ColumnVectors.valueAt(rows, row, index);
      }
      values.add(column);
    }
    return Optional.of(new BatchKeys(List.copyOf(types), values));
  }

  /** Typed arrays, so that the driver encodes the elements as the column's type. */
  private static Object[] newArray(Column key, int size) {
    return switch (key.type().kind()) {
      case VARCHAR -> new String[size];
      case BIGINT -> new Long[size];
      case DECIMAL -> new BigDecimal[size];
      case VARBYTE -> new byte[size][];
      default -> throw new IllegalArgumentException("No key array for " + key);
    };
  }

  /** Whether any of the keys is already in {@code target}. */
  boolean anyPresentIn(Connection connection, PhysicalTable target, LoadStatements statements)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(statements.anyKeyPresent(target, elementTypes))) {
      List<Array> arrays = bind(connection, query);
      try (ResultSet found = query.executeQuery()) {
        return found.next();
      } finally {
        free(arrays);
      }
    }
  }

  /** Deletes the rows of {@code child} that belong to any of the keys. */
  void deleteChildren(
      Connection connection,
      PhysicalTable child,
      List<Column> parentKeys,
      LoadStatements statements)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            statements.deleteChildrenOfKeys(child, parentKeys, elementTypes))) {
      List<Array> arrays = bind(connection, delete);
      try {
        delete.executeUpdate();
      } finally {
        free(arrays);
      }
    }
  }

  private List<Array> bind(Connection connection, PreparedStatement statement) throws SQLException {
    List<Array> arrays = new ArrayList<>();
    for (int i = 0; i < elementTypes.size(); i++) {
      Array array = connection.createArrayOf(elementTypes.get(i), valuesByColumn.get(i));
      arrays.add(array);
      statement.setArray(i + 1, array);
    }
    return arrays;
  }

  private static void free(List<Array> arrays) throws SQLException {
    for (Array array : arrays) {
      array.free();
    }
  }
}
