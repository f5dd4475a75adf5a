package io.ddbsync.sink.load;

import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.model.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps target tables in step with the data: creates them, adds one column per statement (as
 * Redshift requires), widens VARCHARs (outside transactions on Redshift) and records each column's
 * field in its comment. Other tasks may change the same table at the same time; a DDL conflict
 * re-reads the catalog and tries again.
 */
public final class TableManager {
  private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);
  private static final int ATTEMPTS = 4;

  private final Dialect dialect;
  private final LoadStatements statements;
  private final String schema;
  // Read by planned() on the task thread while the loader thread prepares tables.
  private final Map<String, List<ExistingColumn>> known = new ConcurrentHashMap<>();

  public TableManager(Dialect dialect, LoadStatements statements, String schema) {
    this.dialect = dialect;
    this.statements = statements;
    this.schema = schema;
  }

  /** The physical table for the spec after any DDL it needs. */
  public PhysicalTable prepare(Connection connection, TableSpec spec) throws SQLException {
    String table = spec.name();
    SQLException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<ExistingColumn> existing = known.get(table);
      if (existing == null) {
        existing = dialect.catalog().columns(connection, schema, table);
        known.put(table, existing);
      }
      // Without DDL, exactly what planned() gives, so that files staged early for it match.
      Optional<PhysicalTable> fitting = fitting(spec, existing);
      if (fitting.isPresent()) {
        return fitting.get();
      }
      ColumnMapper.Mapping mapping =
          ColumnMapper.map(table, spec.plans(), spec.widths(), existing, dialect.limits());
      PhysicalTable physical = physical(spec, mapping.columns());
      try {
        apply(connection, physical, existing.isEmpty(), mapping);
        // Read back at once: the next batch can then be planned, and staged early, from it.
        known.put(table, dialect.catalog().columns(connection, schema, table));
        return physical;
      } catch (SQLException e) {
        // Another task may have changed the table first; look again.
        rollbackQuietly(connection);
        known.remove(table);
        last = e;
        LOG.debug("DDL on {} failed ({}); re-reading the catalog", table, e.getMessage());
      }
    }
    throw last;
  }

  /**
   * The physical table {@link #prepare} would return, if what is known of the table already fits
   * the plans without DDL; empty when the table is not known or would change. No database access.
   */
  public Optional<PhysicalTable> planned(TableSpec spec) {
    List<ExistingColumn> existing = known.get(spec.name());
    return existing == null ? Optional.empty() : fitting(spec, existing);
  }

  /** The physical table if the table exists and fits the spec as it is; else empty. */
  private Optional<PhysicalTable> fitting(TableSpec spec, List<ExistingColumn> existing) {
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    ColumnMapper.Mapping mapping =
        ColumnMapper.map(spec.name(), spec.plans(), spec.widths(), existing, dialect.limits());
    if (mapping.changesSchema()) {
      return Optional.empty();
    }
    return Optional.of(physical(spec, mapping.columns()));
  }

  private void apply(
      Connection connection, PhysicalTable table, boolean create, ColumnMapper.Mapping mapping)
      throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      if (create) {
        LOG.info(
            "Creating table {}.{} with {} columns", schema, table.name(), table.columns().size());
        statement.execute(dialect.createTable(table));
        for (Column column : table.columns()) {
          statement.execute(statements.comment(table, column));
        }
      } else {
        for (Column column : mapping.added()) {
          LOG.info(
              "Adding column {} {} to {}.{}", column.name(), column.type(), schema, table.name());
          statement.execute(statements.addColumn(table, column));
          statement.execute(statements.comment(table, column));
        }
        for (Column column : mapping.adopted()) {
          statement.execute(statements.comment(table, column));
        }
        if (dialect.canAlterTypeInTransaction()) {
          for (Column column : mapping.widened()) {
            LOG.info("Widening {}.{}.{} to {}", schema, table.name(), column.name(), column.type());
            statement.execute(statements.widenColumn(table, column));
          }
        }
      }
      connection.commit();
    }
    if (!create && !dialect.canAlterTypeInTransaction() && !mapping.widened().isEmpty()) {
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        for (Column column : mapping.widened()) {
          LOG.info("Widening {}.{}.{} to {}", schema, table.name(), column.name(), column.type());
          statement.execute(statements.widenColumn(table, column));
        }
      } finally {
        connection.setAutoCommit(false);
      }
    }
  }

  private PhysicalTable physical(TableSpec spec, List<Column> columns) {
    List<ColumnPlan> plans = spec.plans();
    List<Column> keys =
        spec.keyPlans().stream().map(plan -> columns.get(plans.indexOf(plan))).toList();
    Column distribution = columns.get(plans.indexOf(spec.distributionPlan()));
    return new PhysicalTable(schema, spec.name(), columns, keys, distribution);
  }

  /** Forgets what is known about tables, after a failure that may have left them changed. */
  public void forget() {
    known.clear();
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      LOG.warn("Rollback after a failed DDL statement failed too", e);
    }
  }
}
