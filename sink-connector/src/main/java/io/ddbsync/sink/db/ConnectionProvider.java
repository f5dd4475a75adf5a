package io.ddbsync.sink.db;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;

/**
 * One JDBC connection for the task, opened on demand with the dialect's driver and reopened after a
 * failure.
 */
public final class ConnectionProvider implements AutoCloseable {
  private final Driver driver;
  private final String url;
  private final DatabaseLogin login;
  private Connection connection;

  public ConnectionProvider(Driver driver, String url, String user, Password password) {
    this(driver, url, DatabaseLogin.of(user, password == null ? null : password.value()));
  }

  public ConnectionProvider(Driver driver, String url, DatabaseLogin login) {
    this.driver = driver;
    this.url = url;
    this.login = login;
  }

  public Connection get() throws SQLException {
    if (connection != null && !connection.isClosed()) {
      return connection;
    }
    try {
      connection = connect();
    } catch (SQLException refused) {
      // A login read from a secret may have been rotated since: read it again, once.
      if (!isLoginRefused(refused) || !login.refresh()) {
        throw refused;
      }
      connection = connect();
    }
    // Times are stored as UTC wall-clock values; no user's or database's time zone may shift them
    // (set while auto-commit is on, so that no rollback undoes it).
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute(SESSION_TIME_ZONE);
    }
    connection.setAutoCommit(false);
    return connection;
  }

  private Connection connect() throws SQLException {
    Properties properties = login.properties();
    Connection opened;
    try {
      opened = driver.connect(url, properties);
    } catch (SQLException e) {
      // Drivers put the URL, which may hold a password, into their messages.
      throw new SQLException(scrub(e.getMessage()), e.getSQLState(), e.getErrorCode());
    }
    if (opened == null) {
      throw new SQLException(
          "The JDBC driver does not accept the form of connection.url " + withoutParameters(url));
    }
    return opened;
  }

  /** SQLSTATE class 28: invalid authorization (a wrong or rotated password). */
  private static boolean isLoginRefused(SQLException error) {
    return error.getSQLState() != null && error.getSQLState().startsWith("28");
  }

  static final String SESSION_TIME_ZONE = "SET timezone TO 'UTC'";

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password|pwd|secretaccesskey|sessiontoken)=[^&;\\s]*");

  /** The text without the password, nor any password-like URL parameter. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String scrubbed = PASSWORD_PARAMETER.matcher(text).replaceAll("$1=[hidden]");
    for (String secret : login.secrets()) {
      if (secret != null && !secret.isEmpty()) {
        scrubbed = scrubbed.replace(secret, "[hidden]");
      }
    }
    return scrubbed;
  }

  /** The URL without its parameters (which may hold secrets), for messages. */
  static String withoutParameters(String url) {
    int query = url.indexOf('?');
    int semicolon = url.indexOf(';');
    int end = query < 0 ? semicolon : semicolon < 0 ? query : Math.min(query, semicolon);
    return end < 0 ? url : url.substring(0, end) + "?...";
  }

  /** Drops the connection after a failure; the next {@link #get()} opens a new one. */
  public void reset() {
    closeConnection();
  }

  @Override
  public void close() {
    closeConnection();
    login.close();
  }

  private void closeConnection() {
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
