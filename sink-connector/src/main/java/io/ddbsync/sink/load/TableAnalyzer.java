package io.ddbsync.sink.load;

import io.ddbsync.sink.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes planner statistics after bulk loads: once a table's snapshot has been loaded and, by
 * setting, every N rows loaded into it. Runs after the load committed, in auto-commit, so ANALYZE
 * never holds the load's locks nor joins its transaction; a failure is a warning (statistics are an
 * optimisation, the load is done), never swallowed silently: logged with its reason.
 */
public final class TableAnalyzer {
  private static final Logger LOG = LoggerFactory.getLogger(TableAnalyzer.class);

  /**
   * When to analyze.
   *
   * @param afterSnapshot once a snapshot of the table has been loaded
   * @param everyRows after this many rows loaded into the table since its last ANALYZE; 0 never
   */
  public record Settings(boolean afterSnapshot, long everyRows) {
    public static final Settings OFF = new Settings(false, 0);
  }

  private final Dialect dialect;
  private final Settings settings;
  private final Map<String, Long> rowsSince = new HashMap<>();

  public TableAnalyzer(Dialect dialect, Settings settings) {
    this.dialect = dialect;
    this.settings = settings;
  }

  /**
   * The tables to analyze after a committed load of {@code rows} rows into {@code table} (qualified
   * names: the item table, then its child tables), or none.
   */
  public List<String> due(List<String> tables, long rows, boolean snapshotCompleted) {
    String table = tables.get(0);
    long since = rowsSince.merge(table, rows, Long::sum);
    boolean due =
        (snapshotCompleted && settings.afterSnapshot())
            || (settings.everyRows() > 0 && since >= settings.everyRows());
    if (!due) {
      return List.of();
    }
    rowsSince.put(table, 0L);
    return List.copyOf(tables);
  }

  /** Runs ANALYZE on each table, in auto-commit; returns the tables analyzed. */
  public List<String> analyze(Connection connection, List<String> tables) {
    List<String> analyzed = new ArrayList<>();
    if (tables.isEmpty()) {
      return analyzed;
    }
    try {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        for (String table : tables) {
          long started = System.nanoTime();
          statement.execute(dialect.analyze(table));
          analyzed.add(table);
          LOG.info("ANALYZE {} took {} ms", table, (System.nanoTime() - started) / 1_000_000);
        }
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      LOG.warn(
          "ANALYZE of {} failed ({}); the load itself committed, statistics stay as they were until"
              + " the next ANALYZE",
          tables,
          e.getMessage());
    }
    return analyzed;
  }
}
