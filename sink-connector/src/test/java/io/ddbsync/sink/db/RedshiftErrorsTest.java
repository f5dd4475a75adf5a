package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.redshift.util.RedshiftException;
import com.amazon.redshift.util.ServerErrorMessage;
import io.ddbsync.sink.stage.StagedObject;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** How the Redshift dialect reads Redshift's errors, and what COPY authorizes with. */
class RedshiftErrorsTest {
  private final RedshiftDialect dialect =
      new RedshiftDialect(
          RedshiftDialect.Distribution.KEY,
          RedshiftDialect.SortKey.KEY,
          null,
          () ->
              StaticCredentialsProvider.create(
                  AwsSessionCredentials.create("ASIAROLE", "role-secret", "role-token")));

  @Test
  void aSerializableIsolationViolationIsRetriedByItsCode() {
    assertThat(
            dialect.isTransient(
                server("XX000", "1023", "Serializable isolation violation on table - 100167")))
        .isTrue();
    assertThat(
            dialect.isTransient(
                server(
                    "XX000",
                    "could not complete because of conflict with concurrent transaction",
                    null)))
        .isTrue();
  }

  @Test
  void digitsInAMessageNeverMakeAnErrorTransient() {
    // S3 keys carry offsets: a permanent error naming one must not be retried for minutes.
    SQLException permanent =
        new SQLException(
            "COPY of s3://bucket/ddbsync/orders/dynamodb.Orders+0-1023-2046-upserts.parquet into"
                + " orders failed: Spectrum Scan Error: incompatible Parquet schema",
            "XX000");
    assertThat(dialect.isTransient(permanent)).isFalse();
    assertThat(
            dialect.isTransient(server("XX000", "Load into table failed; key +0-1023-2046", null)))
        .isFalse();
  }

  @Test
  void withoutACopyRoleCopyUsesTheCredentialsTheConnectorHoldsNowTheAssumedRolesIncluded() {
    String authorization = dialect.authorization();
    assertThat(authorization)
        .contains("aws_access_key_id=ASIAROLE")
        .contains("aws_secret_access_key=role-secret")
        .contains("token=role-token");
  }

  @Test
  void fileLevelLoadErrorsNeverNameARecord() {
    assertThat(
            new Dialect.LoadError("s3://b/k", 1, "", 15001, "Spectrum Scan Error: bad file")
                .rowLevel())
        .isFalse();
    assertThat(
            new Dialect.LoadError("s3://b/k", 1, "note", 1204, "String length exceeds DDL length")
                .rowLevel())
        .isTrue();
    assertThat(new Dialect.LoadError("s3://b/k", 0, "", 0, "cannot read").rowLevel()).isFalse();
  }

  @Test
  void aLiteralKeepsBackslashesAsRedshiftReadsThem() {
    assertThat(dialect.literal("a\\b'c")).isEqualTo("a\\\\b''c");
    assertThat(new PostgresDialect(null).literal("a\\b'c")).isEqualTo("a\\b''c");
    assertThat(List.of(new StagedObject("b", "k", 1).uri())).containsExactly("s3://b/k");
  }

  private static SQLException server(String state, String message, String detail) {
    String fields =
        "SERROR\0C" + state + "\0M" + message + "\0" + (detail == null ? "" : "D" + detail + "\0");
    return new RedshiftException(new ServerErrorMessage(fields));
  }
}
