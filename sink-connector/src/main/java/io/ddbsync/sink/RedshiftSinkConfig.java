package io.ddbsync.sink;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.ConfigGroups;
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

/** Every setting of the Redshift sink connector, grouped, documented and validated. */
public final class RedshiftSinkConfig extends AbstractConfig {
  public static final String DIALECT = "dialect";
  public static final String CONNECTION_URL = "connection.url";
  public static final String CONNECTION_USER = "connection.user";
  public static final String CONNECTION_PASSWORD = "connection.password";
  public static final String CONNECTION_SECRET_ID = "connection.secret.id";
  public static final String CONNECTION_TIMEOUT_MS = "connection.timeout.ms";
  public static final String STATEMENT_TIMEOUT_MS = "statement.timeout.ms";
  public static final String TARGET_SCHEMA = "target.schema";

  public static final String TABLE_NAME_FORMAT = "table.name.format";
  public static final String CHILD_TABLE_NAME_FORMAT = "child.table.name.format";
  public static final String TABLE_NAME_OVERRIDES = "table.name.overrides";
  public static final String COLUMN_NAME_OVERRIDES = "column.name.overrides";

  public static final String FLATTEN_MAX_DEPTH = "flatten.max.depth";
  public static final String FLATTEN_MAX_MAP_COLUMNS = "flatten.max.map.columns";
  public static final String FLATTEN_MAX_TABLE_COLUMNS = "flatten.max.table.columns";
  public static final String LISTS_MODE = "lists.mode";
  public static final String TIMESTAMP_COLUMNS = "timestamp.columns";
  public static final String OVERFLOW_POLICY = "varchar.overflow.policy";
  public static final String DELETE_MODE = "delete.mode";
  public static final String TTL_REMOVALS = "ttl.removals";

  public static final String FLUSH_MAX_RECORDS = "flush.max.records";
  public static final String FLUSH_MAX_BYTES = "flush.max.bytes";
  public static final String FLUSH_INTERVAL_MS = "flush.interval.ms";
  public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";

  public static final String S3_BUCKET = "s3.bucket";
  public static final String S3_PREFIX = "s3.prefix";
  public static final String S3_KEEP_FILES = "s3.keep.files";
  public static final String S3_PATH_STYLE = "s3.path.style.access";
  public static final String PARQUET_COMPRESSION = "parquet.compression";

  public static final String MAX_RETRIES = "max.retries";
  public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
  public static final String VALIDATION_TIMEOUT_MS = "validation.timeout.ms";

  private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";

  /** What the sink quotes as an identifier: lower case, at most 63 characters. */
  private static final String LOWER_IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

  /** Replaced by the connector's name in {@code s3.prefix}. */
  public static final String CONNECTOR_PLACEHOLDER = "${connector}";

  public static final ConfigDef CONFIG_DEF = define();

