package io.ddbsync.sink;

import static io.ddbsync.sink.BatchingSettings.BUFFER_MAX_BYTES;
import static io.ddbsync.sink.BatchingSettings.FLUSH_INTERVAL_MS;
import static io.ddbsync.sink.BatchingSettings.FLUSH_MAX_BYTES;
import static io.ddbsync.sink.BatchingSettings.FLUSH_MAX_RECORDS;
import static io.ddbsync.sink.ErrorSettings.MAX_RETRIES;
import static io.ddbsync.sink.ErrorSettings.RETRY_BACKOFF_MS;
import static io.ddbsync.sink.ErrorSettings.VALIDATION_TIMEOUT_MS;
import static io.ddbsync.sink.FlatteningSettings.DELETE_MODE;
import static io.ddbsync.sink.FlatteningSettings.FLATTEN_MAX_DEPTH;
import static io.ddbsync.sink.FlatteningSettings.FLATTEN_MAX_MAP_COLUMNS;
import static io.ddbsync.sink.FlatteningSettings.FLATTEN_MAX_TABLE_COLUMNS;
import static io.ddbsync.sink.FlatteningSettings.LISTS_MODE;
import static io.ddbsync.sink.FlatteningSettings.OVERFLOW_POLICY;
import static io.ddbsync.sink.FlatteningSettings.TIMESTAMP_COLUMNS;
import static io.ddbsync.sink.FlatteningSettings.TTL_REMOVALS;
import static io.ddbsync.sink.StagingSettings.CONNECTOR_PLACEHOLDER;
import static io.ddbsync.sink.StagingSettings.PARQUET_COMPRESSION;
import static io.ddbsync.sink.StagingSettings.S3_BUCKET;
import static io.ddbsync.sink.StagingSettings.S3_KEEP_FILES;
import static io.ddbsync.sink.StagingSettings.S3_PATH_STYLE;
import static io.ddbsync.sink.StagingSettings.S3_PREFIX;
import static io.ddbsync.sink.TableNamingSettings.CHILD_TABLE_NAME_FORMAT;
import static io.ddbsync.sink.TableNamingSettings.COLUMN_NAME_OVERRIDES;
import static io.ddbsync.sink.TableNamingSettings.TABLE_NAME_FORMAT;
import static io.ddbsync.sink.TableNamingSettings.TABLE_NAME_OVERRIDES;
import static io.ddbsync.sink.TargetSettings.CONNECTION_PASSWORD;
import static io.ddbsync.sink.TargetSettings.CONNECTION_SECRET_ID;
import static io.ddbsync.sink.TargetSettings.CONNECTION_TIMEOUT_MS;
import static io.ddbsync.sink.TargetSettings.CONNECTION_URL;
import static io.ddbsync.sink.TargetSettings.CONNECTION_USER;
import static io.ddbsync.sink.TargetSettings.DIALECT;
import static io.ddbsync.sink.TargetSettings.STATEMENT_TIMEOUT_MS;
import static io.ddbsync.sink.TargetSettings.TARGET_SCHEMA;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.Validators;
import io.ddbsync.sink.db.DialectDefinition;
import io.ddbsync.sink.db.Dialects;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import software.amazon.awssdk.services.s3.S3Client;

/** Every setting of the Redshift sink connector, grouped, documented and validated. */
public final class RedshiftSinkConfig extends AbstractConfig {
  /**
   * Every setting: the groups' own ({@link TargetSettings}, {@link TableNamingSettings}, {@link
   * FlatteningSettings}, {@link BatchingSettings}, {@link StagingSettings}, {@link ErrorSettings}),
   * each dialect's, and AWS's.
   */
  public static final ConfigDef CONFIG_DEF = define();

