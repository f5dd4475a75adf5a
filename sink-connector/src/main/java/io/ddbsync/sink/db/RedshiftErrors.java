package io.ddbsync.sink.db;

import io.ddbsync.sink.stage.StagedObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What Redshift says about a failure: the server's error in the driver's exception, whether a retry
 * may cure it, and the rows its load error views recorded for a failed COPY.
 */
final class RedshiftErrors {
  private RedshiftErrors() {}

  /** Redshift's error code for a serializable isolation violation, as its primary message. */
  static final String SERIALIZABLE_ISOLATION_VIOLATION = "1023";

  /** The primary message and detail of the server's error, from the driver's exception. */
  record ServerError(String message, String detail) {}

  /**
   * Connection failures (08xxx), cancelled statements, and the conflicts between concurrent writers
   * that Redshift reports as error 1023 (serializable isolation violation) or, under snapshot
   * isolation, as a conflict with a concurrent transaction. The code is read from the server's
   * error, never from the message text, which can hold an S3 key with any digits in it.
   */
  static boolean isTransient(SQLException error) {
    String state = error.getSQLState();
    if (state != null
        && (state.startsWith("08") || state.equals("40001") || state.equals("57014"))) {
      return true;
    }
    ServerError server = serverError(error);
    if (server == null) {
      return false;
    }
    String primary = server.message() == null ? "" : server.message().trim();
    String detail = server.detail() == null ? "" : server.detail().trim();
    return primary.equals(SERIALIZABLE_ISOLATION_VIOLATION)
        || detail.startsWith("Serializable isolation violation")
        || primary.startsWith("could not complete because of conflict with concurrent transaction");
  }

  /** The server error in {@code error}'s chain, or null when the driver raised none. */
  static ServerError serverError(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof RedshiftCopy.CopyFailure copy) {
        return copy.server();
      }
      if (cause instanceof com.amazon.redshift.util.RedshiftException redshift
          && redshift.getServerErrorMessage() != null) {
        return new ServerError(
            redshift.getServerErrorMessage().getMessage(),
            redshift.getServerErrorMessage().getDetail());
      }
    }
    return null;
  }

  /**
   * The load errors of the staged file a COPY failed on (of every file its manifest lists, each
   * named with the rows numbered within it): SYS_LOAD_ERROR_DETAIL first (Redshift Serverless and
   * concurrency-scaling loads record errors only there), then STL_LOAD_ERRORS when SYS has none or
   * does not exist. Found by the file's name, which is unique to the load attempt (staged names
   * carry an attempt id), never by pg_last_copy_id(): that is STL's query id, which SYS views do
   * not share ("Migrating to SYS monitoring views"), and it is not updated for a COPY rolled back
   * or failed before loading, so it can name an earlier COPY ("PG_LAST_COPY_ID").
   */
  static List<Dialect.LoadError> loadErrors(Connection connection, StagedObject copying) {
    if (copying == null) {
      return List.of();
    }
    List<StagedObject> files = copying.files();
    String names = String.join(", ", java.util.Collections.nCopies(files.size(), "?"));
    String sysQuery =
        "SELECT file_name, line_number, column_name, error_code, error_message"
            + " FROM sys_load_error_detail WHERE TRIM(file_name) IN ("
            + names
            + ") ORDER BY line_number LIMIT 20";
    String stlQuery =
        "SELECT filename, line_number, colname, err_code, err_reason FROM stl_load_errors"
            + " WHERE TRIM(filename) IN ("
            + names
            + ") ORDER BY line_number LIMIT 20";
    for (String query : List.of(sysQuery, stlQuery)) {
      List<Dialect.LoadError> errors = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(query)) {
        for (int i = 0; i < files.size(); i++) {
          statement.setString(i + 1, files.get(i).uri());
        }
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            errors.add(
                new Dialect.LoadError(
                    trimmed(rows.getString(1)),
                    rows.getLong(2),
                    rows.getString(3),
                    rows.getInt(4),
                    rows.getString(5)));
          }
        }
      } catch (SQLException unavailable) {
        // Not on every cluster version or kind; the other table may have it. A failed query
        // aborts the transaction it ran in, so start afresh.
        rollbackQuietly(connection);
        continue;
      }
      if (!errors.isEmpty()) {
        return errors;
      }
    }
    return List.of();
  }

  /** Both tables pad file names with blanks (CHAR columns). */
  private static String trimmed(String text) {
    return text == null ? null : text.trim();
  }

  static void rollbackQuietly(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // The next statement reports a broken connection.
    }
  }
}
