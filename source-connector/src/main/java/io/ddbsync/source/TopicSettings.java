package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of the topics the connector writes. */
public final class TopicSettings {
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String TOMBSTONES_ON_DELETE = "tombstones.on.delete";
  public static final String SNAPSHOT_COMPLETION_RECORDS = "snapshot.completion.records";
  public static final String HEARTBEAT_RECORDS = "heartbeat.records";
  public static final String PROGRESS_TOPIC = "progress.topic";
  static final String TOPICS_GROUP = "Topics";

  private TopicSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
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
        .visibleWhen(ConfigGroups.oneOf(SchemaSettings.ENVELOPE_FORMAT, "DDBSYNC"))
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
                + " of items a new snapshot did not find. Never written with"
                + " envelope.format=DEBEZIUM.",
            "Snapshot completion records")
        .define(
            HEARTBEAT_RECORDS,
            ConfigDef.Type.BOOLEAN,
            true,
            ConfigDef.Importance.MEDIUM,
            "Whether a streamed table's topic gets a heartbeat record on each partition about every"
                + " 30 seconds: no key and no value (consumers that do not know it skip it as"
                + " another producer's tombstone), with the headers ddbsync.heartbeat.table,"
                + " ddbsync.heartbeat.caught_up_to (milliseconds since the epoch: every change of"
                + " the table created before it is written ahead of the heartbeat, on every"
                + " partition; an idle stream read to its end counts as caught up to the time of"
                + " the read) and ddbsync.heartbeat.partitions. The ddbsync sink keeps the newest"
                + " it loaded per partition in its watermark table, so that BI jobs can gate on"
                + " completeness. Sent only once the table's snapshot is complete, and only while"
                + " snapshot.completion.records is true (Kafka refuses records without a key on"
                + " compacted topics, which that setting's validation refuses). Never written with"
                + " envelope.format=DEBEZIUM.",
            "Heartbeat records")
        .visibleWhen(config -> true)
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
  }
}
