package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.sink.RedshiftSinkConfig;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

class DatabaseLoginTest {
  @Test
  void aRotatedSecretIsReadAgainWhenTheDatabaseRefusesTheLogin() throws Exception {
    RotatingSecret rotated = new RotatingSecret();
    rotated.current = "{\"username\":\"loader\",\"password\":\"old\"}";
    RecordingDriver strict = new RecordingDriver("new");
    SecretsManagerLogin login = new SecretsManagerLogin(rotated, "db/login");
    login.properties(); // read before the rotation
    // The password is rotated; the next connection is refused with the old one and reads again.
    rotated.current = "{\"username\":\"loader\",\"password\":\"new\"}";
    try (ConnectionProvider connections = new ConnectionProvider(strict, "jdbc:test:", login)) {
      connections.get();
    }
    assertThat(strict.passwordsTried).containsExactly("old", "new");
    assertThat(rotated.reads).isEqualTo(2);
  }

  @Test
  void aLoginRefusedWhileARotationIsUnderWayIsRetriedLikeALostConnection() throws Exception {
    // Single-user rotation between setSecret and finishSecret: the database has the new
    // password, the secret's current version still the old one.
    RotatingSecret rotating = new RotatingSecret();
    rotating.current = "{\"username\":\"loader\",\"password\":\"old\"}";
    RecordingDriver strict = new RecordingDriver("new");
    SecretsManagerLogin login = new SecretsManagerLogin(rotating, "db/login");
    try (ConnectionProvider connections = new ConnectionProvider(strict, "jdbc:test:", login)) {
      assertThatThrownBy(connections::get)
          .isInstanceOf(SQLException.class)
          .satisfies(
              e -> {
                assertThat(((SQLException) e).getSQLState()).isEqualTo("08004");
                assertThat(new PostgresDialect(null).isTransient((SQLException) e)).isTrue();
              })
          .hasMessageContaining("rotation")
          .hasMessageNotContaining("old");

      // finishSecret: the current version holds the new password; the retry logs in.
      rotating.current = "{\"username\":\"loader\",\"password\":\"new\"}";
      connections.get();
    }
    assertThat(strict.passwordsTried).containsExactly("old", "old", "old", "new");
  }

  @Test
  void aThrottledOrFailingSecretsManagerIsATransientFailureNotAFatalOne() throws Exception {
    RotatingSecret throttled =
        new RotatingSecret() {
          int failures = 2;

          @Override
          public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            if (failures-- > 0) {
              throw (software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException)
                  software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException
                      .builder()
                      .statusCode(failures == 1 ? 400 : 503)
                      .awsErrorDetails(
                          software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                              .errorCode(
                                  failures == 1 ? "ThrottlingException" : "InternalServiceError")
                              .build())
                      .build();
            }
            return super.getSecretValue(request);
          }
        };
    throttled.current = "{\"username\":\"loader\",\"password\":\"pw\"}";
    SecretsManagerLogin login = new SecretsManagerLogin(throttled, "db/login");
    io.ddbsync.sink.load.JdbcLoader loader =
        new io.ddbsync.sink.load.JdbcLoader(
            null, new ConnectionProvider(new RecordingDriver("pw"), "jdbc:test:", login));
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        login.properties();
      } catch (RuntimeException failed) {
        assertThat(loader.isTransient(failed)).as(failed.getMessage()).isTrue();
      }
    }
    assertThat(login.properties()).containsEntry("password", "pw");
  }

  @Test
  void aSecretThatIsNotALoginSaysSoWithoutShowingIt() {
    RotatingSecret secret = new RotatingSecret();
    secret.current = "hunter2";
    SecretsManagerLogin login = new SecretsManagerLogin(secret, "db/login");

    assertThatThrownBy(login::properties)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("db/login")
        .hasMessageContaining("username and password")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anIamLoginGivesTheDriverTheConnectorsAwsCredentialsAndKeepsThemOutOfMessages()
      throws Exception {
    DatabaseLogin login =
        DatabaseLogin.iam(
            "loader",
            () ->
                StaticCredentialsProvider.create(
                    AwsSessionCredentials.create("AKIA1", "the-secret-key", "the-session-token")));
    Properties properties = login.properties();
    assertThat(properties)
        .containsEntry("DbUser", "loader")
        .containsEntry("AccessKeyID", "AKIA1")
        .containsEntry("SecretAccessKey", "the-secret-key")
        .containsEntry("SessionToken", "the-session-token");

    Driver failing =
        new RecordingDriver("never") {
          @Override
          public Connection connect(String url, Properties info) throws SQLException {
            throw new SQLException(
                "Unable to get credentials with the-secret-key and the-session-token", "08001");
          }
        };
    try (ConnectionProvider connections =
        new ConnectionProvider(failing, "jdbc:redshift:iam://c:5439/dev", login)) {
      assertThatThrownBy(connections::get)
          .hasMessageNotContaining("the-secret-key")
          .hasMessageNotContaining("the-session-token");
    }
  }

  @Test
  void onlyOneWayToLogInIsAccepted() {
    assertThat(problems(Map.of("connection.password", "pw"))).isEmpty();
    assertThat(problems(Map.of("connection.secret.id", "db/login", "connection.user", "")))
        .isEmpty();
    assertThat(problems(Map.of("connection.secret.id", "db/login", "connection.user", "loader")))
        .containsKey("connection.secret.id");
    assertThat(
            problems(
                Map.of(
                    "connection.url", "jdbc:redshift:iam://cluster:5439/dev",
                    "connection.password", "pw")))
        .containsKey("connection.password");
    assertThat(
            problems(
                Map.of(
                    "connection.url", "jdbc:redshift:iam://cluster:5439/dev",
                    "connection.secret.id", "db/login")))
        .containsKey("connection.secret.id");
  }

  private static Map<String, String> problems(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("connection.url", "jdbc:redshift://cluster:5439/dev");
    props.put("s3.bucket", "b");
    props.putAll(overrides);
    Map<String, String> found = new HashMap<>();
    for (var problem :
        io.ddbsync.sink.SinkConfigValidatorAccess.loginProblems(new RedshiftSinkConfig(props))) {
      found.put(problem.setting(), problem.message());
    }
    return found;
  }

  /** A secret whose value changes, counting reads. */
  private static class RotatingSecret implements SecretsManagerClient {
    volatile String current;
    int reads;

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
      reads++;
      return GetSecretValueResponse.builder().secretString(current).build();
    }

    @Override
    public String serviceName() {
      return "secretsmanager";
    }

    @Override
    public void close() {}
  }

  /** Accepts only one password; refuses others as PostgreSQL and Redshift do (28P01). */
  private static class RecordingDriver implements Driver {
    volatile String acceptOnly;
    final List<String> passwordsTried = new ArrayList<>();

    RecordingDriver(String acceptOnly) {
      this.acceptOnly = acceptOnly;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      String password = info.getProperty("password");
      passwordsTried.add(password);
      if (!acceptOnly.equals(password)) {
        throw new SQLException("password authentication failed for user \"loader\"", "28P01");
      }
      return (Connection)
          java.lang.reflect.Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "createStatement" ->
                        java.lang.reflect.Proxy.newProxyInstance(
                            getClass().getClassLoader(),
                            new Class<?>[] {java.sql.Statement.class},
                            (p, m, a) -> m.getName().equals("execute") ? Boolean.FALSE : null);
                    case "isClosed" -> Boolean.FALSE;
                    default -> null;
                  });
    }

    @Override
    public boolean acceptsURL(String url) {
      return true;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
      return 1;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }
  }
}
