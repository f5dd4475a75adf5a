package io.ddbsync.cli;

import io.ddbsync.cli.reconcile.ExpectedRows;
import io.ddbsync.cli.reconcile.WarehouseTables;
import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.SinkComponents;
import io.ddbsync.sink.db.ConnectionProvider;
import io.ddbsync.sink.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The warehouse as the sink connector's configuration reaches it: its dialect, login and target
 * schema, and its mapping of items to rows (naming, flattening, lists, timestamps, overflow and
 * removal policies).
 */
public final class SinkSide implements AutoCloseable {
  private final RedshiftSinkConfig config;
  private final AwsSettings aws;
  private final Dialect dialect;
  private final ConnectionProvider connections;

  public SinkSide(RedshiftSinkConfig config) {
    this.config = config;
    this.aws = config.aws();
    this.dialect = SinkComponents.readOnlyDialect(config, aws);
    this.connections = SinkComponents.connections(config, aws);
  }

  public RedshiftSinkConfig config() {
    return config;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The connection, in auto-commit mode: the tool only reads, and holds no transaction open. */
  public Connection connect() throws SQLException {
    Connection connection = connections.get();
    connection.setAutoCommit(true);
    return connection;
  }

  public ExpectedRows expectedRows() {
    return new ExpectedRows(
        config.tableNaming(), config.ttlRemovals(), config.flattenSettings(), dialect.limits());
  }

  public WarehouseTables warehouse() {
    return new WarehouseTables(
        this::connect, dialect.catalog(), config.targetSchema(), config.watermarkTable());
  }

  @Override
  public void close() {
    connections.close();
    aws.close();
  }
}
