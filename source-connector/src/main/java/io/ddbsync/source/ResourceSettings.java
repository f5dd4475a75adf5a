package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import org.apache.kafka.common.config.ConfigDef;

/** The settings that bound the task's memory and its validation. */
public final class ResourceSettings {
  public static final String QUEUE_MAX_RECORDS = "queue.max.records";
  public static final String QUEUE_MAX_BYTES = "queue.max.bytes";
  public static final String POLL_MAX_RECORDS = "poll.max.records";
  public static final String VALIDATION_TIMEOUT_MS = "validation.timeout.ms";
  static final String RESOURCES_GROUP = "Resources";

  private ResourceSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
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
  }
}
