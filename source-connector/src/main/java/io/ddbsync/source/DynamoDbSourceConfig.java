package io.ddbsync.source;

import static io.ddbsync.source.HistorySettings.HISTORY_KAFKA_PREFIX;
import static io.ddbsync.source.HistorySettings.HISTORY_REPLICATION_FACTOR;
import static io.ddbsync.source.HistorySettings.HISTORY_TOPIC;
import static io.ddbsync.source.ModeSettings.LOST_POSITION_POLICY;
import static io.ddbsync.source.ModeSettings.MODE;
import static io.ddbsync.source.ModeSettings.STREAM_START_POSITION;
import static io.ddbsync.source.ResourceSettings.POLL_MAX_RECORDS;
import static io.ddbsync.source.ResourceSettings.QUEUE_MAX_BYTES;
import static io.ddbsync.source.ResourceSettings.QUEUE_MAX_RECORDS;
import static io.ddbsync.source.ResourceSettings.VALIDATION_TIMEOUT_MS;
import static io.ddbsync.source.SchemaSettings.KEY_NUMBER_MAPPING;
import static io.ddbsync.source.SchemaSettings.SCHEMA_DECIMAL_SCALE;
import static io.ddbsync.source.SchemaSettings.SCHEMA_MAX_DEPTH;
import static io.ddbsync.source.SchemaSettings.SCHEMA_NAMESPACE;
import static io.ddbsync.source.SnapshotSettings.SNAPSHOT_BUDGET_PERCENT;
import static io.ddbsync.source.SnapshotSettings.SNAPSHOT_BUDGET_RCU;
import static io.ddbsync.source.SnapshotSettings.SNAPSHOT_CONSISTENT_READ;
import static io.ddbsync.source.SnapshotSettings.SNAPSHOT_MAX_BACKOFF_MS;
import static io.ddbsync.source.SnapshotSettings.SNAPSHOT_PAGE_SIZE;
import static io.ddbsync.source.SnapshotSettings.SNAPSHOT_SEGMENTS;
import static io.ddbsync.source.SnapshotSettings.SNAPSHOT_TASK_PARALLELISM;
import static io.ddbsync.source.StreamSettings.STREAM_HANDOFF_CHECK_MS;
import static io.ddbsync.source.StreamSettings.STREAM_POLL_INTERVAL_MS;
import static io.ddbsync.source.StreamSettings.STREAM_RECORDS_PER_CALL;
import static io.ddbsync.source.StreamSettings.STREAM_SHARD_REFRESH_MS;
import static io.ddbsync.source.TableSettings.TABLES;
import static io.ddbsync.source.TableSettings.TABLES_DISCOVERY_INTERVAL_MS;
import static io.ddbsync.source.TableSettings.TABLES_EXCLUDE;
import static io.ddbsync.source.TableSettings.TABLES_INCLUDE;
import static io.ddbsync.source.TableSettings.TABLES_TAGS;
import static io.ddbsync.source.TopicSettings.PROGRESS_TOPIC;
import static io.ddbsync.source.TopicSettings.SNAPSHOT_COMPLETION_RECORDS;
import static io.ddbsync.source.TopicSettings.TOMBSTONES_ON_DELETE;
import static io.ddbsync.source.TopicSettings.TOPIC_PREFIX;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.Validators;
import io.ddbsync.common.event.KeyNumberMapping;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.export.ExportFormat;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.SnapshotMethod;
import io.ddbsync.source.settings.SourceMode;
import io.ddbsync.source.settings.StreamStartPosition;
import io.ddbsync.source.snapshot.ExportSnapshot;
import io.ddbsync.source.snapshot.SegmentScanner;
import io.ddbsync.source.stream.TableStreamReader;
import io.ddbsync.source.task.RunnerSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Every setting of the DynamoDB source connector, grouped, documented and validated. */
public final class DynamoDbSourceConfig extends AbstractConfig {
  /**
   * Every setting: the groups' own ({@link TableSettings}, {@link ModeSettings}, {@link
   * SnapshotSettings}, {@link StreamSettings}, {@link TopicSettings}, {@link SchemaSettings},
   * {@link HistorySettings}, {@link ResourceSettings}), and AWS's.
   */
  public static final ConfigDef CONFIG_DEF = define();

