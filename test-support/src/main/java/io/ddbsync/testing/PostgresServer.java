package io.ddbsync.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * An embedded PostgreSQL server (zonky's binaries, started from the test JVM) with trust
 * authentication, since the Redshift JDBC driver cannot do SCRAM. One per JVM; tests get their own
 * database from {@link #createDatabase()}.
 */
public final class PostgresServer {
  public static final String USER = "postgres";

  private static PostgresServer shared;

  private final EmbeddedPostgres postgres;

  private PostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "stop-postgres"));
    }
    return shared;
  }

  public static PostgresServer start() {
    Path directory = BuildPaths.target("postgres-" + UUID.randomUUID());
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setOverrideWorkingDirectory(BuildPaths.target("postgres-binaries").toFile())
              .setDataDirectory(directory)
              .setCleanDataDirectory(true)
              .setPort(Ports.free())
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .start();
      return new PostgresServer(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** A new, empty database; returns its name. */
  public String createDatabase() {
    String name = "db_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
      return name;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create a test database", e);
    }
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  public void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
    }
  }
}
