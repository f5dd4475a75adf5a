package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigGroups;
import org.apache.kafka.common.config.ConfigDef;

/** The settings that decide when a table's buffered records are loaded. */
public final class BatchingSettings {
  public static final String FLUSH_MAX_RECORDS = "flush.max.records";
  public static final String FLUSH_MAX_BYTES = "flush.max.bytes";
  public static final String FLUSH_INTERVAL_MS = "flush.interval.ms";
  public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";

  private BatchingSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, "Batching")
        .define(
            FLUSH_MAX_RECORDS,
            ConfigDef.Type.INT,
            50_000,
            ConfigDef.Range.between(1, 10_000_000),
            ConfigDef.Importance.MEDIUM,
            "A table's batch is loaded once it received this many records (changes of the same item"
                + " count each, although only the last of them is loaded).",
            "Records per batch")
        .define(
            FLUSH_MAX_BYTES,
            ConfigDef.Type.LONG,
            64L * 1024 * 1024,
            ConfigDef.Range.atLeast(1024),
            ConfigDef.Importance.MEDIUM,
            "A table's batch is loaded once its records take this many bytes in memory.",
            "Bytes per batch")
        .define(
            FLUSH_INTERVAL_MS,
            ConfigDef.Type.LONG,
            60_000L,
            ConfigDef.Range.atLeast(100),
            ConfigDef.Importance.MEDIUM,
            "A table's batch is loaded once its oldest record waited this many milliseconds; this"
                + " bounds freshness when traffic is low.",
            "Batch age (ms)")
        .define(
            BUFFER_MAX_BYTES,
            ConfigDef.Type.LONG,
            256L * 1024 * 1024,
            ConfigDef.Range.atLeast(1024),
            ConfigDef.Importance.MEDIUM,
            "The most bytes a task buffers over all its tables; past it the largest batches are"
                + " loaded early. Bounds the task's memory: a record counts as the heap it keeps"
                + " alive while buffered (the record, its key and the buffer's entry, and the item"
                + " after the change, which the buffer keeps encoded until the batch is built;"
                + " within 25% of the measured heap). Items replaced by a newer change of the same"
                + " item keep counting until their batch is built, since their space is freed only"
                + " then. Connect itself also keeps each record's serialized bytes until it is"
                + " committed (for the dead letter queue), which the sink cannot see: leave room for"
                + " about the size of the records on the topic on top of this.",
            "Task buffer (bytes)");
  }
}
