package io.ddbsync.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.fixtures.FakeCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceConfigValidatorTest {
  private static final List<KeyAttribute> KEY =
      List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S));
  private final FakeCatalog catalog = new FakeCatalog();
  private final SourceConfigValidator validator =
      new SourceConfigValidator(config -> catalog, config -> List.of());

  @Test
  void aMissingTableIsReportedOnTheTablesSetting() {
    List<io.ddbsync.common.config.ConfigChecks.Problem> problems =
        validator.check(config("Missing"));
    assertThat(problems)
        .anySatisfy(
            p -> {
              assertThat(p.setting()).isEqualTo(TableSettings.TABLES);
              assertThat(p.message()).contains("Missing").contains("does not exist");
            });
  }

  @Test
  void aTableWithoutAStreamIsReportedWithWhatToEnable() {
    catalog.put(new TableInfo("NoStream", "id", KEY, null, null, 0, 0, 0));
    assertThat(validator.check(config("NoStream")))
        .anySatisfy(
            p ->
                assertThat(p.message())
                    .contains("has no DynamoDB stream")
                    .contains("StreamViewType=NEW_AND_OLD_IMAGES"));
  }

  @Test
  void aStreamWithoutNewImagesIsReported() {
    catalog.put(new TableInfo("KeysOnly", "id", KEY, "arn", "KEYS_ONLY", 0, 0, 0));
    assertThat(validator.check(config("KeysOnly")))
        .anySatisfy(
            p ->
                assertThat(p.message())
                    .contains("KEYS_ONLY")
                    .contains("lacks the new item images"));
  }

  @Test
  void snapshotOnlyAcceptsTablesWithoutStreams() {
    catalog.put(new TableInfo("NoStream", "id", KEY, null, null, 0, 0, 0));
    Map<String, String> props = props("NoStream");
    props.put(ModeSettings.MODE, "SNAPSHOT_ONLY");
    assertThat(validator.check(new DynamoDbSourceConfig(props)))
        .noneMatch(p -> p.setting().equals(TableSettings.TABLES));
  }

  @Test
  void completionRecordsAreRefusedWithTableTopicsConnectWouldCreateCompacted() {
    Map<String, String> props = props("Orders");
    props.put("topic.creation.default.cleanup.policy", "compact");
    assertThat(SourceConfigValidator.compactedTopicCreation(new DynamoDbSourceConfig(props), props))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo(TopicSettings.SNAPSHOT_COMPLETION_RECORDS);
              assertThat(p.message())
                  .contains("topic.creation.default.cleanup.policy=compact")
                  .contains("snapshot.completion.records=false");
            });

    // A group of its own for the table topics, compacted; the default stays delete.
    Map<String, String> grouped = props("Orders");
    grouped.put("topic.creation.groups", "tables,progress");
    grouped.put("topic.creation.tables.include", "dynamodb\\..*");
    grouped.put("topic.creation.tables.cleanup.policy", "compact,delete");
    grouped.put("topic.creation.progress.include", "_ddbsync_source_progress");
    grouped.put("topic.creation.progress.cleanup.policy", "compact");
    assertThat(
            SourceConfigValidator.compactedTopicCreation(
                new DynamoDbSourceConfig(grouped), grouped))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("topic.creation.tables.cleanup.policy"));

    // Without completion records, or with only the progress topic compacted, nothing to say.
    grouped.put("topic.creation.tables.cleanup.policy", "delete");
    assertThat(
            SourceConfigValidator.compactedTopicCreation(
                new DynamoDbSourceConfig(grouped), grouped))
        .isEmpty();
    props.put(TopicSettings.SNAPSHOT_COMPLETION_RECORDS, "false");
    assertThat(SourceConfigValidator.compactedTopicCreation(new DynamoDbSourceConfig(props), props))
        .isEmpty();
  }

  @Test
  void debeziumsEnvelopeWritesNoRecordWithoutAKeyAndRefusesAskingForOne() {
    Map<String, String> props = props("Orders");
    props.put(SchemaSettings.ENVELOPE_FORMAT, "DEBEZIUM");
    props.put("topic.creation.default.cleanup.policy", "compact");
    DynamoDbSourceConfig debezium = new DynamoDbSourceConfig(props);

    // By default neither completion nor heartbeat records: compacted topics are fine then.
    assertThat(debezium.snapshotCompletionRecords()).isFalse();
    assertThat(debezium.runnerSettings().records().completionRecords()).isFalse();
    assertThat(debezium.runnerSettings().records().heartbeats()).isFalse();
    assertThat(SourceConfigValidator.compactedTopicCreation(debezium, props)).isEmpty();
    assertThat(SourceConfigValidator.keylessRecordsInDebeziumsEnvelope(debezium, props)).isEmpty();

    // Asked for explicitly, each is refused on its own setting, saying why.
    props.put(TopicSettings.SNAPSHOT_COMPLETION_RECORDS, "true");
    props.put(TopicSettings.HEARTBEAT_RECORDS, "true");
    assertThat(
            SourceConfigValidator.keylessRecordsInDebeziumsEnvelope(
                new DynamoDbSourceConfig(props), props))
        .extracting(io.ddbsync.common.config.ConfigChecks.Problem::setting)
        .containsExactly(
            TopicSettings.SNAPSHOT_COMPLETION_RECORDS, TopicSettings.HEARTBEAT_RECORDS);
    assertThat(
            SourceConfigValidator.keylessRecordsInDebeziumsEnvelope(
                    new DynamoDbSourceConfig(props), props)
                .get(0)
                .message())
        .contains("envelope.format=DEBEZIUM")
        .contains("JDBC sink");

    // Our own envelope keeps both.
    props.put(SchemaSettings.ENVELOPE_FORMAT, "DDBSYNC");
    DynamoDbSourceConfig ours = new DynamoDbSourceConfig(props);
    assertThat(ours.runnerSettings().records().heartbeats()).isTrue();
    assertThat(SourceConfigValidator.keylessRecordsInDebeziumsEnvelope(ours, props)).isEmpty();
  }

  @Test
  void completionRecordsAreRefusedWhenATableTopicExistsCompacted() {
    catalog.put(new TableInfo("Orders", "id", KEY, "arn", "NEW_AND_OLD_IMAGES", 0, 0, 0));
    SourceConfigValidator withCompactedTopic =
        new SourceConfigValidator(
            config -> catalog,
            config -> List.of(),
            (config, topics) -> Map.of("dynamodb.Orders", "compact"));

    assertThat(withCompactedTopic.check(config("Orders")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo(TopicSettings.SNAPSHOT_COMPLETION_RECORDS);
              assertThat(p.message())
                  .contains("dynamodb.Orders")
                  .contains("cleanup.policy=compact");
            });
  }

  /** Point-in-time recovery and the bucket as a test sets them; counts the probes. */
  private static final class FakeProbe implements ExportProbe {
    boolean recoveryOn = true;
    String bucketProblem;
    int probes;

    @Override
    public io.ddbsync.source.export.ExportClient.PointInTimeRecovery recovery(String table) {
      probes++;
      return recoveryOn
          ? new io.ddbsync.source.export.ExportClient.PointInTimeRecovery(true, 0, 1)
          : io.ddbsync.source.export.ExportClient.PointInTimeRecovery.OFF;
    }

    @Override
    public String bucketProblem(String bucket, String owner, String prefix) {
      probes++;
      return bucketProblem;
    }
  }

  private List<io.ddbsync.common.config.ConfigChecks.Problem> checkExports(
      FakeProbe probe, Map<String, String> settings) {
    catalog.put(new TableInfo("Orders", "id", KEY, "arn", "NEW_AND_OLD_IMAGES", 0, 0, 0));
    Map<String, String> props = props("Orders");
    props.putAll(settings);
    return new SourceConfigValidator(
            config -> catalog, config -> List.of(), (config, topics) -> Map.of(), config -> probe)
        .check(new DynamoDbSourceConfig(props));
  }

  @Test
  void anExportedSnapshotNeedsABucketAndPointInTimeRecoveryEachReportedOnItsSetting() {
    FakeProbe probe = new FakeProbe();
    assertThat(checkExports(probe, Map.of(ExportSettings.SNAPSHOT_METHOD, "EXPORT")))
        .singleElement()
        .satisfies(p -> assertThat(p.setting()).isEqualTo(ExportSettings.EXPORT_BUCKET));

    probe.recoveryOn = false;
    assertThat(
            checkExports(
                probe,
                Map.of(
                    ExportSettings.SNAPSHOT_METHOD, "EXPORT", ExportSettings.EXPORT_BUCKET, "b")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo(ExportSettings.SNAPSHOT_METHOD);
              assertThat(p.message())
                  .contains("Orders")
                  .contains("update-continuous-backups --table-name Orders");
            });

    probe.recoveryOn = true;
    probe.bucketProblem = "The export bucket b does not exist";
    assertThat(
            checkExports(
                probe,
                Map.of(ExportSettings.SNAPSHOT_METHOD, "AUTO", ExportSettings.EXPORT_BUCKET, "b")))
        .singleElement()
        .satisfies(p -> assertThat(p.setting()).isEqualTo(ExportSettings.EXPORT_BUCKET));
  }

  @Test
  void healingFromIncrementalExportsWithoutRecoveryIsReportedOnThePolicy() {
    FakeProbe probe = new FakeProbe();
    probe.recoveryOn = false;
    assertThat(
            checkExports(
                probe,
                Map.of(
                    ModeSettings.LOST_POSITION_POLICY, "INCREMENTAL_EXPORT",
                    ExportSettings.EXPORT_BUCKET, "b")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo(ModeSettings.LOST_POSITION_POLICY);
              assertThat(p.message()).contains("RESNAPSHOT");
            });
  }

  @Test
  void anEndpointNothingAnswersAtIsReportedOnItsSettingWithoutAskingDynamoDb() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> props = props("Orders");
    props.put(io.ddbsync.common.aws.AwsSettings.ENDPOINT, "http://127.0.0.1:" + closedPort);
    java.util.concurrent.atomic.AtomicInteger catalogsOpened =
        new java.util.concurrent.atomic.AtomicInteger();
    SourceConfigValidator validator =
        new SourceConfigValidator(
            config -> {
              catalogsOpened.incrementAndGet();
              return catalog;
            },
            config -> List.of());
    org.apache.kafka.common.config.Config result =
        validator.validate(
            new org.apache.kafka.common.config.Config(
                DynamoDbSourceConfig.CONFIG_DEF.validate(props)),
            props);

    Map<String, List<String>> errors = new HashMap<>();
    result
        .configValues()
        .forEach(
            v -> {
              if (!v.errorMessages().isEmpty()) {
                errors.put(v.name(), v.errorMessages());
              }
            });
    assertThat(errors).containsOnlyKeys(io.ddbsync.common.aws.AwsSettings.ENDPOINT);
    assertThat(errors.get(io.ddbsync.common.aws.AwsSettings.ENDPOINT))
        .singleElement()
        .asString()
        .contains("Nothing answers at 127.0.0.1:" + closedPort);
    // Refused at once: the SDK's retries against DynamoDB never started.
    assertThat(catalogsOpened).hasValue(0);
  }

  @Test
  void scanSnapshotsAskNothingAboutExports() {
    FakeProbe probe = new FakeProbe();
    assertThat(checkExports(probe, Map.of())).isEmpty();
    assertThat(probe.probes).isZero();
  }

  private static DynamoDbSourceConfig config(String table) {
    return new DynamoDbSourceConfig(props(table));
  }

  private static Map<String, String> props(String table) {
    Map<String, String> props = new HashMap<>();
    props.put(TableSettings.TABLES, table);
    props.put(HistorySettings.HISTORY_BOOTSTRAP, "127.0.0.1:9092");
    return props;
  }
}
