package io.ddbsync.source;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.source.catalog.DynamoDbTableCatalog;
import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.catalog.TableInfo;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The checks of {@code validate()} that need the outside world: the configured tables exist and
 * have streams with new images, DynamoDB is reachable with these credentials, the schema history
 * cluster answers. Each problem is attached to the setting that causes it, and the whole check runs
 * under {@code validation.timeout.ms}.
 */
final class SourceConfigValidator {
  /** A problem found, and the setting to attach it to. */
  record Problem(String setting, String message) {}

  private final Function<DynamoDbSourceConfig, TableCatalog> catalogs;
  private final Function<DynamoDbSourceConfig, List<Problem>> historyClusterCheck;

  SourceConfigValidator(
      Function<DynamoDbSourceConfig, TableCatalog> catalogs,
      Function<DynamoDbSourceConfig, List<Problem>> historyClusterCheck) {
    this.catalogs = catalogs;
    this.historyClusterCheck = historyClusterCheck;
  }

  static SourceConfigValidator forAws() {
    return new SourceConfigValidator(
        config ->
            new DynamoDbTableCatalog(
                config.aws().configure(DynamoDbClient.builder()).build(), true),
        SourceConfigValidator::checkHistoryCluster);
  }

  Config validate(Config result, Map<String, String> props) {
    if (hasErrors(result)) {
      return result;
    }
    DynamoDbSourceConfig config = new DynamoDbSourceConfig(props);
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<String, String> error : config.aws().crossFieldErrors()) {
      problems.add(new Problem(error.getKey(), error.getValue()));
    }
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

  private List<Problem> withTimeout(DynamoDbSourceConfig config) {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<List<Problem>> checks = executor.submit(() -> check(config));
      return checks.get(config.validationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return List.of(
          new Problem(
              AwsSettings.REGION,
              "DynamoDB did not answer within "
                  + config.validationTimeout().toMillis()
                  + " ms; check the region, the endpoint and network access"));
    } catch (ExecutionException e) {
      return List.of(new Problem(AwsSettings.REGION, "Validation failed: " + e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of(new Problem(AwsSettings.REGION, "Validation was interrupted"));
    } finally {
      executor.shutdownNow();
    }
  }

  List<Problem> check(DynamoDbSourceConfig config) {
    List<Problem> problems = new ArrayList<>(checkTables(config));
    problems.addAll(historyClusterCheck.apply(config));
    return problems;
  }

  private List<Problem> checkTables(DynamoDbSourceConfig config) {
    List<Problem> problems = new ArrayList<>();
    boolean needsStreams = config.mode() != SourceMode.SNAPSHOT_ONLY;
    try (TableCatalog catalog = catalogs.apply(config)) {
      if (config.tables().isEmpty()) {
        // Discovery: tables may appear later; only the access itself is checked here.
        catalog.listTables();
        return problems;
      }
      for (String table : config.tables()) {
        TableInfo info = catalog.describe(table);
        if (info == null) {
          problems.add(
              new Problem(
                  DynamoDbSourceConfig.TABLES,
                  "Table " + table + " does not exist in region " + regionOf(config)));
        } else if (needsStreams && info.streamProblem() != null) {
          problems.add(new Problem(DynamoDbSourceConfig.TABLES, info.streamProblem()));
        }
      }
    } catch (SdkException e) {
      problems.add(
          new Problem(
              AwsSettings.REGION,
              "Cannot read DynamoDB tables in region "
                  + regionOf(config)
                  + ": "
                  + e.getMessage()
                  + ". Check the credentials, the region and the role's dynamodb:ListTables and"
                  + " dynamodb:DescribeTable permissions."));
    } catch (Exception e) {
      problems.add(new Problem(AwsSettings.REGION, "Cannot check the tables: " + e.getMessage()));
    }
    return problems;
  }

  private static List<Problem> checkHistoryCluster(DynamoDbSourceConfig config) {
    Map<String, Object> client = new java.util.HashMap<>(config.historyClientConfig());
    client.put("request.timeout.ms", 10_000);
    client.put("default.api.timeout.ms", 10_000);
    try (Admin admin = Admin.create(client)) {
      admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
      return List.of();
    } catch (Exception e) {
      return List.of(
          new Problem(
              DynamoDbSourceConfig.HISTORY_BOOTSTRAP,
              "Cannot reach the Kafka cluster for the schema history: " + e.getMessage()));
    }
  }

  private static String regionOf(DynamoDbSourceConfig config) {
    String region = config.aws().region();
    return region == null ? "(the SDK's default)" : region;
  }

  private static boolean hasErrors(Config result) {
    for (ConfigValue value : result.configValues()) {
      if (!value.errorMessages().isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
