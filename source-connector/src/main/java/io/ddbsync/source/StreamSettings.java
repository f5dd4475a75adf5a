package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of reading DynamoDB Streams. */
public final class StreamSettings {
  public static final String STREAM_POLL_INTERVAL_MS = "stream.poll.interval.ms";
  public static final String STREAM_RECORDS_PER_CALL = "stream.records.per.call";
  public static final String STREAM_SHARD_REFRESH_MS = "stream.shard.refresh.interval.ms";
  public static final String STREAM_HANDOFF_CHECK_MS = "stream.handoff.check.interval.ms";
  static final String STREAM_GROUP = "Streams";

  private StreamSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, STREAM_GROUP)
        .visibleWhen(SourceVisibility.STREAMS)
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
  }
}
