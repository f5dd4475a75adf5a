package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigGroups;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of retries and of validation. */
public final class ErrorSettings {
  public static final String MAX_RETRIES = "max.retries";
  public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
  public static final String VALIDATION_TIMEOUT_MS = "validation.timeout.ms";

  private ErrorSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, "Errors")
        .define(
            MAX_RETRIES,
            ConfigDef.Type.INT,
            10,
            ConfigDef.Range.between(0, 1000),
            ConfigDef.Importance.MEDIUM,
            "How many times a failed load (database or S3 unavailable, serializable isolation"
                + " conflicts) is retried with backoff before the task fails. Offsets are never"
                + " committed for a batch that did not load.",
            "Load retries")
        .define(
            RETRY_BACKOFF_MS,
            ConfigDef.Type.LONG,
            1_000L,
            ConfigDef.Range.atLeast(10),
            ConfigDef.Importance.LOW,
            "The first wait in milliseconds before retrying a failed load; it doubles with each"
                + " retry up to one minute.",
            "Retry backoff (ms)")
        .define(
            VALIDATION_TIMEOUT_MS,
            ConfigDef.Type.LONG,
            20_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How long validate() may spend checking the database and the bucket.",
            "Validation timeout (ms)");
  }
}