  public DynamoDbSourceConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    TableSettings.define(def);
    ModeSettings.define(def);
    SnapshotSettings.define(def);
    ExportSettings.define(def);
    StreamSettings.define(def);
    TopicSettings.define(def);
    SchemaSettings.define(def);
    HistorySettings.define(def);
    ResourceSettings.define(def);
    AwsSettings.define(def, "the DynamoDB tables");
    return def;
  }

  public List<String> tables() {
    return getList(TABLES).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
  }

  public Pattern includePattern() {
    String regex = getString(TABLES_INCLUDE);
    return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
  }

  public Pattern excludePattern() {
    String regex = getString(TABLES_EXCLUDE);
    return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
  }

  public Map<String, String> requiredTags() {
    Map<String, String> tags = new HashMap<>();
    for (String pair : getList(TABLES_TAGS)) {
      int equals = pair.indexOf('=');
      tags.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
    }
    return tags;
  }

  public Duration discoveryInterval() {
    return Duration.ofMillis(getLong(TABLES_DISCOVERY_INTERVAL_MS));
  }

  public SourceMode mode() {
    return Validators.parse(SourceMode.class, getString(MODE));
  }

  public StreamStartPosition streamStartPosition() {
    return Validators.parse(StreamStartPosition.class, getString(STREAM_START_POSITION));
  }

  public LostPositionPolicy lostPositionPolicy() {
    return Validators.parse(LostPositionPolicy.class, getString(LOST_POSITION_POLICY));
  }

  public int snapshotSegments() {
    return getInt(SNAPSHOT_SEGMENTS);
  }

  public int snapshotPageSize() {
    return getInt(SNAPSHOT_PAGE_SIZE);
  }

  public double budgetPercent() {
    return getDouble(SNAPSHOT_BUDGET_PERCENT);
  }

  public double budgetOnDemandRcu() {
    return getDouble(SNAPSHOT_BUDGET_RCU);
  }

  public boolean consistentRead() {
    return getBoolean(SNAPSHOT_CONSISTENT_READ);
  }

  public int snapshotTaskParallelism() {
    return getInt(SNAPSHOT_TASK_PARALLELISM);
  }

  public Duration throttleMaxBackoff() {
    return Duration.ofMillis(getLong(SNAPSHOT_MAX_BACKOFF_MS));
  }

  public Duration streamPollInterval() {
    return Duration.ofMillis(getLong(STREAM_POLL_INTERVAL_MS));
  }

  public int streamRecordsPerCall() {
    return getInt(STREAM_RECORDS_PER_CALL);
  }

  public Duration shardRefreshInterval() {
    return Duration.ofMillis(getLong(STREAM_SHARD_REFRESH_MS));
  }

  public Duration handoffCheckInterval() {
    return Duration.ofMillis(getLong(STREAM_HANDOFF_CHECK_MS));
  }

  public String topicPrefix() {
    return getString(TOPIC_PREFIX);
  }

  public boolean tombstonesOnDelete() {
    return getBoolean(TOMBSTONES_ON_DELETE);
  }

  /** Completion records: as set, and never in Debezium's envelope (they have no key). */
  public boolean snapshotCompletionRecords() {
    return getBoolean(SNAPSHOT_COMPLETION_RECORDS)
        && envelopeFormat() != io.ddbsync.common.event.EnvelopeFormat.DEBEZIUM;
  }

  public io.ddbsync.common.event.EnvelopeFormat envelopeFormat() {
    return Validators.parse(
        io.ddbsync.common.event.EnvelopeFormat.class, getString(SchemaSettings.ENVELOPE_FORMAT));
  }

  public String progressTopic() {
    return getString(PROGRESS_TOPIC);
  }

  public ModelSettings modelSettings() {
    return new ModelSettings(
        getString(SCHEMA_NAMESPACE),
        getInt(SCHEMA_DECIMAL_SCALE),
        getInt(SCHEMA_MAX_DEPTH),
        Validators.parse(KeyNumberMapping.class, getString(KEY_NUMBER_MAPPING)),
        new ModelSettings.Envelope(envelopeFormat(), connectorName(), aws().region()));
  }

  /** The connector's name, as Connect passes it in {@code name}; empty outside Connect. */
  public String connectorName() {
    Object name = originals().get("name");
    return name == null ? "" : name.toString();
  }

  public String historyTopic() {
    return getString(HISTORY_TOPIC);
  }

  public short historyReplicationFactor() {
    return getShort(HISTORY_REPLICATION_FACTOR);
  }

  /** Kafka client settings for the schema history: every schema.history.kafka.* setting. */
  public Map<String, Object> historyClientConfig() {
    return originalsWithPrefix(HISTORY_KAFKA_PREFIX);
  }

  public int queueMaxRecords() {
    return getInt(QUEUE_MAX_RECORDS);
  }

  public long queueMaxBytes() {
    return getLong(QUEUE_MAX_BYTES);
  }

  public int pollMaxRecords() {
    return getInt(POLL_MAX_RECORDS);
  }

  public Duration validationTimeout() {
    return Duration.ofMillis(getLong(VALIDATION_TIMEOUT_MS));
  }

  /** What the task's readers need of this configuration. */
  public SnapshotMethod snapshotMethod() {
    return Validators.parse(SnapshotMethod.class, getString(ExportSettings.SNAPSHOT_METHOD));
  }

  public double autoScanMaxHours() {
    return getDouble(ExportSettings.AUTO_SCAN_MAX_HOURS);
  }

  /** Where exports go and how they are read (snapshots from exports, healing). */
  public ExportSnapshot.Settings exportSettings() {
    Map<String, String> given = new HashMap<>();
    for (String entry : getList(ExportSettings.EXPORT_ARNS)) {
      int equals = entry.indexOf('=');
      given.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
    }
    String owner = getString(ExportSettings.EXPORT_BUCKET_OWNER);
    return new ExportSnapshot.Settings(
        getString(ExportSettings.EXPORT_BUCKET).trim(),
        getString(ExportSettings.EXPORT_PREFIX),
        owner == null || owner.isBlank() ? null : owner.trim(),
        Validators.parse(ExportFormat.class, getString(ExportSettings.EXPORT_FORMAT)),
        given,
        Duration.ofMillis(getLong(ExportSettings.EXPORT_POLL_INTERVAL_MS)));
  }

  /** Whether any table may be read from an export (or healed with one): S3 is needed then. */
  public boolean usesExports() {
    return snapshotMethod() != SnapshotMethod.SCAN
        || !getString(ExportSettings.EXPORT_BUCKET).isBlank();
  }

  public RunnerSettings runnerSettings() {
    return new RunnerSettings(
        new ChangeRecords.Settings(
            topicPrefix(),
            progressTopic(),
            tombstonesOnDelete(),
            snapshotCompletionRecords(),
            snapshotCompletionRecords() && getBoolean(TopicSettings.HEARTBEAT_RECORDS)),
        new SegmentScanner.Settings(snapshotPageSize(), consistentRead(), throttleMaxBackoff()),
        snapshotTaskParallelism(),
        new TableStreamReader.Settings(
            streamPollInterval(),
            streamRecordsPerCall(),
            shardRefreshInterval(),
            handoffCheckInterval(),
            lostPositionPolicy(),
            streamStartPosition(),
            TableStreamReader.Settings.MARKER_INTERVAL,
            throttleMaxBackoff()),
        modelSettings(),
        Duration.ofSeconds(1),
        exportSettings());
  }

  public AwsSettings aws() {
    return new AwsSettings(this);
  }
}
