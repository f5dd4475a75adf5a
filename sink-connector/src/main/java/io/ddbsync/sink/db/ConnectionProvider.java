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
    try {
      connection = driver.connect(url, properties);
    } catch (SQLException e) {
      // Drivers put the URL, which may hold a password, into their messages.
      throw new SQLException(scrub(e.getMessage()), e.getSQLState(), e.getErrorCode());
    }
    if (connection == null) {
      throw new SQLException(
          "The JDBC driver does not accept the form of connection.url " + withoutParameters(url));
    }
    connection.setAutoCommit(false);
    return connection;
  }

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password|pwd|secretaccesskey|sessiontoken)=[^&;\\s]*");

  /** The text without the password, nor any password-like URL parameter. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String scrubbed = PASSWORD_PARAMETER.matcher(text).replaceAll("$1=[hidden]");
    if (password != null && !password.value().isEmpty()) {
      scrubbed = scrubbed.replace(password.value(), "[hidden]");
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
