package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of the staged Parquet files on S3. */
public final class StagingSettings {
  public static final String S3_BUCKET = "s3.bucket";
  public static final String S3_PREFIX = "s3.prefix";
  public static final String S3_KEEP_FILES = "s3.keep.files";
  public static final String S3_PATH_STYLE = "s3.path.style.access";
  public static final String PARQUET_COMPRESSION = "parquet.compression";

  /** Replaced by the connector's name in {@code s3.prefix}. */
  public static final String CONNECTOR_PLACEHOLDER = "${connector}";

  private StagingSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, "Staging")
        .required(
            S3_BUCKET,
            ConfigDef.Type.STRING,
            new ConfigDef.NonEmptyString(),
            ConfigDef.Importance.HIGH,
            "The S3 bucket where each batch is staged as Parquet before it is loaded.",
            "Bucket")
        .define(
            S3_PREFIX,
            ConfigDef.Type.STRING,
            "ddbsync/" + CONNECTOR_PLACEHOLDER + "/",
            ConfigDef.Importance.MEDIUM,
            "The key prefix of staged files; ${connector} is replaced by the connector's name, so"
                + " that two sink connectors sharing a bucket never overwrite or delete each other's"
                + " files. Keys are <prefix><table>/<topic>+<partition>-<first offset>-<last"
                + " offset>[...]-<file>.parquet, so a retried batch overwrites its own files.",
            "Key prefix")
        .define(
            S3_KEEP_FILES,
            ConfigDef.Type.BOOLEAN,
            false,
            ConfigDef.Importance.LOW,
            "Whether staged files stay after a successful load (for auditing); by default they are"
                + " deleted. Staged Parquet files carry no column statistics (COPY does not read"
                + " them), so an engine that queries kept files reads every row group.",
            "Keep staged files")
        .define(
            S3_PATH_STYLE,
            ConfigDef.Type.BOOLEAN,
            false,
            ConfigDef.Importance.LOW,
            "Path-style S3 addressing, for S3-compatible stores and emulators.",
            "Path-style access")
        .define(
            PARQUET_COMPRESSION,
            ConfigDef.Type.STRING,
            "SNAPPY",
            Validators.matching("(?i)SNAPPY|ZSTD|UNCOMPRESSED", "SNAPPY, ZSTD or UNCOMPRESSED"),
            ConfigDef.Importance.LOW,
            "The compression of staged Parquet files: SNAPPY (faster) or ZSTD (smaller).",
            "Parquet compression");
  }
}
