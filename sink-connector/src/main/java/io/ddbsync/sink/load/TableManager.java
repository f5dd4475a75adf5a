package io.ddbsync.sink.load;

import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.db.TableSource;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SystemColumns;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps target tables in step with the data: creates them, adds one column per statement (as
 * Redshift requires), widens VARCHARs (outside transactions on Redshift), records each column's
 * field in its comment and each table's source in the table's comment. A table whose comment names
 * another source is never written ({@link TableCollision}). Other tasks may change the same table
 * at the same time; a DDL conflict re-reads the catalog and tries again.
 */
public final class TableManager {
  private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);
  private static final int ATTEMPTS = 4;

  /** What is known of one table: its columns (none if it does not exist) and its source. */
  private record Known(List<ExistingColumn> columns, TableSource source) {}

  private final Dialect dialect;
  private final LoadStatements statements;
  private final String schema;
  // Read by planned() on the task thread while the loader thread prepares tables.
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  // The table each list's rows go to, once found or chosen: the one it owns.
  private final Map<TableSource, String> tablesOfLists = new ConcurrentHashMap<>();

  public TableManager(Dialect dialect, String schema) {
    this.dialect = dialect;
    this.statements = dialect.statements();
    this.schema = schema;
  }

  /** The physical table for the spec after any DDL it needs. */
  public PhysicalTable prepare(Connection connection, TableSpec wanted) throws SQLException {
    SQLException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      TableSpec spec = withTableOfItsList(connection, wanted);
      String table = spec.name();
      Known existing = known.get(table);
      if (existing == null) {
        existing = read(connection, table);
        known.put(table, existing);
      }
      checkSource(table, existing, spec);
      // Without DDL, exactly what planned() gives, so that files staged early for it match.
      Optional<PhysicalTable> fitting = fitting(spec, existing);
      if (fitting.isPresent()) {
        return fitting.get();
      }
      ColumnMapper.Mapping mapping =
          ColumnMapper.map(
              table, spec.plans(), spec.widths(), existing.columns(), dialect.limits());
      PhysicalTable physical = physical(spec, mapping.columns(), existing.columns());
      checkKeyWidening(physical, mapping);
      try {
        apply(connection, physical, existing, mapping, spec.source());
        // Read back at once: the next batch can then be planned, and staged early, from it.
        known.put(table, read(connection, table));
        return physical;
      } catch (SQLException e) {
        // Another task may have changed the table first; look again.
        rollbackQuietly(connection);
        known.remove(table);
        tablesOfLists.remove(spec.source());
        last = e;
        LOG.debug("DDL on {} failed ({}); re-reading the catalog", table, e.getMessage());
      }
    }
    throw last;
  }

  /**
   * The physical table {@link #prepare} would return, if what is known of the table already fits
   * the spec without DDL; empty when the table is not known or would change. No database access.
   */
  public Optional<PhysicalTable> planned(TableSpec wanted) {
    TableSpec spec = wanted;
    if (wanted.source().listPath() != null) {
      String owned = tablesOfLists.get(wanted.source());
      if (owned == null) {
        return Optional.empty();
      }
      spec = renamed(wanted, owned);
    }
    Known existing = known.get(spec.name());
    return existing == null ? Optional.empty() : fitting(spec, existing);
  }

  /**
   * A list's spec with the table the list owns: the one whose comment names it (or named it before
   * topics were recorded), else the wanted name, else (when a sibling list of the same source owns
   * that) the name with a hash of the list's path. Tables of items keep their name: a collision
   * there is a setting to change.
   */
  private TableSpec withTableOfItsList(Connection connection, TableSpec spec) throws SQLException {
    TableSource source = spec.source();
    if (source.listPath() == null) {
      return spec;
    }
    String owned = tablesOfLists.get(source);
    if (owned == null) {
      owned = dialect.catalog().tableOf(connection, schema, source);
    }
    if (owned == null && source.topic() != null) {
      // Written before topics were recorded: this source takes it over when it writes it.
      owned = dialect.catalog().tableOf(connection, schema, source.withoutTopic());
    }
    if (owned == null) {
      owned = spec.name();
      TableSource holder = dialect.catalog().source(connection, schema, owned);
      if (holder != null
          && !source.adopts(holder)
          && holder.listPath() != null
          && source.items().adopts(holder.items())) {
        owned = Identifiers.disambiguate(spec.name(), source.listPath());
      }
    }
    tablesOfLists.put(source, owned);
    return renamed(spec, owned);
  }

  private static TableSpec renamed(TableSpec spec, String name) {
    return name.equals(spec.name())
        ? spec
        : new TableSpec(
            name,
            spec.source(),
            spec.plans(),
            spec.widths(),
            spec.keyPlans(),
            spec.distributionPlan());
  }

  /**
   * The tables the catalog names as lists of {@code source} (the parent's), other than {@code
   * except}, as tables of the item key only: the rows of a changed or removed item are removed from
   * each, even when the batch's schemas do not know the list.
   */
  public List<PhysicalTable> otherChildren(
      Connection connection, TableSource source, PhysicalTable parent, Set<String> except)
      throws SQLException {
    List<PhysicalTable> children = new ArrayList<>();
    for (String name : dialect.catalog().childTables(connection, schema, source.items())) {
      if (!except.contains(name)) {
        children.add(
            new PhysicalTable(
                schema,
                name,
                parent.keyColumns(),
                parent.keyColumns(),
                parent.distributionColumn()));
      }
    }
    return children;
  }

  private Known read(Connection connection, String table) throws SQLException {
    List<ExistingColumn> columns = dialect.catalog().columns(connection, schema, table);
    TableSource source =
        columns.isEmpty() ? null : dialect.catalog().source(connection, schema, table);
    return new Known(columns, source);
  }

  private void checkSource(String table, Known existing, TableSpec spec) {
    if (!existing.columns().isEmpty()
        && existing.source() != null
        && !spec.source().adopts(existing.source())) {
      throw new TableCollision(schema, table, existing.source(), spec.source());
    }
  }

  /**
   * A key column created narrower than DynamoDB's longest key (by an earlier version) cannot be
   * widened where the database refuses ALTER on key columns: say so, and what to do, rather than
   * send an ALTER that fails on every retry.
   */
  private void checkKeyWidening(PhysicalTable table, ColumnMapper.Mapping mapping) {
    if (dialect.canWidenKeyColumns()) {
      return;
    }
    for (Column column : mapping.widened()) {
      if (table.keyColumns().stream().anyMatch(key -> key.name().equals(column.name()))) {
        throw new org.apache.kafka.connect.errors.ConnectException(
            "Key column "
                + column.name()
                + " of table "
                + schema
                + "."
                + table.name()
                + " is too narrow for a key of this batch (it needs "
                + column.type()
                + "), and Redshift cannot widen a PRIMARY KEY column. The table was created by an"
                + " earlier version with narrower key columns: recreate it (CREATE TABLE ... (LIKE"
                + " ...) with the key column at VARCHAR(2048), copy the rows, swap the names) or"
                + " drop it and reset the connector's offsets to load it again.");
      }
    }
  }

  /** The physical table if the table exists and fits the spec as it is; else empty. */
  private Optional<PhysicalTable> fitting(TableSpec spec, Known existing) {
    if (existing.columns().isEmpty() || !spec.source().equals(existing.source())) {
      return Optional.empty();
    }
    ColumnMapper.Mapping mapping =
        ColumnMapper.map(
            spec.name(), spec.plans(), spec.widths(), existing.columns(), dialect.limits());
    if (mapping.changesSchema()) {
      return Optional.empty();
    }
    return Optional.of(physical(spec, mapping.columns(), existing.columns()));
  }

  private void apply(
      Connection connection,
      PhysicalTable table,
      Known existing,
      ColumnMapper.Mapping mapping,
      TableSource source)
      throws SQLException {
    boolean create = existing.columns().isEmpty();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      if (create) {
        LOG.info(
            "Creating table {}.{} with {} columns for {}",
            schema,
            table.name(),
            table.columns().size(),
            source.describe());
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
      if (create || existing.source() == null) {
        // A table created before sources were recorded, or by hand: it is this source's from now.
        statement.execute(statements.tableComment(table, source));
      } else if (existing.source().topic() == null) {
        adopt(connection, statement, table, source);
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

  /**
   * Takes over a table written before topics were recorded, and, for an item table, the tables of
   * its lists recorded so: they are this source's from now. An item table keeps its generations.
   */
  private void adopt(
      Connection connection, Statement statement, PhysicalTable table, TableSource source)
      throws SQLException {
    LOG.info(
        "Table {}.{} was written before sources named their topic; it is {}'s from now",
        schema,
        table.name(),
        source.describe());
    if (source.listPath() != null) {
      statement.execute(statements.tableComment(table, source));
      return;
    }
    statement.execute(
        statements.tableComment(
            table.qualifiedName(),
            source,
            dialect.catalog().generations(connection, schema, table.name())));
    for (String child : dialect.catalog().childTables(connection, schema, source.withoutTopic())) {
      TableSource old = dialect.catalog().source(connection, schema, child);
      PhysicalTable list = new PhysicalTable(schema, child, List.of(), List.of(), null);
      statement.execute(statements.tableComment(list, source.list(old.listPath())));
      tablesOfLists.remove(old);
    }
  }

  /**
   * The table as the spec uses it, and the connector's columns it does not map (fields of other
   * schema versions), which a change of a whole item sets to NULL.
   */
  private PhysicalTable physical(
      TableSpec spec, List<Column> columns, List<ExistingColumn> existing) {
    List<ColumnPlan> plans = spec.plans();
    List<Column> keys =
        spec.keyPlans().stream().map(plan -> columns.get(plans.indexOf(plan))).toList();
    Column distribution = columns.get(plans.indexOf(spec.distributionPlan()));
    Set<String> mapped = new HashSet<>();
    columns.forEach(column -> mapped.add(column.name()));
    List<Column> unmapped = new ArrayList<>();
    for (ExistingColumn column : existing) {
      if (column.fieldPath() != null && column.type() != null && !mapped.contains(column.name())) {
        unmapped.add(new Column(column.name(), column.type(), column.fieldPath()));
      }
    }
    return new PhysicalTable(schema, spec.name(), columns, keys, distribution, unmapped);
  }

  /**
   * Adds {@code column} to {@code table} in the transaction of {@code statement}, unless the table
   * has a column holding its field already: returns that column's name, or empty when the column
   * was added now (its rows hold no value yet). For columns the connector adds outside a batch's
   * layout, such as the generation of a table written before generations were recorded.
   */
  Optional<String> ensureColumn(
      Connection connection, Statement statement, PhysicalTable table, Column column)
      throws SQLException {
    Optional<String> existing =
        SystemColumns.nameHolding(
            dialect.catalog().columns(connection, table.schema(), table.name()),
            column.fieldPath());
    if (existing.isPresent()) {
      return existing;
    }
    LOG.info(
        "Adding column {} {} to {}.{}", column.name(), column.type(), table.schema(), table.name());
    statement.execute(statements.addColumn(table, column));
    statement.execute(statements.comment(table, column));
    // What is known of the table's columns is out of date now.
    forget();
    return Optional.empty();
  }

  /** The schema of the target tables. */
  public String schema() {
    return schema;
  }

  /** Forgets what is known about tables, after a failure that may have left them changed. */
  public void forget() {
    known.clear();
    tablesOfLists.clear();
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
