package io.ddbsync.sink;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.ConfigChecks;
import io.ddbsync.common.config.ConfigChecks.Problem;
import io.ddbsync.sink.db.ConnectionProvider;
import io.ddbsync.sink.db.DialectDefinition;
import io.ddbsync.sink.db.Dialects;
import io.ddbsync.sink.stage.S3StagingStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.Config;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The checks of {@code validate()} beyond single settings: the dialect matches the URL, the
 * dialect's own settings are complete, the database answers and has the target schema, the bucket
 * is reachable. Each problem is attached to the setting to change.
 */
final class SinkConfigValidator {
  private final Function<RedshiftSinkConfig, List<Problem>> liveChecks;

  SinkConfigValidator(Function<RedshiftSinkConfig, List<Problem>> liveChecks) {
    this.liveChecks = liveChecks;
  }

  static SinkConfigValidator forLiveSystems() {
    return new SinkConfigValidator(SinkConfigValidator::checkLiveSystems);
  }

  Config validate(Config result, Map<String, String> props) {
    if (ConfigChecks.hasFieldErrors(result)) {
      return result;
    }
    RedshiftSinkConfig config = new RedshiftSinkConfig(props);
    List<Problem> problems = new ArrayList<>(staticProblems(config, props));
    if (problems.isEmpty()) {
      problems.addAll(
          ConfigChecks.withTimeout(
              config.validationTimeout(),
              () -> liveChecks.apply(config),
              TargetSettings.CONNECTION_URL,
              "The database or the bucket",
              ""));
    }
    return ConfigChecks.attach(result, problems);
  }

  /**
   * The problems settings have among themselves and with Kafka Connect's own settings in {@code
   * props} (converters, error handling), without asking the database or S3 anything.
   */
  static List<Problem> staticProblems(RedshiftSinkConfig config, Map<String, String> props) {
    List<Problem> problems = new ArrayList<>(staticProblems(config));
    problems.addAll(FrameworkSettingChecks.problems(props));
    return problems;
  }

  static List<Problem> staticProblems(RedshiftSinkConfig config) {
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<String, String> error : config.aws().crossFieldErrors()) {
      problems.add(new Problem(error.getKey(), error.getValue()));
    }
    DialectDefinition dialect = Dialects.definition(config.dialect());
    if (!config.connectionUrl().startsWith(dialect.urlPrefix())) {
      problems.add(
          new Problem(
              TargetSettings.CONNECTION_URL,
              "dialect " + config.dialect() + " needs a " + dialect.urlPrefix() + " URL"));
    }
    problems.addAll(dialect.problems(config, config.aws()));
    problems.addAll(loginProblems(config));
    return problems;
  }

  /** One way to log in: a password, a secret, or an IAM URL; never two. */
  static List<Problem> loginProblems(RedshiftSinkConfig config) {
    List<Problem> problems = new ArrayList<>();
    boolean password = !config.password().value().isEmpty();
    boolean iam = io.ddbsync.sink.db.DatabaseLogin.isIamUrl(config.connectionUrl());
    if (!config.secretId().isEmpty()) {
      if (password || !config.user().isEmpty()) {
        problems.add(
            new Problem(
                TargetSettings.CONNECTION_SECRET_ID,
                "The login comes from this secret: leave connection.user and connection.password"
                    + " empty"));
      }
      if (iam) {
        problems.add(
            new Problem(
                TargetSettings.CONNECTION_SECRET_ID,
                "An IAM URL logs in with temporary credentials from AWS, not with a secret: use a"
                    + " jdbc:redshift:// URL with the secret, or no secret"));
      }
    } else if (iam && password) {
      problems.add(
          new Problem(
              TargetSettings.CONNECTION_PASSWORD,
              "An IAM URL (jdbc:redshift:iam://) logs in with temporary credentials the driver gets"
                  + " from AWS: leave the password empty"));
    }
    return problems;
  }

  private static List<Problem> checkLiveSystems(RedshiftSinkConfig config) {
    List<Problem> problems = new ArrayList<>();
    DialectDefinition definition = Dialects.definition(config.dialect());
    try (io.ddbsync.common.aws.AwsSettings aws = config.aws();
        ConnectionProvider connections =
            new ConnectionProvider(
                definition.driver(),
                config.connectionUrl(),
                SinkComponents.login(config, aws),
                config.databaseTimeouts(),
                null)) {
      Connection connection = connections.get();
      boolean exists =
          definition
              .create(config, aws, null)
              .catalog()
              .schemaExists(connection, config.targetSchema());
      if (!exists) {
        problems.add(
            new Problem(
                TargetSettings.TARGET_SCHEMA,
                "Schema "
                    + config.targetSchema()
                    + " does not exist; create it or choose another"));
      }
      connection.rollback();
    } catch (SQLException e) {
      problems.add(
          new Problem(
              TargetSettings.CONNECTION_URL, "Cannot connect to the database: " + e.getMessage()));
    }
    problems.addAll(checkBucket(config));
    return problems;
  }

  /**
   * The bucket answers: a network failure is reported on aws.endpoint.url when one is set (the
   * address is the likely mistake), anything else on s3.bucket.
   */
  private static List<Problem> checkBucket(RedshiftSinkConfig config) {
    List<Problem> problems = new ArrayList<>();
    String endpoint = config.aws().endpoint();
    String unreachable =
        endpoint == null
            ? null
            : io.ddbsync.common.aws.EndpointReachability.problem(
                endpoint, java.time.Duration.ofSeconds(3));
    if (unreachable != null) {
      // At once, instead of after the SDK's retries.
      problems.add(
          new Problem(
              AwsSettings.ENDPOINT,
              "Cannot reach " + endpoint + " for bucket " + config.bucket() + ": " + unreachable));
      return problems;
    }
    try (AwsSettings aws = config.aws();
        S3Client s3 = config.s3Client(aws);
        S3StagingStore staging = new S3StagingStore(s3, config.bucket())) {
      staging.check();
    } catch (SdkClientException e) {
      problems.add(
          endpoint != null
              ? new Problem(
                  AwsSettings.ENDPOINT,
                  "Cannot reach "
                      + endpoint
                      + " for bucket "
                      + config.bucket()
                      + ": "
                      + e.getMessage())
              : new Problem(
                  StagingSettings.S3_BUCKET,
                  "Cannot reach S3 for bucket " + config.bucket() + ": " + e.getMessage()));
    } catch (RuntimeException e) {
      problems.add(
          new Problem(
              StagingSettings.S3_BUCKET,
              "Cannot reach bucket "
                  + config.bucket()
                  + ": "
                  + e.getMessage()
                  + ". The connector needs s3:PutObject, s3:GetObject and s3:DeleteObject on it."));
    }
    return problems;
  }
}