  public RedshiftSinkConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    ConfigGroups.in(def, "Target")
        .define(
            DIALECT,
            ConfigDef.Type.STRING,
            DialectName.REDSHIFT.name(),
            Validators.oneOf(DialectName.class),
            ConfigDef.Importance.HIGH,
            "REDSHIFT loads each batch with COPY ... FROM 's3://...' FORMAT AS PARQUET into a staging"
                + " table; POSTGRES loads the same staged Parquet object itself with COPY FROM STDIN."
                + " Both then apply the batch with MERGE and DELETE in one transaction.",
            "Dialect")
        .required(
            CONNECTION_URL,
            ConfigDef.Type.STRING,
            Validators.matching(urlPattern(), urlForms() + " URL"),
            ConfigDef.Importance.HIGH,
            "The JDBC URL of the database, for example "
                + String.join(
                    " or ", Dialects.all().stream().map(DialectDefinition::urlExample).toList())
                + ". Redshift also takes the driver's IAM forms, which log in with temporary"
                + " credentials from AWS (no password): jdbc:redshift:iam://<cluster"
                + " endpoint>:5439/<database> for a provisioned cluster (GetClusterCredentials) and"
                + " jdbc:redshift:iam://<workgroup>.<account>.<region>.redshift-serverless.amazonaws.com:5439/<database>"
                + " for Redshift Serverless (GetCredentials); the driver uses the connector's AWS"
                + " credentials (aws.*).",
            "JDBC URL")
        .define(
            CONNECTION_USER,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.HIGH,
            "The database user. It needs CREATE on the target schema, and ownership of the tables the"
                + " connector created (to add columns). With an IAM URL (jdbc:redshift:iam://...) it is"
                + " the user the driver gets temporary credentials for (DbUser), if the URL names"
                + " none.",
            "User")
        .define(
            CONNECTION_PASSWORD,
            ConfigDef.Type.PASSWORD,
            "",
            ConfigDef.Importance.HIGH,
            "The database user's password. Never logged. Leave it empty with an IAM URL, which"
                + " logs in with temporary credentials the Redshift driver gets from AWS with the"
                + " connector's AWS settings (aws.*), and with connection.secret.id.",
            "Password")
        .define(
            CONNECTION_SECRET_ID,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.MEDIUM,
            "An AWS Secrets Manager secret (its name or ARN) that holds the database login as JSON"
                + " with username and password, the format of Secrets Manager's Redshift and RDS"
                + " credentials secrets. When set, connection.user and connection.password stay"
                + " empty. The secret is read with the connector's AWS settings (aws.*) when the"
                + " task first connects, and again whenever the database refuses the login, so a"
                + " rotated password is picked up without a restart. Needs"
                + " secretsmanager:GetSecretValue on the secret (and kms:Decrypt on a customer"
                + " managed key).",
            "Login secret")
        .define(
            CONNECTION_TIMEOUT_MS,
            ConfigDef.Type.LONG,
            30_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How long, in milliseconds, opening a database connection and logging in may take"
                + " before the attempt fails and is retried.",
            "Connection timeout (ms)")
        .define(
            STATEMENT_TIMEOUT_MS,
            ConfigDef.Type.LONG,
            600_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How long, in milliseconds, one statement of a load (a COPY, a MERGE, waiting for"
                + " another task's load of the same tables) may run before the database cancels it"
                + " and the load is retried; set on each session as statement_timeout. A"
                + " connection that stops answering (a NAT gateway or load balancer that dropped"
                + " it silently) is given up after twice this time, at most one minute more, and"
                + " the load is retried on a new connection, which also ends the old one's session"
                + " if the database still keeps it. Raise it if single batches take longer to COPY"
                + " or MERGE.",
            "Statement timeout (ms)")
        .define(
            TARGET_SCHEMA,
            ConfigDef.Type.STRING,
            "public",
            Validators.matching(
                LOWER_IDENTIFIER,
                "a lower-case SQL identifier of at most 63 characters ([a-z_][a-z0-9_]*)"),
            ConfigDef.Importance.MEDIUM,
            "The database schema where target tables are created and loaded. It must exist. The"
                + " sink quotes every identifier, so the name is taken as written, in lower case.",
            "Target schema");
    ConfigGroups.in(def, "Tables")
        .define(
            TABLE_NAME_FORMAT,
            ConfigDef.Type.STRING,
            "${table}",
            Validators.placeholders(List.of("table", "topic")),
            ConfigDef.Importance.MEDIUM,
            "The target table of a DynamoDB table. ${table} is the DynamoDB table name in"
                + " snake_case (Orders becomes orders), ${topic} the topic name.",
            "Table name format")
        .define(
            CHILD_TABLE_NAME_FORMAT,
            ConfigDef.Type.STRING,
            "${parent_singular}_${attribute}",
            Validators.placeholders(List.of("parent", "parent_singular", "attribute")),
            ConfigDef.Importance.MEDIUM,
            "The table that holds a list attribute's elements. ${parent} is the parent table,"
                + " ${parent_singular} the same in singular (orders becomes order), ${attribute} the"
                + " attribute path in snake_case. The default turns Orders.Items into order_items.",
            "Child table name format")
        .define(
            TABLE_NAME_OVERRIDES,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching(
                "[^=]+=" + IDENTIFIER, "<DynamoDB table>[.<list attribute>]=<table name>"),
            ConfigDef.Importance.LOW,
            "Explicit table names, overriding the formats: entries such as"
                + " Orders=orders or Orders.Items=order_lines.",
            "Table name overrides")
        .define(
            COLUMN_NAME_OVERRIDES,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching(
                "[^=]+=" + IDENTIFIER, "<DynamoDB table>.<attribute path>=<column name>"),
            ConfigDef.Importance.LOW,
            "Explicit column names, overriding snake_case: entries such as Orders.Items.Q=quantity"
                + " (a path through maps and lists by attribute name).",
            "Column name overrides");
    ConfigGroups.in(def, "Flattening")
        .define(
            FLATTEN_MAX_DEPTH,
            ConfigDef.Type.INT,
            3,
            ConfigDef.Range.between(0, 16),
            ConfigDef.Importance.MEDIUM,
            "How many levels of nested maps become prefixed columns (address.city becomes"
                + " address_city); deeper maps go to a SUPER column (JSONB on PostgreSQL) as JSON.",
            "Flattening depth")
        .define(
            FLATTEN_MAX_MAP_COLUMNS,
            ConfigDef.Type.INT,
            FlattenSettings.DEFAULT_MAX_MAP_COLUMNS,
            ConfigDef.Range.between(1, 1600),
            ConfigDef.Importance.MEDIUM,
            "The most columns one map attribute is flattened into. A map with more attributes (a"
                + " map keyed by dates or user ids, say) stays one SUPER (JSONB) column, for every"
                + " row of the table: the decision follows from the schema, so every task makes the"
                + " same one. Maps in list elements count the same way in their child table.",
            "Columns per map")
        .define(
            FLATTEN_MAX_TABLE_COLUMNS,
            ConfigDef.Type.INT,
            FlattenSettings.DEFAULT_MAX_TABLE_COLUMNS,
            ConfigDef.Range.between(1, 1600),
            ConfigDef.Importance.MEDIUM,
            "The most columns an item (or a list element, for its child table) is flattened into."
                + " Past it, the maps that bring the most columns stay one SUPER (JSONB) column each,"
                + " widest first, until the table fits. Redshift and PostgreSQL allow 1600 columns"
                + " per table; the default leaves room for columns added by hand and by later"
                + " attributes.",
            "Columns per table")
        .define(
            LISTS_MODE,
            ConfigDef.Type.STRING,
            ListsMode.SUPER.name(),
            Validators.oneOf(ListsMode.class),
            ConfigDef.Importance.MEDIUM,
            "Where lists of scalars and sets go: SUPER, one JSON column (JSONB on PostgreSQL), or"
                + " CHILD_TABLE, a table with the parent key, _position and value. Lists of maps"
                + " always become child tables.",
            "Scalar lists and sets")
        .define(
            TIMESTAMP_COLUMNS,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching("[^.]+\\..+", "<table>.<attribute path>, * as wildcard"),
            ConfigDef.Importance.MEDIUM,
            "String attributes that hold ISO-8601 date-times and become TIMESTAMP columns (in UTC):"
                + " entries such as Orders.OrderDate or *.createdAt. A value that is not ISO-8601 goes"
                + " to the dead letter queue with the reason.",
            "Timestamp attributes")
        .define(
            OVERFLOW_POLICY,
            ConfigDef.Type.STRING,
            OverflowPolicy.DLQ.name(),
            Validators.oneOf(OverflowPolicy.class),
            ConfigDef.Importance.MEDIUM,
            "A string longer than Redshift's 65535-byte VARCHAR: DLQ sends the record to the dead"
                + " letter queue with the reason; TRUNCATE cuts it to 65535 bytes and sets the row's"
                + " _ddbsync_truncated flag; SUPER keeps it whole in a SUPER column <column>__overflow."
                + " Shorter values always fit: columns widen up to 65535 bytes as longer values arrive.",
            "VARCHAR overflow policy")
        .define(
            DELETE_MODE,
            ConfigDef.Type.STRING,
            DeleteMode.HARD.name(),
            Validators.oneOf(DeleteMode.class),
            ConfigDef.Importance.MEDIUM,
            "HARD deletes the row (and its child rows) of a removed item; SOFT keeps it and sets"
                + " _ddbsync_deleted = true and _ddbsync_deleted_at to the removal time. A tombstone"
                + " (a record with a ddbsync key and no value) is a removal of its key, so deletes"
                + " survive log compaction.",
            "Delete mode")
        .define(
            TTL_REMOVALS,
            ConfigDef.Type.STRING,
            TtlRemovals.DELETE.name(),
            Validators.oneOf(TtlRemovals.class),
            ConfigDef.Importance.MEDIUM,
            "What the removal of an item by its time to live (a DynamoDB TTL deletion, flagged"
                + " ttl_expiry in the change event) does: DELETE treats it as any other removal (as"
                + " delete.mode says); SOFT keeps the row and sets _ddbsync_deleted = true,"
                + " _ddbsync_deleted_at to the removal time and _ddbsync_expired = true, whatever"
                + " delete.mode says; KEEP leaves the row as it was, to keep expired items' history.",
            "TTL removals");
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
                + " loaded early. Bounds the task's memory.",
            "Task buffer (bytes)");
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
                + " deleted.",
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
    for (DialectDefinition dialect : Dialects.all()) {
      dialect.define(def);
    }
    AwsSettings.define(def, "the staging bucket");
    return def;
  }

  /** A URL of any dialect: jdbc:redshift:..., jdbc:postgresql:... */
  private static String urlPattern() {
    return "("
        + String.join(
            "|",
            Dialects.all().stream().map(d -> java.util.regex.Pattern.quote(d.urlPrefix())).toList())
        + ").+";
  }

  private static String urlForms() {
    return "a "
        + String.join(" or ", Dialects.all().stream().map(DialectDefinition::urlPrefix).toList());
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
