package io.ddbsync.sink;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.sink.stage.S3StagingStore;
import io.ddbsync.sink.task.ConnectionProvider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The checks of {@code validate()} beyond single settings: the dialect matches the URL, COPY has a
 * way to read S3, the database answers and has the target schema, the bucket is reachable. Each
 * problem is attached to the setting to change.
 */
final class SinkConfigValidator {
  record Problem(String setting, String message) {}

  private final Function<RedshiftSinkConfig, List<Problem>> liveChecks;

  SinkConfigValidator(Function<RedshiftSinkConfig, List<Problem>> liveChecks) {
    this.liveChecks = liveChecks;
  }

  static SinkConfigValidator forLiveSystems() {
    return new SinkConfigValidator(SinkConfigValidator::checkLiveSystems);
  }

  Config validate(Config result, Map<String, String> props) {
    for (ConfigValue value : result.configValues()) {
      if (!value.errorMessages().isEmpty()) {
        return result;
      }
    }
    RedshiftSinkConfig config = new RedshiftSinkConfig(props);
    List<Problem> problems = new ArrayList<>(staticProblems(config));
    if (problems.isEmpty()) {
      problems.addAll(withTimeout(config));
    }
    for (Problem problem : problems) {
      for (ConfigValue value : result.configValues()) {
        if (value.name().equals(problem.setting())) {
          value.addErrorMessage(problem.message());
        }
      }
    }
    return result;
  }

  static List<Problem> staticProblems(RedshiftSinkConfig config) {
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<String, String> error : config.aws().crossFieldErrors()) {
      problems.add(new Problem(error.getKey(), error.getValue()));
    }
    boolean redshift = config.dialect() == SinkEnums.DialectName.REDSHIFT;
    if (redshift != config.connectionUrl().startsWith("jdbc:redshift:")) {
      problems.add(
          new Problem(
              RedshiftSinkConfig.CONNECTION_URL,
              "dialect "
                  + config.dialect()
                  + " needs a "
                  + (redshift ? "jdbc:redshift:" : "jdbc:postgresql:")
                  + " URL"));
    }
    if (redshift && config.copyIamRole() == null && !config.aws().hasStaticCredentials()) {
      problems.add(
          new Problem(
              RedshiftSinkConfig.COPY_IAM_ROLE,
              "COPY needs a way to read the staged files: set an IAM role associated with the cluster,"
                  + " or static AWS keys ("
                  + AwsSettings.ACCESS_KEY_ID
                  + ")"));
    }
    return problems;
  }

  private List<Problem> withTimeout(RedshiftSinkConfig config) {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<List<Problem>> checks = executor.submit(() -> liveChecks.apply(config));
      return checks.get(config.validationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return List.of(
          new Problem(
              RedshiftSinkConfig.CONNECTION_URL,
              "The database or the bucket did not answer within "
                  + config.validationTimeout().toMillis()
                  + " ms"));
    } catch (ExecutionException e) {
      return List.of(
          new Problem(RedshiftSinkConfig.CONNECTION_URL, "Validation failed: " + e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of(new Problem(RedshiftSinkConfig.CONNECTION_URL, "Validation was interrupted"));
    } finally {
      executor.shutdownNow();
    }
  }

  private static List<Problem> checkLiveSystems(RedshiftSinkConfig config) {
    List<Problem> problems = new ArrayList<>();
    try (ConnectionProvider connections =
        new ConnectionProvider(config.connectionUrl(), config.user(), config.password())) {
      Connection connection = connections.get();
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
        statement.setString(1, config.targetSchema());
        try (ResultSet rows = statement.executeQuery()) {
          if (!rows.next()) {
            problems.add(
                new Problem(
                    RedshiftSinkConfig.TARGET_SCHEMA,
                    "Schema "
                        + config.targetSchema()
                        + " does not exist; create it or choose another"));
          }
        }
      }
      connection.rollback();
    } catch (SQLException e) {
      problems.add(
          new Problem(
              RedshiftSinkConfig.CONNECTION_URL,
              "Cannot connect to the database: " + e.getMessage()));
    }
    try (S3Client s3 =
            config
                .aws()
                .configure(S3Client.builder())
                .forcePathStyle(config.pathStyleAccess())
                .build();
        S3StagingStore staging = new S3StagingStore(s3, config.bucket())) {
      staging.check();
    } catch (RuntimeException e) {
      problems.add(
          new Problem(
              RedshiftSinkConfig.S3_BUCKET,
              "Cannot reach bucket "
                  + config.bucket()
                  + ": "
                  + e.getMessage()
                  + ". The connector needs s3:PutObject, s3:GetObject and s3:DeleteObject on it."));
    }
    return problems;
  }
}
