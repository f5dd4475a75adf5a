package io.ddbsync.source;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.ConfigChecks;
import io.ddbsync.common.config.ConfigChecks.Problem;
import io.ddbsync.source.catalog.DynamoDbTableCatalog;
import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.settings.SourceMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.Config;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The checks of {@code validate()} that need the outside world: the configured tables exist and
 * have streams with new images, DynamoDB is reachable with these credentials, the schema history
 * cluster answers. Each problem is attached to the setting that causes it, and the whole check runs
 * under {@code validation.timeout.ms}.
 */
final class SourceConfigValidator {

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
    if (ConfigChecks.hasFieldErrors(result)) {
      return result;
    }
    DynamoDbSourceConfig config = new DynamoDbSourceConfig(props);
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<String, String> error : config.aws().crossFieldErrors()) {
      problems.add(new Problem(error.getKey(), error.getValue()));
    }
    if (problems.isEmpty()) {
      problems.addAll(
          ConfigChecks.withTimeout(
              config.validationTimeout(),
              () -> check(config),
              AwsSettings.REGION,
              "DynamoDB",
              "; check the region, the endpoint and network access"));
    }
    return ConfigChecks.attach(result, problems);
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
}
