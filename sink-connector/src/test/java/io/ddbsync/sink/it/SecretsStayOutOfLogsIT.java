package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.briefOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.RedshiftSinkConnector;
import io.ddbsync.sink.SinkComponents;
import io.ddbsync.sink.TargetSettings;
import io.ddbsync.sink.db.ConnectionProvider;
import io.ddbsync.sink.db.RedshiftDefinition;
import io.ddbsync.sink.db.RedshiftDialect;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.testing.LogCapture;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets never reach a log, an exception message or a dead letter reason: the database password
 * and the AWS keys that the redshift dialect puts into COPY's CREDENTIALS clause, through a
 * validation, a successful load and a failed COPY, with the connector's loggers at DEBUG.
 */
class SecretsStayOutOfLogsIT {
  private static final String DB_PASSWORD = "db-pw-7f3c9a1e";
  private static final String AWS_SECRET = "aws-secret-Q2hhcmxpZQ8b1d";
  private static final String AWS_SESSION_TOKEN = "aws-token-Zm9vYmFyYmF6c2";

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @Test
  void theDatabasePasswordAndTheCopyCredentialsAreNeverLoggedNorInErrors() throws Exception {
    String db = PostgresServer.shared().createDatabase();
    Map<String, String> props =
        SinkStack.config(
            DialectName.REDSHIFT,
            db,
            Map.of(
                RedshiftDefinition.COPY_IAM_ROLE, "",
                TargetSettings.CONNECTION_PASSWORD, DB_PASSWORD,
                AwsSettings.ACCESS_KEY_ID, "AKIATESTKEYID0000001",
                AwsSettings.SECRET_ACCESS_KEY, AWS_SECRET,
                AwsSettings.SESSION_TOKEN, AWS_SESSION_TOKEN));
    List<String> surfaced = new ArrayList<>();

    List<String> logged;
    try (LogCapture logs = LogCapture.start("io.ddbsync", "org.apache.kafka.common.config")) {
      for (ConfigValue value : new RedshiftSinkConnector().validate(props).configValues()) {
        surfaced.addAll(value.errorMessages());
      }
      RedshiftSinkConfig config = new RedshiftSinkConfig(props);
      try (SinkComponents components =
          SinkComponents.create(
              config,
              new io.ddbsync.sink.fixtures.RecordingContext(java.util.Set.of()),
              (record, error) -> {
                surfaced.add(error.getMessage());
                return CompletableFuture.completedFuture(null);
              })) {
        components.writer().put(List.of(SinkEvents.orders().read(briefOrder(), 0, 0)));
        components.writer().flushDue(true);
      }
      surfaced.add(copyOfAMissingFileFails(config));
      logged = logs.events();
    }

    assertThat(SinkStack.rows(db, "SELECT order_id FROM orders"))
        .as("the load with CREDENTIALS went through")
        .containsExactly(List.of("ORD-20240615-0001"));
    assertThat(logged)
        .as("the capture saw the load at DEBUG and the refused COPY")
        .anyMatch(line -> line.contains("Load of dynamodb.Orders+0-0-0"))
        .anyMatch(line -> line.contains("s3://" + SinkStack.BUCKET + "/no/such/file.parquet"));
    assertThat(String.join("\n", logged) + String.join("\n", surfaced))
        .doesNotContain(DB_PASSWORD)
        .doesNotContain(AWS_SECRET)
        .doesNotContain(AWS_SESSION_TOKEN);
  }

  /** A COPY whose CREDENTIALS clause holds the secrets fails; returns the error's message. */
  private static String copyOfAMissingFileFails(RedshiftSinkConfig config) throws Exception {
    RedshiftDialect dialect =
        new RedshiftDialect(
            RedshiftDialect.Distribution.KEY, RedshiftDialect.SortKey.KEY, null, config.aws());
    try (ConnectionProvider connections =
            new ConnectionProvider(
                RedshiftDialect.DEFINITION.driver(),
                config.connectionUrl(),
                config.user(),
                config.password());
        Statement statement = connections.get().createStatement()) {
      Connection connection = connections.get();
      statement.execute("CREATE TABLE copy_target (id VARCHAR(16))");
      List<Column> columns = List.of(new Column("id", SqlType.varchar(16), "id"));
      StagedObject missing = new StagedObject(SinkStack.BUCKET, "no/such/file.parquet", 0);
      Throwable[] failure = new Throwable[1];
      assertThatThrownBy(() -> dialect.copyInto(connection, "\"copy_target\"", columns, missing))
          .satisfies(error -> failure[0] = error)
          .hasMessageContaining("no/such/file.parquet");
      StringBuilder messages = new StringBuilder();
      for (Throwable cause = failure[0]; cause != null; cause = cause.getCause()) {
        messages.append(cause.getMessage()).append('\n');
      }
      return messages.toString();
    }
  }
}
