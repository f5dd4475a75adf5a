package io.ddbsync.sink.db;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;

/**
 * One JDBC connection for the task, opened on demand with the dialect's driver and reopened after a
 * failure. Nothing waits forever: connecting and logging in are bounded, every statement is
 * cancelled by the server after the statement timeout, and a connection that stops answering (a NAT
 * gateway or load balancer that dropped it without a word) is given up after the read timeout. Such
 * a connection's session may live on in the database, idle in the middle of a transaction and
 * holding its locks; the next connection ends it, when it is still the same session.
 */
public final class ConnectionProvider implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ConnectionProvider.class);

  /**
   * How long connecting, a statement, and waiting for any answer may take.
   *
   * @param connect connecting and logging in
   * @param statement one statement, including waiting for a lock; the server cancels it then
   * @param read waiting for any answer before the connection counts as dead: longer than a
   *     statement may take
   */
  public record Timeouts(Duration connect, Duration statement, Duration read) {
    /** No bounds: what the drivers do by default (tests of logins only). */
    public static final Timeouts NONE = new Timeouts(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /**
     * The read timeout a statement timeout needs: twice it, at most a minute more (the server
     * answers a cancelled statement at once).
     */
    public static Timeouts of(Duration connect, Duration statement) {
      Duration margin =
          statement.compareTo(Duration.ofMinutes(1)) < 0 ? statement : Duration.ofMinutes(1);
      return new Timeouts(connect, statement, statement.plus(margin));
    }
  }

  /** A database session: its process id and its start. */
  private record Session(long pid, String start) {}

  private final Driver driver;
  private final String url;
  private final DatabaseLogin login;
  private final Timeouts timeouts;
  private final Dialect dialect;
  private final java.util.List<Session> abandoned =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  // Set by the loader thread; reset() may cut them from another thread.
  private volatile Connection connection;
  private volatile Session session;

  public ConnectionProvider(Driver driver, String url, String user, Password password) {
    this(driver, url, DatabaseLogin.of(user, password == null ? null : password.value()));
  }

  public ConnectionProvider(Driver driver, String url, DatabaseLogin login) {
    this(driver, url, login, Timeouts.NONE, null);
  }

  /**
   * @param dialect how to name a session and find it again, so that one the network cut off is
   *     ended; null to leave sessions alone
   */
  public ConnectionProvider(
      Driver driver, String url, DatabaseLogin login, Timeouts timeouts, Dialect dialect) {
    this.driver = driver;
    this.url = url;
    this.login = login;
    this.timeouts = timeouts;
    this.dialect = dialect;
  }

  public synchronized Connection get() throws SQLException {
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
      try {
        connection = connect();
      } catch (SQLException stillRefused) {
        if (!isLoginRefused(stillRefused)) {
          throw stillRefused;
        }
        // A rotation under way: the database may already have the new password while the
        // secret's current version still holds the old one. A connection failure (class 08) is
        // retried with backoff, reading the secret again each time, up to max.retries.
        throw new SQLException(
            "The database refused the login read from the secret again ("
                + stillRefused.getMessage()
                + "); a rotation may be under way, so the load is retried. Rotate with the"
                + " single-user strategy: the alternating-users strategy changes the user, who then"
                + " does not own the tables the connector created.",
            "08004",
            stillRefused);
      }
    }
    // Times are stored as UTC wall-clock values; no user's or database's time zone may shift them
    // (set while auto-commit is on, so that no rollback undoes it).
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute(SESSION_TIME_ZONE);
      if (!timeouts.statement().isZero()) {
        statement.execute("SET statement_timeout TO " + timeouts.statement().toMillis());
      }
    }
    if (dialect != null) {
      endAbandonedSessions();
      session = identify();
    }
    connection.setAutoCommit(false);
    return connection;
  }

  /**
   * Ends the sessions of connections given up after a failure that are still alive (idle in a
   * transaction, their locks held, when the network cut them off): a database user may end its own
   * sessions. Whatever fails here is only logged: the session may be gone already.
   */
  private void endAbandonedSessions() {
    java.util.List<Session> ended;
    synchronized (abandoned) {
      ended = java.util.List.copyOf(abandoned);
      abandoned.clear();
    }
    for (Session old : ended) {
      try (PreparedStatement live = connection.prepareStatement(dialect.liveSessionQuery())) {
        live.setLong(1, old.pid());
        live.setString(2, old.start());
        boolean alive;
        try (ResultSet rows = live.executeQuery()) {
          alive = rows.next() && rows.getLong(1) > 0;
        }
        if (alive) {
          try (PreparedStatement end =
              connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            end.setInt(1, (int) old.pid());
            end.execute();
          }
          LOG.warn(
              "Ended database session {} of an earlier connection that stopped answering (its"
                  + " transaction is rolled back and its locks are released)",
              old.pid());
        }
      } catch (SQLException e) {
        LOG.info(
            "Could not end the session {} of an earlier connection: {}", old.pid(), e.getMessage());
      }
    }
    abandoned.clear();
  }

  private Session identify() {
    try (java.sql.Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.sessionQuery())) {
      return rows.next() ? new Session(rows.getLong(1), rows.getString(2)) : null;
    } catch (SQLException e) {
      LOG.info(
          "Cannot name this database session ({}); one the network cuts off is left to the"
              + " database to end",
          e.getMessage());
      return null;
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = login.properties();
    // Both drivers (pgjdbc, Redshift's) take these in seconds.
    if (!timeouts.connect().isZero()) {
      String seconds = Long.toString(Math.max(1, timeouts.connect().toSeconds()));
      properties.setProperty("connectTimeout", seconds);
      properties.setProperty("loginTimeout", seconds);
    }
    if (!timeouts.read().isZero()) {
      properties.setProperty(
          "socketTimeout", Long.toString(Math.max(1, timeouts.read().toSeconds())));
    }
    properties.setProperty("tcpKeepAlive", "true");
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

  /**
   * Drops the connection after a failure; the next {@link #get()} opens a new one, and ends this
   * one's session if it is still alive. Callable from another thread while a statement waits for an
   * answer: closing the connection ends the wait.
   */
  public void reset() {
    Session cut = session;
    session = null;
    if (cut != null) {
      abandoned.add(cut);
    }
    closeConnection();
  }

  @Override
  public void close() {
    closeConnection();
    login.close();
  }

  private void closeConnection() {
    Connection closing = connection;
    connection = null;
    if (closing != null) {
      try {
        closing.close();
      } catch (SQLException ignored) {
        // Closing a broken connection fails too; it is gone either way.
      }
    }
  }
}