  public RedshiftSinkConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    TargetSettings.define(def);
    TableNamingSettings.define(def);
    FlatteningSettings.define(def);
    BatchingSettings.define(def);
    StagingSettings.define(def);
    ErrorSettings.define(def);
    MaintenanceSettings.define(def);
    for (DialectDefinition dialect : Dialects.all()) {
      dialect.define(def);
    }
    AwsSettings.define(def, "the staging bucket");
    return def;
  }

  public DialectName dialect() {
    return Validators.parse(DialectName.class, getString(DIALECT));
  }

  public String connectionUrl() {
    return getString(CONNECTION_URL);
  }

  public String user() {
    return getString(CONNECTION_USER);
  }

  public Password password() {
    return getPassword(CONNECTION_PASSWORD);
  }

  /** The Secrets Manager secret of the login, trimmed; empty when the login is configured. */
  public String secretId() {
    String id = getString(CONNECTION_SECRET_ID);
    return id == null ? "" : id.trim();
  }

  public String targetSchema() {
    return getString(TARGET_SCHEMA);
  }

  public String tableNameFormat() {
    return getString(TABLE_NAME_FORMAT);
  }

  public String childTableNameFormat() {
    return getString(CHILD_TABLE_NAME_FORMAT);
  }

  public Map<String, String> tableNameOverrides() {
    return pairs(getList(TABLE_NAME_OVERRIDES));
  }

  public Map<String, String> columnNameOverrides() {
    return pairs(getList(COLUMN_NAME_OVERRIDES));
  }

  public int flattenMaxDepth() {
    return getInt(FLATTEN_MAX_DEPTH);
  }

  public int flattenMaxMapColumns() {
    return getInt(FLATTEN_MAX_MAP_COLUMNS);
  }

  public int flattenMaxTableColumns() {
    return getInt(FLATTEN_MAX_TABLE_COLUMNS);
  }

  public TtlRemovals ttlRemovals() {
    return Validators.parse(TtlRemovals.class, getString(TTL_REMOVALS));
  }

  public ListsMode listsMode() {
    return Validators.parse(ListsMode.class, getString(LISTS_MODE));
  }

  public List<String> timestampColumns() {
    return getList(TIMESTAMP_COLUMNS);
  }

  public OverflowPolicy overflowPolicy() {
    return Validators.parse(OverflowPolicy.class, getString(OVERFLOW_POLICY));
  }

  public DeleteMode deleteMode() {
    return Validators.parse(DeleteMode.class, getString(DELETE_MODE));
  }

  public int flushMaxRecords() {
    return getInt(FLUSH_MAX_RECORDS);
  }

  public long flushMaxBytes() {
    return getLong(FLUSH_MAX_BYTES);
  }

  /** Bounds on connecting, statements and waiting for answers. */
  public io.ddbsync.sink.db.ConnectionProvider.Timeouts databaseTimeouts() {
    return io.ddbsync.sink.db.ConnectionProvider.Timeouts.of(
        Duration.ofMillis(getLong(CONNECTION_TIMEOUT_MS)),
        Duration.ofMillis(getLong(STATEMENT_TIMEOUT_MS)));
  }

  public Duration flushInterval() {
    return Duration.ofMillis(getLong(FLUSH_INTERVAL_MS));
  }

  public long bufferMaxBytes() {
    return getLong(BUFFER_MAX_BYTES);
  }

  public String bucket() {
    return getString(S3_BUCKET);
  }

  /** The key prefix, with the connector's name (as an S3-safe text) for ${connector}. */
  public String prefix() {
    String name = originalsStrings().getOrDefault("name", "redshift-sink");
    return getString(S3_PREFIX)
        .replace(CONNECTOR_PLACEHOLDER, name.replaceAll("[^A-Za-z0-9._=-]", "_"));
  }

  public boolean keepFiles() {
    return getBoolean(S3_KEEP_FILES);
  }

  public boolean pathStyleAccess() {
    return getBoolean(S3_PATH_STYLE);
  }

  public CompressionCodecName compression() {
    return CompressionCodecName.valueOf(
        getString(PARQUET_COMPRESSION).toUpperCase(java.util.Locale.ROOT));
  }

  public int maxRetries() {
    return getInt(MAX_RETRIES);
  }

  public Duration retryBackoff() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
  }

  public Duration validationTimeout() {
    return Duration.ofMillis(getLong(VALIDATION_TIMEOUT_MS));
  }

  /** When tables get ANALYZE after loads. */
  public io.ddbsync.sink.load.TableAnalyzer.Settings analyzeSettings() {
    return new io.ddbsync.sink.load.TableAnalyzer.Settings(
        getBoolean(MaintenanceSettings.ANALYZE_AFTER_SNAPSHOT),
        getLong(MaintenanceSettings.ANALYZE_EVERY_ROWS));
  }

  /** The watermark table's name; empty when the watermark is off. */
  public String watermarkTable() {
    return getString(MaintenanceSettings.WATERMARK_TABLE);
  }

  /** How target tables and columns are named. */
  public io.ddbsync.sink.model.TableNaming tableNaming() {
    return new io.ddbsync.sink.model.TableNaming(
        tableNameFormat(), childTableNameFormat(), tableNameOverrides(), columnNameOverrides());
  }

  /** How items become rows: flattening, lists, timestamps, overflow and removal policies. */
  public FlattenSettings flattenSettings() {
    return new FlattenSettings(
        tableNaming(),
        flattenMaxDepth(),
        flattenMaxMapColumns(),
        flattenMaxTableColumns(),
        listsMode(),
        timestampColumns(),
        overflowPolicy(),
        deleteMode(),
        ttlRemovals());
  }

  /** The S3 client of the staging bucket: the one way both the task and validate() build it. */
  public S3Client s3Client(AwsSettings aws) {
    return aws.configure(S3Client.builder()).forcePathStyle(pathStyleAccess()).build();
  }

  public AwsSettings aws() {
    return new AwsSettings(this);
  }

  private static Map<String, String> pairs(List<String> entries) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.lastIndexOf('=');
      pairs.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
    }
    return pairs;
  }
}
