package io.ddbsync.cli.drift;

import io.ddbsync.cli.drift.DriftAnalysis.ColumnStats;
import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Measures a warehouse table's columns in one query: rows, filled values, longest text. */
public final class WarehouseColumns {
  private static final int QUERY_TIMEOUT_SECONDS = 600;

  private WarehouseColumns() {}

  public static List<ColumnStats> measure(
      Connection connection, String schema, String table, List<ExistingColumn> columns)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*)");
    for (ExistingColumn column : columns) {
      String name = Identifiers.quote(column.name());
      sql.append(", COUNT(").append(name).append(')');
      sql.append(
          column.type().kind() == SqlType.Kind.VARCHAR
              ? ", MAX(OCTET_LENGTH(" + name + "))"
              : ", 0");
    }
    sql.append(" FROM ")
        .append(Identifiers.quote(schema))
        .append('.')
        .append(Identifiers.quote(table));
    List<ColumnStats> stats = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      try (ResultSet result = statement.executeQuery(sql.toString())) {
        result.next();
        long rows = result.getLong(1);
        for (int c = 0; c < columns.size(); c++) {
          ExistingColumn column = columns.get(c);
          stats.add(
              new ColumnStats(
                  table,
                  column.name(),
                  column.fieldPath(),
                  column.type(),
                  rows,
                  result.getLong(2 + 2 * c),
                  result.getLong(3 + 2 * c)));
        }
      }
    }
    return stats;
  }
}
