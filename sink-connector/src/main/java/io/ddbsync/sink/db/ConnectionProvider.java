package io.ddbsync.sink.db;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.kafka.common.config.types.Password;

/**
 * One JDBC connection for the task, opened on demand with the dialect's driver and reopened after a
 * failure.
 */
public final class ConnectionProvider implements AutoCloseable {
  private final Driver driver;
  private final String url;
  private final String user;
  private final Password password;
  private Connection connection;

  public ConnectionProvider(Driver driver, String url, String user, Password password) {
    this.driver = driver;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public Connection get() throws SQLException {
    if (connection != null && !connection.isClosed()) {
      return connection;
    }
    Properties properties = new Properties();
    if (user != null && !user.isEmpty()) {
      properties.setProperty("user", user);
    }
    if (password != null && !password.value().isEmpty()) {
      properties.setProperty("password", password.value());
    }
    connection = driver.connect(url, properties);
    if (connection == null) {
      throw new SQLException("No JDBC driver accepts the URL " + url);
    }
    connection.setAutoCommit(false);
    return connection;
  }

  /** Drops the connection after a failure; the next {@link #get()} opens a new one. */
  public void reset() {
    close();
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing a broken connection fails too; it is gone either way.
      }
      connection = null;
    }
  }
}
