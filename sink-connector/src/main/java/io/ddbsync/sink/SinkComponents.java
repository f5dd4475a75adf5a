package io.ddbsync.sink;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.logging.PluginThreads;
import io.ddbsync.sink.batch.BatchBuilder;
import io.ddbsync.sink.batch.EventRouter;
import io.ddbsync.sink.db.ConnectionProvider;
import io.ddbsync.sink.db.DatabaseLogin;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.DialectDefinition;
import io.ddbsync.sink.db.Dialects;
import io.ddbsync.sink.db.SecretsManagerLogin;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.load.BatchLoader;
import io.ddbsync.sink.load.JdbcLoader;
import io.ddbsync.sink.load.TableManager;
import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.stage.S3StagingStore;
import io.ddbsync.sink.stage.StagingStore;
import io.ddbsync.sink.task.ErrantRecords;
import io.ddbsync.sink.task.SinkMetrics;
import io.ddbsync.sink.task.SinkWriter;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Builds a sink task's parts from its config; the task and the integration tests share it. */
public final class SinkComponents implements AutoCloseable {
  private final SinkWriter writer;
  private final StagingStore staging;
  private final SinkMetrics metrics;
  private final AwsSettings aws;

  private SinkComponents(
      SinkWriter writer, StagingStore staging, SinkMetrics metrics, AwsSettings aws) {
    this.writer = writer;
    this.staging = staging;
    this.metrics = metrics;
    this.aws = aws;
  }

  public static SinkComponents create(
      RedshiftSinkConfig config, SinkTaskContext context, ErrantRecordReporter reporter) {
    return create(config, context, reporter, UnaryOperator.identity());
  }

  /**
   * As {@link #create(RedshiftSinkConfig, SinkTaskContext, ErrantRecordReporter)}, with the S3
   * staging store wrapped by {@code staging} (tests use it to inject upload failures).
   */
  public static SinkComponents create(
      RedshiftSinkConfig config,
      SinkTaskContext context,
      ErrantRecordReporter reporter,
      UnaryOperator<StagingStore> stagingWrapper) {
    // One set of AWS settings (one credentials provider) for every client of the task.
    AwsSettings aws = config.aws();
    S3Client s3 = config.s3Client(aws);
    StagingStore staging = stagingWrapper.apply(new S3StagingStore(s3, config.bucket()));
    try {
      return create(config, context, reporter, aws, staging);
    } catch (RuntimeException | LinkageError failed) {
      // Nothing the task built may outlive a start that failed.
      staging.close();
      aws.close();
      throw failed;
    }
  }

  private static SinkComponents create(
      RedshiftSinkConfig config,
      SinkTaskContext context,
      ErrantRecordReporter reporter,
      AwsSettings aws,
      StagingStore staging) {
    DialectDefinition definition = Dialects.definition(config.dialect());
    Dialect dialect = definition.create(config, aws, staging);
    TableNaming naming = config.tableNaming();
    FlattenSettings flatten = config.flattenSettings();
    BatchLoader loader =
        new BatchLoader(
            dialect,
            new TableManager(dialect, config.targetSchema()),
            staging,
            config.prefix(),
            config.compression(),
            config.keepFiles(),
            config.analyzeSettings(),
            config.watermarkTable().isEmpty()
                ? null
                : new io.ddbsync.sink.load.Watermarks(
                    dialect, config.targetSchema(), config.watermarkTable()));
    SinkMetrics metrics = new SinkMetrics();
    SinkWriter writer =
        new SinkWriter(
            new BatchBuilder(
                new EventRouter(naming, config.ttlRemovals()), flatten, dialect.limits()),
            new JdbcLoader(
                loader,
                new ConnectionProvider(
                    definition.driver(),
                    config.connectionUrl(),
                    login(config, aws),
                    config.databaseTimeouts(),
                    dialect)),
            new ErrantRecords(reporter),
            context,
            new SinkWriter.Limits(
                config.flushMaxRecords(),
                config.flushMaxBytes(),
                config.flushInterval(),
                config.bufferMaxBytes(),
                config.maxRetries(),
                config.retryBackoff(),
                SinkWriter.Limits.CLOSE_WAIT),
            Clock.systemUTC(),
            metrics,
            Executors.newSingleThreadExecutor(PluginThreads.named("ddbsync-loader")));
    return new SinkComponents(writer, staging, metrics, aws);
  }

  public SinkWriter writer() {
    return writer;
  }

  public SinkMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    try {
      writer.stop();
    } finally {
      staging.close();
      aws.close();
    }
  }

  /**
   * Connections to the sink's database with its tasks' login, timeouts and session settings, for
   * tools that read what the sink wrote; they leave the tasks' sessions alone.
   */
  public static ConnectionProvider connections(RedshiftSinkConfig config, AwsSettings aws) {
    return new ConnectionProvider(
        Dialects.definition(config.dialect()).driver(),
        config.connectionUrl(),
        login(config, aws),
        config.databaseTimeouts(),
        null);
  }

  /** The sink's dialect, for tools that only read the database (it stages nothing for them). */
  public static Dialect readOnlyDialect(RedshiftSinkConfig config, AwsSettings aws) {
    return Dialects.definition(config.dialect()).create(config, aws, null);
  }

  /**
   * The login {@code config} asks for: from Secrets Manager when connection.secret.id is set; with
   * the connector's AWS credentials for an IAM URL; else the configured user and password.
   */
  static DatabaseLogin login(RedshiftSinkConfig config, AwsSettings aws) {
    if (!config.secretId().isEmpty()) {
      return new SecretsManagerLogin(
          aws.configure(SecretsManagerClient.builder()).build(), config.secretId());
    }
    if (DatabaseLogin.isIamUrl(config.connectionUrl())) {
      AwsCredentialsProvider[] provider = new AwsCredentialsProvider[1];
      return DatabaseLogin.iam(
          config.user(),
          () -> {
            synchronized (provider) {
              if (provider[0] == null) {
                provider[0] = aws.credentialsProvider();
              }
              return provider[0];
            }
          });
    }
    return DatabaseLogin.of(config.user(), config.password().value());
  }
}
