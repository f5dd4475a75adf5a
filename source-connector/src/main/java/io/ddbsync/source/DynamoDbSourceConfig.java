package io.ddbsync.source;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import io.ddbsync.common.event.KeyNumberMapping;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.SourceMode;
import io.ddbsync.source.settings.StreamStartPosition;
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
  static final String TABLES_GROUP = "Tables";
  static final String MODE_GROUP = "Mode";
  static final String SNAPSHOT_GROUP = "Snapshot";
  static final String STREAM_GROUP = "Streams";
  static final String TOPICS_GROUP = "Topics";
  static final String SCHEMA_GROUP = "Schemas";
  static final String HISTORY_GROUP = "Schema history";
  static final String RESOURCES_GROUP = "Resources";

  public static final String TABLES = "tables";
  public static final String TABLES_INCLUDE = "tables.include.regex";
  public static final String TABLES_EXCLUDE = "tables.exclude.regex";
  public static final String TABLES_TAGS = "tables.tags";
  public static final String TABLES_DISCOVERY_INTERVAL_MS = "tables.discovery.interval.ms";

  public static final String MODE = "mode";
  public static final String STREAM_START_POSITION = "stream.start.position";
  public static final String LOST_POSITION_POLICY = "stream.lost.position.policy";

  public static final String SNAPSHOT_SEGMENTS = "snapshot.segments";
  public static final String SNAPSHOT_PAGE_SIZE = "snapshot.page.size";
  public static final String SNAPSHOT_BUDGET_PERCENT = "snapshot.read.budget.percent";
  public static final String SNAPSHOT_BUDGET_RCU = "snapshot.read.budget.rcu";
  public static final String SNAPSHOT_CONSISTENT_READ = "snapshot.consistent.read";
  public static final String SNAPSHOT_MAX_BACKOFF_MS = "snapshot.throttle.max.backoff.ms";
  public static final String SNAPSHOT_TASK_PARALLELISM = "snapshot.task.parallelism";

  public static final String STREAM_POLL_INTERVAL_MS = "stream.poll.interval.ms";
  public static final String STREAM_RECORDS_PER_CALL = "stream.records.per.call";
  public static final String STREAM_SHARD_REFRESH_MS = "stream.shard.refresh.interval.ms";
  public static final String STREAM_HANDOFF_CHECK_MS = "stream.handoff.check.interval.ms";

  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String TOMBSTONES_ON_DELETE = "tombstones.on.delete";
  public static final String SNAPSHOT_COMPLETION_RECORDS = "snapshot.completion.records";
  public static final String PROGRESS_TOPIC = "progress.topic";

  public static final String SCHEMA_NAMESPACE = "schema.namespace";
  public static final String SCHEMA_DECIMAL_SCALE = "schema.decimal.scale";
  public static final String SCHEMA_MAX_DEPTH = "schema.max.depth";
  public static final String KEY_NUMBER_MAPPING = "key.number.mapping";

  public static final String HISTORY_TOPIC = "schema.history.topic";
  public static final String HISTORY_KAFKA_PREFIX = "schema.history.kafka.";
  public static final String HISTORY_BOOTSTRAP = HISTORY_KAFKA_PREFIX + "bootstrap.servers";
  public static final String HISTORY_REPLICATION_FACTOR = "schema.history.replication.factor";

  public static final String QUEUE_MAX_RECORDS = "queue.max.records";
  public static final String QUEUE_MAX_BYTES = "queue.max.bytes";
  public static final String POLL_MAX_RECORDS = "poll.max.records";
  public static final String VALIDATION_TIMEOUT_MS = "validation.timeout.ms";

  private static final String TABLE_NAME = "[a-zA-Z0-9_.-]{3,255}";
  public static final ConfigDef CONFIG_DEF = define();

  public DynamoDbSourceConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    ConfigGroups.in(def, TABLES_GROUP)
        .define(
            TABLES,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching(TABLE_NAME, "a DynamoDB table name"),
            ConfigDef.Importance.HIGH,
            "The tables to read, as a comma-separated list of names. When empty, every table of"
                + " the account and region that passes the include, exclude and tag filters is read.",
            "Tables")
        .define(
            TABLES_INCLUDE,
            ConfigDef.Type.STRING,
            "",
            Validators.regex(),
            ConfigDef.Importance.MEDIUM,
            "A regular expression; only tables whose whole name matches are read. Empty matches"
                + " every table. Applies to discovered tables, not to the explicit list.",
            "Include tables matching")
        .define(
            TABLES_EXCLUDE,
            ConfigDef.Type.STRING,
            "",
            Validators.regex(),
            ConfigDef.Importance.MEDIUM,
            "A regular expression; tables whose whole name matches are not read, even if they"
                + " match the include expression. Empty excludes none.",
            "Exclude tables matching")
        .define(
            TABLES_TAGS,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching("[^=]+=.*", "key=value"),
            ConfigDef.Importance.MEDIUM,
            "Tags a discovered table must carry to be read, as key=value pairs; a table needs all"
                + " of them. Empty requires no tags.",
            "Required tags")
        .define(
            TABLES_DISCOVERY_INTERVAL_MS,
            ConfigDef.Type.LONG,
            300_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How often, in milliseconds, the connector looks for tables created (or deleted) since"
                + " it started; a new table is snapshotted and streamed like the others.",
            "Table discovery interval (ms)");
    ConfigGroups.in(def, MODE_GROUP)
        .define(
            MODE,
            ConfigDef.Type.STRING,
            SourceMode.SNAPSHOT_THEN_STREAM.name(),
            Validators.oneOf(SourceMode.class),
            ConfigDef.Importance.HIGH,
            "SNAPSHOT_THEN_STREAM reads every item once with a parallel scan and then follows the"
                + " table's stream from a position taken before the scan started, so no change is"
                + " lost. STREAM_ONLY only follows the stream, from "
                + STREAM_START_POSITION
                + "."
                + " SNAPSHOT_ONLY takes one snapshot (a one-off migration), logs when every table is"
                + " done and then idles.",
            "Mode")
        .define(
            STREAM_START_POSITION,
            ConfigDef.Type.STRING,
            StreamStartPosition.TRIM_HORIZON.name(),
            Validators.oneOf(StreamStartPosition.class),
            ConfigDef.Importance.MEDIUM,
            "In STREAM_ONLY mode, where a table's stream is first read: TRIM_HORIZON, the oldest"
                + " record still kept (up to 24 hours back), or LATEST, changes made from now on."
                + " Stored offsets always take precedence.",
            "Stream start position")
        .define(
            LOST_POSITION_POLICY,
            ConfigDef.Type.STRING,
            LostPositionPolicy.FAIL.name(),
            Validators.oneOf(LostPositionPolicy.class),
            ConfigDef.Importance.HIGH,
            "What to do when a table's stream cannot continue from the stored position: its"
                + " records were trimmed (older than the 24-hour retention), the stream was disabled,"
                + " the table got a new stream, or the table was deleted and created again (a new"
                + " table id). FAIL stops the task with a message that says what to do; RESNAPSHOT"
                + " takes a new snapshot of that table and streams from a position taken before"
                + " it, and announces its end (snapshot.completion.records) so that consumers"
                + " remove the rows of items the new snapshot did not find. Changes are never"
                + " skipped silently.",
            "Lost stream position policy");
    ConfigGroups.in(def, SNAPSHOT_GROUP)
        .define(
            SNAPSHOT_SEGMENTS,
            ConfigDef.Type.INT,
            0,
            ConfigDef.Range.between(0, 100_000),
            ConfigDef.Importance.MEDIUM,
            "How many parallel scan segments (Scan TotalSegments) each table's snapshot uses;"
                + " segments are spread over all tasks, so one table can be read by many workers."
                + " 0 chooses per table: the number of tasks, or one segment per 512 MiB of table"
                + " data if that is more. Changing it during a snapshot restarts that snapshot.",
            "Segments per table")
        .define(
            SNAPSHOT_PAGE_SIZE,
            ConfigDef.Type.INT,
            0,
            ConfigDef.Range.between(0, 100_000),
            ConfigDef.Importance.LOW,
            "The Scan Limit: the most items one Scan page returns. 0 lets DynamoDB fill pages up"
                + " to 1 MB. Smaller pages make the read budget smoother and resume points closer.",
            "Page size (items)")
        .define(
            SNAPSHOT_BUDGET_PERCENT,
            ConfigDef.Type.DOUBLE,
            25.0,
            ConfigDef.Range.between(0.1, 100.0),
            ConfigDef.Importance.HIGH,
            "For tables with provisioned capacity: the share of the table's read capacity units"
                + " (in percent) that one table's snapshot may use, across all tasks, measured from"
                + " the ConsumedCapacity DynamoDB reports for each page.",
            "Read budget (% of provisioned)")
        .define(
            SNAPSHOT_BUDGET_RCU,
            ConfigDef.Type.DOUBLE,
            1000.0,
            ConfigDef.Range.between(1.0, 1_000_000.0),
            ConfigDef.Importance.HIGH,
            "For on-demand tables, which have no provisioned capacity: the read capacity units per"
                + " second one table's snapshot may use, across all tasks. An eventually consistent"
                + " read of 4 KB costs 0.5 RCU.",
            "Read budget for on-demand tables (RCU/s)")
        .define(
            SNAPSHOT_CONSISTENT_READ,
            ConfigDef.Type.BOOLEAN,
            false,
            ConfigDef.Importance.LOW,
            "Whether snapshot scans use strongly consistent reads, which cost twice the capacity."
                + " Eventually consistent reads suffice: the stream replays every change made"
                + " during the scan.",
            "Strongly consistent scans")
        .define(
            SNAPSHOT_MAX_BACKOFF_MS,
            ConfigDef.Type.LONG,
            30_000L,
            ConfigDef.Range.atLeast(100),
            ConfigDef.Importance.LOW,
            "The longest wait, in milliseconds, between retries of a throttled Scan; waits grow"
                + " exponentially with jitter up to it, and the read rate is halved after each"
                + " throttle and recovers gradually.",
            "Maximum throttle backoff (ms)")
        .define(
            SNAPSHOT_TASK_PARALLELISM,
            ConfigDef.Type.INT,
            4,
            ConfigDef.Range.between(1, 64),
            ConfigDef.Importance.LOW,
            "How many of its segments one task scans at the same time. Total scan parallelism is"
                + " this times the number of tasks, bounded by the number of segments.",
            "Concurrent segments per task");
    ConfigGroups.in(def, STREAM_GROUP)
        .define(
            STREAM_POLL_INTERVAL_MS,
            ConfigDef.Type.LONG,
            1_000L,
            ConfigDef.Range.between(200, 60_000),
            ConfigDef.Importance.MEDIUM,
            "How long, in milliseconds, to wait before asking a shard again after it returned no"
                + " records. DynamoDB allows about five GetRecords calls per second per shard,"
                + " shared by every reader of the stream.",
            "Idle poll interval (ms)")
        .define(
            STREAM_RECORDS_PER_CALL,
            ConfigDef.Type.INT,
            1000,
            ConfigDef.Range.between(1, 1000),
            ConfigDef.Importance.LOW,
            "The most records one GetRecords call returns (its Limit).",
            "Records per call")
        .define(
            STREAM_SHARD_REFRESH_MS,
            ConfigDef.Type.LONG,
            30_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How often, in milliseconds, to list the stream's shards (paging through all of them)"
                + " to find new ones; a shard that closes also triggers a listing.",
            "Shard listing interval (ms)")
        .define(
            STREAM_HANDOFF_CHECK_MS,
            ConfigDef.Type.LONG,
            5_000L,
            ConfigDef.Range.atLeast(100),
            ConfigDef.Importance.LOW,
            "How often, in milliseconds, a task waiting to stream a table checks whether every"
                + " snapshot segment of that table has been written to Kafka (its committed offset"
                + " says so). Streaming never starts before that.",
            "Snapshot completion check interval (ms)");
    ConfigGroups.in(def, TOPICS_GROUP)
        .define(
            TOPIC_PREFIX,
            ConfigDef.Type.STRING,
            "dynamodb.",
            Validators.matching("[a-zA-Z0-9._-]*", "letters, digits, '.', '_' or '-'"),
            ConfigDef.Importance.HIGH,
            "Each table's changes go to the topic <prefix><table name>.",
            "Topic prefix")
        .define(
            TOMBSTONES_ON_DELETE,
            ConfigDef.Type.BOOLEAN,
            false,
            ConfigDef.Importance.MEDIUM,
            "Whether each REMOVE event is followed by a tombstone (the same key, a null value), so"
                + " that compacted topics eventually drop deleted items.",
            "Tombstones after removes")
        .define(
            SNAPSHOT_COMPLETION_RECORDS,
            ConfigDef.Type.BOOLEAN,
            true,
            ConfigDef.Importance.MEDIUM,
            "Whether the end of each table snapshot is announced on the table's topic by"
                + " SNAPSHOT_COMPLETE records (one on each partition of the topic, after that"
                + " partition's snapshot rows: no key, no images, the snapshot's generation in"
                + " source.snapshot_start and the topic's partition count in the header"
                + " ddbsync.snapshot.partitions), so that consumers, the ddbsync sink among them,"
                + " remove the rows of items the snapshot did not find (a table deleted and created"
                + " again, a snapshot taken again after a lost position). Kafka refuses records"
                + " without a key on compacted topics, so validation refuses this setting with"
                + " compacted table topics: set it to false there; the sink then never removes rows"
                + " of items a new snapshot did not find.",
            "Snapshot completion records")
        .define(
            PROGRESS_TOPIC,
            ConfigDef.Type.STRING,
            "_ddbsync_source_progress",
            Validators.matching("[a-zA-Z0-9._-]+", "a topic name"),
            ConfigDef.Importance.LOW,
            "A topic for small progress markers (a snapshot segment finished without a final"
                + " item, a table's snapshot completed). They exist so that Kafka Connect commits"
                + " the matching source offsets; consumers can ignore the topic.",
            "Progress topic");
    ConfigGroups.in(def, SCHEMA_GROUP)
        .define(
            SCHEMA_NAMESPACE,
            ConfigDef.Type.STRING,
            ModelSettings.DEFAULT_NAMESPACE,
            Validators.matching(
                "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*", "an Avro namespace"),
            ConfigDef.Importance.LOW,
            "The Avro namespace of every schema name: <namespace>.<table>.Key, .Envelope, .Item."
                + " Fixed once data has flowed.",
            "Schema namespace")
        .define(
            SCHEMA_DECIMAL_SCALE,
            ConfigDef.Type.INT,
            ModelSettings.DEFAULT_DECIMAL_SCALE,
            ConfigDef.Range.between(0, 37),
            ConfigDef.Importance.MEDIUM,
            "The scale of decimal fields (precision 38) that hold non-integral numbers. A number"
                + " with more fractional digits, or more than 38 minus this many integer digits,"
                + " goes to a separate exact-text field instead of being rounded.",
            "Decimal scale")
        .define(
            SCHEMA_MAX_DEPTH,
            ConfigDef.Type.INT,
            ModelSettings.DEFAULT_MAX_DEPTH,
            ConfigDef.Range.between(1, 32),
            ConfigDef.Importance.LOW,
            "How many levels of nested maps and lists become structs and arrays; deeper values are"
                + " carried as DynamoDB JSON text.",
            "Maximum nesting depth")
        .define(
            KEY_NUMBER_MAPPING,
            ConfigDef.Type.STRING,
            KeyNumberMapping.INT64.name(),
            Validators.oneOf(KeyNumberMapping.class),
            ConfigDef.Importance.MEDIUM,
            "How number (N) key attributes appear in record keys: INT64 (fails the task, with this"
                + " hint, on a non-integral key), DECIMAL (with the decimal scale) or STRING (exact"
                + " text). Fixed once data has flowed, since it is the key schema.",
            "Number keys as");
    ConfigGroups.in(def, HISTORY_GROUP)
        .define(
            HISTORY_TOPIC,
            ConfigDef.Type.STRING,
            "_ddbsync_schema_history",
            Validators.matching("[a-zA-Z0-9._-]+", "a topic name"),
            ConfigDef.Importance.MEDIUM,
            "The single-partition topic where tasks record, in one order, which field each"
                + " attribute type gets. Every task and every restart derives the same schemas from"
                + " it, which is what keeps type conflicts from producing incompatible schemas. It"
                + " is created on start with infinite retention; never delete it while its topics"
                + " are in use.",
            "Schema history topic")
        .required(
            HISTORY_BOOTSTRAP,
            ConfigDef.Type.STRING,
            new ConfigDef.NonEmptyString(),
            ConfigDef.Importance.HIGH,
            "The Kafka cluster of the schema history topic, normally the worker's own. Further"
                + " client settings (security.protocol, sasl.*, ssl.*) go under the same"
                + " schema.history.kafka. prefix.",
            "Schema history bootstrap servers")
        .define(
            HISTORY_REPLICATION_FACTOR,
            ConfigDef.Type.SHORT,
            (short) -1,
            ConfigDef.Importance.LOW,
            "The replication factor of the schema history topic when the connector creates it;"
                + " -1 uses the broker's default.",
            "Schema history replication factor");
    ConfigGroups.in(def, RESOURCES_GROUP)
        .define(
            QUEUE_MAX_RECORDS,
            ConfigDef.Type.INT,
            20_000,
            ConfigDef.Range.between(100, 10_000_000),
            ConfigDef.Importance.LOW,
            "The most records a task holds between its readers and poll(); readers wait when it is"
                + " full.",
            "Queue size (records)")
        .define(
            QUEUE_MAX_BYTES,
            ConfigDef.Type.LONG,
            64L * 1024 * 1024,
            ConfigDef.Range.atLeast(1024 * 1024),
            ConfigDef.Importance.LOW,
            "The most bytes of DynamoDB item data a task holds between its readers and poll();"
                + " readers wait when it is full. Bounds the task's memory.",
            "Queue size (bytes)")
        .define(
            POLL_MAX_RECORDS,
            ConfigDef.Type.INT,
            2_000,
            ConfigDef.Range.between(1, 100_000),
            ConfigDef.Importance.LOW,
            "The most records one poll() returns to the framework.",
            "Records per poll")
        .define(
            VALIDATION_TIMEOUT_MS,
            ConfigDef.Type.LONG,
            20_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How long, in milliseconds, validate() may spend checking that tables exist and have"
                + " suitable streams.",
            "Validation timeout (ms)");
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

  public boolean snapshotCompletionRecords() {
    return getBoolean(SNAPSHOT_COMPLETION_RECORDS);
  }

  public String progressTopic() {
    return getString(PROGRESS_TOPIC);
  }

  public ModelSettings modelSettings() {
    return new ModelSettings(
        getString(SCHEMA_NAMESPACE),
        getInt(SCHEMA_DECIMAL_SCALE),
        getInt(SCHEMA_MAX_DEPTH),
        Validators.parse(KeyNumberMapping.class, getString(KEY_NUMBER_MAPPING)));
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
  public RunnerSettings runnerSettings() {
    return new RunnerSettings(
        new ChangeRecords.Settings(
            topicPrefix(), progressTopic(), tombstonesOnDelete(), snapshotCompletionRecords()),
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
        Duration.ofSeconds(1));
  }

  public AwsSettings aws() {
    return new AwsSettings(this);
  }
}
