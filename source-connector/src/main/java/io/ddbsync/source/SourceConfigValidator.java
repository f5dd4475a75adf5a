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

  /** The cleanup policy of each of the given topics that exists, from the Kafka cluster. */
  @FunctionalInterface
  interface TopicPolicies {
    Map<String, String> cleanupPolicies(DynamoDbSourceConfig config, List<String> topics)
        throws Exception;
  }

  private final Function<DynamoDbSourceConfig, TableCatalog> catalogs;
  private final Function<DynamoDbSourceConfig, List<Problem>> historyClusterCheck;
  private final TopicPolicies topicPolicies;
  private final Function<DynamoDbSourceConfig, ExportProbe> exportProbes;

  SourceConfigValidator(
      Function<DynamoDbSourceConfig, TableCatalog> catalogs,
      Function<DynamoDbSourceConfig, List<Problem>> historyClusterCheck) {
    this(catalogs, historyClusterCheck, (config, topics) -> Map.of());
  }

  SourceConfigValidator(
      Function<DynamoDbSourceConfig, TableCatalog> catalogs,
      Function<DynamoDbSourceConfig, List<Problem>> historyClusterCheck,
      TopicPolicies topicPolicies) {
    this(catalogs, historyClusterCheck, topicPolicies, config -> NO_EXPORT_CHECKS);
  }

  SourceConfigValidator(
      Function<DynamoDbSourceConfig, TableCatalog> catalogs,
      Function<DynamoDbSourceConfig, List<Problem>> historyClusterCheck,
      TopicPolicies topicPolicies,
      Function<DynamoDbSourceConfig, ExportProbe> exportProbes) {
    this.catalogs = catalogs;
    this.historyClusterCheck = historyClusterCheck;
    this.topicPolicies = topicPolicies;
    this.exportProbes = exportProbes;
  }

  /** For validators built without export checks: recovery on, every bucket fine. */
  private static final ExportProbe NO_EXPORT_CHECKS =
      new ExportProbe() {
        @Override
        public io.ddbsync.source.export.ExportClient.PointInTimeRecovery recovery(String table) {
          return new io.ddbsync.source.export.ExportClient.PointInTimeRecovery(
              true, 0, Long.MAX_VALUE);
        }

        @Override
        public String bucketProblem(String bucket, String owner, String prefix) {
          return null;
        }
      };

  static SourceConfigValidator forAws() {
    return new SourceConfigValidator(
        config ->
            new DynamoDbTableCatalog(
                config.aws().configure(DynamoDbClient.builder()).build(), true),
        SourceConfigValidator::checkHistoryCluster,
        SourceConfigValidator::cleanupPolicies,
        config -> new AwsExportProbe(config.aws()));
  }

  Config validate(Config result, Map<String, String> props) {
    if (ConfigChecks.hasFieldErrors(result)) {
      return result;
    }
    DynamoDbSourceConfig config = new DynamoDbSourceConfig(props);
    List<Problem> problems = new ArrayList<>(staticProblems(config, props));
    if (problems.isEmpty()) {
      // The endpoint probe first (a DNS lookup may block too, so it runs under the timeout): an
      // address nothing answers at is reported at once, before the SDK's retries.
      problems.addAll(
          ConfigChecks.withTimeout(
              config.validationTimeout(),
              () -> {
                List<Problem> unreachable = unreachableEndpoint(config);
                return unreachable.isEmpty() ? check(config) : unreachable;
              },
              AwsSettings.REGION,
              "DynamoDB",
              "; check the region, the endpoint and network access"));
    }
    return ConfigChecks.attach(result, problems);
  }

  List<Problem> check(DynamoDbSourceConfig config) {
    List<Problem> problems = new ArrayList<>(checkTables(config));
    if (problems.isEmpty()) {
      problems.addAll(ExportChecks.check(config, exportProbes));
    }
    List<Problem> cluster = historyClusterCheck.apply(config);
    problems.addAll(cluster);
    if (cluster.isEmpty()) {
      problems.addAll(compactedTableTopics(config));
    }
    return problems;
  }

  /** The problems settings have among themselves, without asking AWS or Kafka anything. */
  static List<Problem> staticProblems(DynamoDbSourceConfig config, Map<String, String> props) {
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<String, String> error : config.aws().crossFieldErrors()) {
      problems.add(new Problem(error.getKey(), error.getValue()));
    }
    problems.addAll(compactedTopicCreation(config, props));
    problems.addAll(keylessRecordsInDebeziumsEnvelope(config, props));
    return problems;
  }

  /** How long validate() waits for a TCP connection to aws.endpoint.url. */
  static final java.time.Duration ENDPOINT_PROBE_TIMEOUT = java.time.Duration.ofSeconds(3);

  /**
   * An aws.endpoint.url nothing answers at, reported on that setting at once, before any SDK call
   * (whose retries take about 10 seconds and whose failure would land on aws.region).
   */
  static List<Problem> unreachableEndpoint(DynamoDbSourceConfig config) {
    String endpoint = config.aws().endpoint();
    if (endpoint == null) {
      return List.of();
    }
    String problem =
        io.ddbsync.common.aws.EndpointReachability.problem(endpoint, ENDPOINT_PROBE_TIMEOUT);
    return problem == null ? List.of() : List.of(new Problem(AwsSettings.ENDPOINT, problem));
  }

  /**
   * Debezium's envelope with SNAPSHOT_COMPLETE or heartbeat records asked for explicitly: the topic
   * carries none in that format (Debezium's JDBC sink takes a record without a key for a delete of
   * a null key and stops), so the setting would be ignored; say so on the setting.
   */
  static List<Problem> keylessRecordsInDebeziumsEnvelope(
      DynamoDbSourceConfig config, Map<String, String> props) {
    if (config.envelopeFormat() != io.ddbsync.common.event.EnvelopeFormat.DEBEZIUM) {
      return List.of();
    }
    List<Problem> problems = new ArrayList<>();
    for (String setting :
        List.of(TopicSettings.SNAPSHOT_COMPLETION_RECORDS, TopicSettings.HEARTBEAT_RECORDS)) {
      if ("true".equalsIgnoreCase(String.valueOf(props.get(setting)).trim())) {
        problems.add(
            new Problem(
                setting,
                setting
                    + "=true is not possible with "
                    + SchemaSettings.ENVELOPE_FORMAT
                    + "=DEBEZIUM: those records have no key, and Debezium's consumers (its JDBC"
                    + " sink with delete.enabled=true) take a record without a key for a delete"
                    + " and fail on it. Remove the setting (a DEBEZIUM topic carries neither), or"
                    + " use "
                    + SchemaSettings.ENVELOPE_FORMAT
                    + "=DDBSYNC."));
      }
    }
    return problems;
  }

  private static final String COMPACTED_ADVICE =
      " SNAPSHOT_COMPLETE records carry no key, and Kafka refuses records without a key on"
          + " compacted topics: the task would fail at the end of every snapshot. Set "
          + TopicSettings.SNAPSHOT_COMPLETION_RECORDS
          + "=false (the sink then never removes rows of items a new snapshot did not find), or"
          + " keep the table topics on cleanup.policy=delete.";

  /**
   * Completion records with table topics Connect would create compacted ({@code
   * topic.creation.<group>.cleanup.policy} of the default group, or of a group whose {@code
   * include} matches a table topic).
   */
  static List<Problem> compactedTopicCreation(
      DynamoDbSourceConfig config, Map<String, String> props) {
    if (!config.snapshotCompletionRecords()) {
      return List.of();
    }
    List<String> groups = new ArrayList<>(List.of("default"));
    String listed = props.getOrDefault("topic.creation.groups", "");
    for (String group : listed.split(",")) {
      if (!group.isBlank()) {
        groups.add(group.trim());
      }
    }
    String sampleTopic =
        config.topicPrefix() + (config.tables().isEmpty() ? "Table" : config.tables().get(0));
    for (String group : groups) {
      String policy = props.get("topic.creation." + group + ".cleanup.policy");
      if (policy == null || !policy.toLowerCase(java.util.Locale.ROOT).contains("compact")) {
        continue;
      }
      boolean applies = group.equals("default") || includes(props, group, sampleTopic);
      if (applies) {
        return List.of(
            new Problem(
                TopicSettings.SNAPSHOT_COMPLETION_RECORDS,
                "Connect would create the table topics with topic.creation."
                    + group
                    + ".cleanup.policy="
                    + policy
                    + "."
                    + COMPACTED_ADVICE));
      }
    }
    return List.of();
  }

  private static boolean includes(Map<String, String> props, String group, String topic) {
    String include = props.getOrDefault("topic.creation." + group + ".include", "");
    for (String pattern : include.split(",")) {
      try {
        if (!pattern.isBlank() && topic.matches(pattern.trim())) {
          return true;
        }
      } catch (java.util.regex.PatternSyntaxException notARegex) {
        // Connect reports the pattern itself.
      }
    }
    return false;
  }

  /** Completion records with configured tables whose existing topics are compacted. */
  private List<Problem> compactedTableTopics(DynamoDbSourceConfig config) {
    if (!config.snapshotCompletionRecords() || config.tables().isEmpty()) {
      return List.of();
    }
    List<String> topics =
        config.tables().stream().map(table -> config.topicPrefix() + table).toList();
    Map<String, String> policies;
    try {
      policies = topicPolicies.cleanupPolicies(config, topics);
    } catch (Exception e) {
      return List.of(); // the history cluster check reports an unreachable cluster
    }
    for (Map.Entry<String, String> topic : policies.entrySet()) {
      if (topic.getValue() != null
          && topic.getValue().toLowerCase(java.util.Locale.ROOT).contains("compact")) {
        return List.of(
            new Problem(
                TopicSettings.SNAPSHOT_COMPLETION_RECORDS,
                "Topic "
                    + topic.getKey()
                    + " exists with cleanup.policy="
                    + topic.getValue()
                    + "."
                    + COMPACTED_ADVICE));
      }
    }
    return List.of();
  }

  private static Map<String, String> cleanupPolicies(
      DynamoDbSourceConfig config, List<String> topics) throws Exception {
    Map<String, Object> client = new java.util.HashMap<>(config.historyClientConfig());
    client.put("request.timeout.ms", 10_000);
    client.put("default.api.timeout.ms", 10_000);
    try (Admin admin = Admin.create(client)) {
      java.util.Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      List<org.apache.kafka.common.config.ConfigResource> resources =
          topics.stream()
              .filter(existing::contains)
              .map(
                  topic ->
                      new org.apache.kafka.common.config.ConfigResource(
                          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic))
              .toList();
      Map<String, String> policies = new java.util.HashMap<>();
      if (resources.isEmpty()) {
        return policies;
      }
      admin
          .describeConfigs(resources)
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach(
              (resource, described) -> {
                var entry = described.get("cleanup.policy");
                policies.put(resource.name(), entry == null ? null : entry.value());
              });
      return policies;
    }
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
                  TableSettings.TABLES,
                  "Table " + table + " does not exist in region " + regionOf(config)));
        } else if (needsStreams && info.streamProblem() != null) {
          problems.add(new Problem(TableSettings.TABLES, info.streamProblem()));
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
              HistorySettings.HISTORY_BOOTSTRAP,
              "Cannot reach the Kafka cluster for the schema history: " + e.getMessage()));
    }
  }

  private static String regionOf(DynamoDbSourceConfig config) {
    String region = config.aws().region();
    return region == null ? "(the SDK's default)" : region;
  }
}
