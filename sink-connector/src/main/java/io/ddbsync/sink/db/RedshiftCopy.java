package io.ddbsync.sink.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Redshift's COPY of a staged Parquet file, and the credentials it reads S3 with: the COPY role
 * (IAM_ROLE), or the connector's own keys (CREDENTIALS), resolved at each COPY so that temporary
 * credentials are fresh. The statement text holds those keys, so no message of a failed COPY may
 * carry it: {@link CopyFailure} keeps only the scrubbed server error.
 */
final class RedshiftCopy {
  private final String iamRole;
  private final Supplier<AwsCredentialsProvider> credentialsSource;
  private AwsCredentialsProvider credentials;
  // The credentials last put into a COPY, to keep them out of every message.
  private volatile AwsCredentials lastCredentials;

  /**
   * @param iamRole the COPY role, or null to use the connector's credentials
   * @param credentials where COPY's CREDENTIALS come from when there is no COPY role: the
   *     connector's own (its static keys, or the role {@code aws.role.arn} assumes with them, or
   *     the SDK's default chain)
   */
  RedshiftCopy(String iamRole, Supplier<AwsCredentialsProvider> credentials) {
    this.iamRole = iamRole;
    this.credentialsSource = credentials;
  }

  /**
   * COPY of the Parquet file at {@code uri}, or of the files its manifest lists, into the table's
   * columns, matched by position.
   */
  void copy(
      Connection connection,
      String quotedTable,
      List<String> quotedColumns,
      String uri,
      boolean manifest)
      throws SQLException {
    String sql =
        "COPY "
            + quotedTable
            + " ("
            + String.join(", ", quotedColumns)
            + ") FROM '"
            + RedshiftDialect.literalOf(uri)
            + "' "
            + authorization()
            + " FORMAT AS PARQUET"
            + (manifest ? " MANIFEST" : "");
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      // The statement text may hold credentials: never let it reach a message or a log.
      RedshiftErrors.ServerError server = RedshiftErrors.serverError(e);
      throw new CopyFailure(
          "COPY of " + uri + " into " + quotedTable + " failed: " + scrub(e.getMessage()),
          e,
          server == null
              ? null
              : new RedshiftErrors.ServerError(scrub(server.message()), scrub(server.detail())));
    }
  }

  /** IAM_ROLE of the COPY role, or CREDENTIALS with the keys the connector itself uses now. */
  String authorization() {
    if (iamRole != null) {
      return "IAM_ROLE '" + RedshiftDialect.literalOf(iamRole) + "'";
    }
    AwsCredentials resolved = credentialsProvider().resolveCredentials();
    lastCredentials = resolved;
    StringBuilder text =
        new StringBuilder("aws_access_key_id=")
            .append(resolved.accessKeyId())
            .append(";aws_secret_access_key=")
            .append(resolved.secretAccessKey());
    if (resolved instanceof AwsSessionCredentials session) {
      text.append(";token=").append(session.sessionToken());
    }
    return "CREDENTIALS '" + RedshiftDialect.literalOf(text.toString()) + "'";
  }

  private synchronized AwsCredentialsProvider credentialsProvider() {
    if (credentials == null) {
      credentials = credentialsSource.get();
    }
    return credentials;
  }

  private String scrub(String message) {
    if (message == null) {
      return "";
    }
    String scrubbed = message;
    AwsCredentials used = lastCredentials;
    if (used != null) {
      scrubbed = scrubbed.replace(used.secretAccessKey(), "[hidden]");
      if (used instanceof AwsSessionCredentials session) {
        scrubbed = scrubbed.replace(session.sessionToken(), "[hidden]");
      }
    }
    return scrubbed;
  }

  /**
   * A failed COPY, its message scrubbed of credentials; the driver's exception is not kept (its
   * text could hold the statement), only its scrubbed server error, to classify it.
   */
  static final class CopyFailure extends SQLException {
    private static final long serialVersionUID = 1L;
    private final transient RedshiftErrors.ServerError server;

    CopyFailure(String message, SQLException cause, RedshiftErrors.ServerError server) {
      super(message, cause.getSQLState(), cause.getErrorCode());
      this.server = server;
    }

    RedshiftErrors.ServerError server() {
      return server;
    }
  }
}
