package io.ddbsync.sink.db;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.ConfigChecks.Problem;
import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.settings.SinkEnums;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.sink.stage.StagingStore;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Amazon Redshift: COPY from the staged Parquet on S3 with an explicit column list (columns are
 * matched by position), SUPER through JSON_PARSE, KEY distribution and sort keys, VARCHAR widened
 * outside transactions, serializable-isolation conflicts (error 1023) retried.
 */
public final class RedshiftDialect implements Dialect {
  public static final String DISTRIBUTION = "redshift.distribution";
  public static final String SORT_KEY = "redshift.sort.key";
  public static final String COPY_IAM_ROLE = "redshift.copy.iam.role";

  /**
   * Redshift's: VARCHAR(65535) and VARBYTE(1,024,000) in bytes; JSON is staged as VARCHAR. Whether
   * Redshift's Parquet COPY stores, cuts or refuses U+0000 is not verified (no cluster here), so
   * such values go to the dead letter queue rather than risk a silent cut.
   */
  public static final TypeLimits LIMITS = new TypeLimits(65_535, 1_024_000, 65_535, false);

  public static final DialectDefinition DEFINITION = new Definition();

  /** Redshift distribution style of created tables. */
  public enum Distribution {
    KEY,
    AUTO,
    EVEN,
    ALL
  }

  /** Redshift sort key of created tables. */
  public enum SortKey {
    KEY,
    AUTO,
    NONE
  }

  private final Distribution distribution;
  private final SortKey sortKey;
  private final String iamRole;
  private final Supplier<AwsCredentialsProvider> credentialsSource;
  private final Catalog catalog = new PgCatalog(LIMITS);
  private AwsCredentialsProvider credentials;
  // The credentials last put into a COPY, to keep them out of every message.
  private volatile AwsCredentials lastCredentials;

  public RedshiftDialect(
      Distribution distribution, SortKey sortKey, String iamRole, AwsSettings aws) {
    this(distribution, sortKey, iamRole, aws::credentialsProvider);
  }

  /**
   * @param credentials where COPY's CREDENTIALS come from when there is no COPY role: the
   *     connector's own (its static keys, or the role {@code aws.role.arn} assumes with them, or
   *     the SDK's default chain), resolved at each COPY so that temporary credentials are fresh
   */
  RedshiftDialect(
      Distribution distribution,
      SortKey sortKey,
      String iamRole,
      Supplier<AwsCredentialsProvider> credentials) {
    this.distribution = distribution;
    this.sortKey = sortKey;
    this.iamRole = iamRole;
    this.credentialsSource = credentials;
  }

  @Override
  public SinkEnums.DialectName name() {
    return SinkEnums.DialectName.REDSHIFT;
  }

  @Override
  public TypeLimits limits() {
    return LIMITS;
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public String columnType(SqlType type) {
    return switch (type.kind()) {
      case VARCHAR -> "VARCHAR(" + type.length() + ")";
      case VARBYTE -> "VARBYTE(" + type.length() + ")";
      case DECIMAL -> "DECIMAL(" + type.length() + "," + type.scale() + ")";
      case BIGINT -> "BIGINT";
      case INTEGER -> "INTEGER";
      case BOOLEAN -> "BOOLEAN";
      case TIMESTAMP -> "TIMESTAMP";
      case SUPER -> "SUPER";
    };
  }

  @Override
  public String stagingType(Column column) {
    if (Staging.parsesJson(column)) {
      return "VARCHAR(" + LIMITS.maxVarcharBytes() + ")";
    }
    return columnType(column.type());
  }

  @Override
  public String fromStaged(Column column, String stagedExpression) {
    return Staging.parsesJson(column) ? "JSON_PARSE(" + stagedExpression + ")" : stagedExpression;
  }

  /**
   * Redshift, like the PostgreSQL 8.0 it derives from, reads backslash escapes in ordinary string
   * literals, so backslashes are doubled as well as quotes.
   */
  @Override
  public String literal(String text) {
    return text.replace("\\", "\\\\").replace("'", "''");
  }

  @Override
  public String createTable(PhysicalTable table) {
    List<String> definitions = new ArrayList<>();
    for (Column column : table.columns()) {
      boolean sorted = sortKey == SortKey.KEY && table.keyColumns().contains(column);
      definitions.add(
          Identifiers.quote(column.name())
              + " "
              + columnType(column.type())
              + columnOptions(column, sorted));
    }
    List<String> keys = table.keyColumns().stream().map(c -> Identifiers.quote(c.name())).toList();
    definitions.add("PRIMARY KEY (" + String.join(", ", keys) + ")");
    StringBuilder sql = new StringBuilder("CREATE TABLE ");
    sql.append(table.qualifiedName())
        .append(" (")
        .append(String.join(", ", definitions))
        .append(')');
    switch (distribution) {
      case KEY ->
          sql.append(" DISTSTYLE KEY DISTKEY (")
              .append(Identifiers.quote(table.distributionColumn().name()))
              .append(')');
      case EVEN -> sql.append(" DISTSTYLE EVEN");
      case ALL -> sql.append(" DISTSTYLE ALL");
      case AUTO -> sql.append(" DISTSTYLE AUTO");
    }
    switch (sortKey) {
      case KEY -> sql.append(" COMPOUND SORTKEY (").append(String.join(", ", keys)).append(')');
      case AUTO -> sql.append(" SORTKEY AUTO");
      case NONE -> {
        // No sort key.
      }
    }
    return sql.toString();
  }

  /**
   * Redshift's LOCK takes the one lock it has ("LOCK", Database Developer Guide): writers of the
   * tables wait for this load to commit instead of aborting each other with serializable isolation
   * violations (error 1023), as Redshift recommends for concurrent ETL into the same tables
   * ("Managing concurrent write operations"); readers of the tables wait too, for the length of the
   * load's transaction, which holds no S3 upload (files are staged before it begins).
   */
  @Override
  public String lockTables(List<String> tables) {
    return "LOCK " + String.join(", ", tables);
  }

  @Override
  public boolean canAlterTypeInTransaction() {
    return false;
  }

  /** What is_large_string_enabled() said, once asked: the parameter needs a reboot to change. */
  private volatile Integer superStringBytes;

  /**
   * 65,535 bytes, or 16,000,000 where the cluster opted in with the parameter
   * enable_large_strings_opt_in=Yes, which is_large_string_enabled() tells ("SUPER type
   * limitations", "enable_large_strings_opt_in"); a cluster without the function has not.
   */
  @Override
  public int maxSuperStringBytes(Connection connection) throws SQLException {
    Integer known = superStringBytes;
    if (known != null) {
      return known;
    }
    boolean large;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT is_large_string_enabled()")) {
      large = rows.next() && rows.getBoolean(1);
    } catch (SQLException absent) {
      rollbackQuietly(connection);
      large = false;
    }
    superStringBytes = large ? LARGE_SUPER_STRING_BYTES : LIMITS.maxVarcharBytes();
    return superStringBytes;
  }

  /** The longest SUPER string where the cluster opted in to large strings. */
  public static final int LARGE_SUPER_STRING_BYTES = 16_000_000;

  /** STV_SESSIONS: a user sees its own sessions (Database Developer Guide, "STV_SESSIONS"). */
  @Override
  public String sessionQuery() {
    return "SELECT process, CAST(starttime AS VARCHAR) FROM stv_sessions"
        + " WHERE process = pg_backend_pid()";
  }

  @Override
  public String liveSessionQuery() {
    return "SELECT COUNT(*) FROM stv_sessions WHERE process = ? AND CAST(starttime AS VARCHAR) = ?";
  }

  @Override
  public boolean canWidenKeyColumns() {
    return false;
  }

  /**
   * VARCHARs get an explicit encoding that ALTER COLUMN TYPE accepts: ZSTD, or RAW in the sort key
   * (as Redshift recommends for sort key columns). Left to ENCODE AUTO, a VARCHAR may be given
   * BYTEDICT, RUNLENGTH, TEXT255 or TEXT32K, and then can never be widened.
   */
  @Override
  public String columnOptions(Column column, boolean sortKey) {
    if (column.type().kind() != SqlType.Kind.VARCHAR) {
      return "";
    }
    return sortKey ? " ENCODE RAW" : " ENCODE ZSTD";
  }

  /**
   * Redshift treats trailing blanks in VARCHAR values as insignificant in comparisons, so {@code
   * 'SKU1'} equals {@code 'SKU1 '}; OCTET_LENGTH counts them, so equal lengths make the comparison
   * exact (Database Developer Guide, "Character types" and "OCTET_LENGTH function").
   */
  @Override
  public String keyEquals(Column key, String left, String right) {
    if (key.type().kind() != SqlType.Kind.VARCHAR) {
      return left + " = " + right;
    }
    return left + " = " + right + " AND OCTET_LENGTH(" + left + ") = OCTET_LENGTH(" + right + ")";
  }

  @Override
  public boolean copiesStraightIntoTargets() {
    return false;
  }

  @Override
  public void copyInto(
      Connection connection, String quotedTable, List<Column> columns, StagedObject file)
      throws SQLException {
    List<String> names = columns.stream().map(c -> Identifiers.quote(c.name())).toList();
    String sql =
        "COPY "
            + quotedTable
            + " ("
            + String.join(", ", names)
            + ") FROM '"
            + literal(file.uri())
            + "' "
            + authorization()
            + " FORMAT AS PARQUET";
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      // The statement text may hold credentials: never let it reach a message or a log.
      ServerError server = serverError(e);
      throw new CopyFailure(
          "COPY of " + file.uri() + " into " + quotedTable + " failed: " + scrub(e.getMessage()),
          e,
          server == null ? null : new ServerError(scrub(server.message()), scrub(server.detail())));
    }
  }

  /** IAM_ROLE of the COPY role, or CREDENTIALS with the keys the connector itself uses now. */
  String authorization() {
    if (iamRole != null) {
      return "IAM_ROLE '" + literal(iamRole) + "'";
    }
    AwsCredentials resolved = credentialsProvider().resolveCredentials();
    lastCredentials = resolved;
    StringBuilder text =
        new StringBuilder("aws_access_key_id=")
            .append(resolved.accessKeyId())
            .append(";aws_secret_access_key=")
            .append(resolved.secretAccessKey());
    if (resolved instanceof AwsSessionCredentials session) {
      text.append(";token=").append(session.sessionToken());
    }
    return "CREDENTIALS '" + literal(text.toString()) + "'";
  }

  private synchronized AwsCredentialsProvider credentialsProvider() {
    if (credentials == null) {
      credentials = credentialsSource.get();
    }
    return credentials;
  }

  private String scrub(String message) {
    if (message == null) {
      return "";
    }
    String scrubbed = message;
    AwsCredentials used = lastCredentials;
    if (used != null) {
      scrubbed = scrubbed.replace(used.secretAccessKey(), "[hidden]");
      if (used instanceof AwsSessionCredentials session) {
        scrubbed = scrubbed.replace(session.sessionToken(), "[hidden]");
      }
    }
    return scrubbed;
  }

  /**
   * The load errors of the staged file a COPY failed on: SYS_LOAD_ERROR_DETAIL first (Redshift
   * Serverless and concurrency-scaling loads record errors only there), then STL_LOAD_ERRORS when
   * SYS has none or does not exist. Found by the file's name, which is unique to the load attempt
   * (staged names carry an attempt id), never by pg_last_copy_id(): that is STL's query id, which
   * SYS views do not share ("Migrating to SYS monitoring views"), and it is not updated for a COPY
   * rolled back or failed before loading, so it can name an earlier COPY ("PG_LAST_COPY_ID").
   */
  @Override
  public List<LoadError> loadErrors(
      Connection connection, SQLException failure, StagedObject copying) throws SQLException {
    if (copying == null) {
      return List.of();
    }
    String sysQuery =
        "SELECT file_name, line_number, column_name, error_code, error_message"
            + " FROM sys_load_error_detail WHERE TRIM(file_name) = ?"
            + " ORDER BY line_number LIMIT 20";
    String stlQuery =
        "SELECT filename, line_number, colname, err_code, err_reason FROM stl_load_errors"
            + " WHERE TRIM(filename) = ? ORDER BY line_number LIMIT 20";
    for (String query : List.of(sysQuery, stlQuery)) {
      List<LoadError> errors = new ArrayList<>();
      try (java.sql.PreparedStatement statement = connection.prepareStatement(query)) {
        statement.setString(1, copying.uri());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            errors.add(
                new LoadError(
                    trimmed(rows.getString(1)),
                    rows.getLong(2),
                    rows.getString(3),
                    rows.getInt(4),
                    rows.getString(5)));
          }
        }
      } catch (SQLException unavailable) {
        // Not on every cluster version or kind; the other table may have it. A failed query
        // aborts the transaction it ran in, so start afresh.
        rollbackQuietly(connection);
        continue;
      }
      if (!errors.isEmpty()) {
        return errors;
      }
    }
    return List.of();
  }

  /** Both tables pad file names with blanks (CHAR columns). */
  private static String trimmed(String text) {
    return text == null ? null : text.trim();
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // The next statement reports a broken connection.
    }
  }

  /**
   * Connection failures (08xxx), cancelled statements, and the conflicts between concurrent writers
   * that Redshift reports as error 1023 (serializable isolation violation) or, under snapshot
   * isolation, as a conflict with a concurrent transaction. The code is read from the server's
   * error, never from the message text, which can hold an S3 key with any digits in it.
   */
  @Override
  public boolean isTransient(SQLException error) {
    String state = error.getSQLState();
    if (state != null
        && (state.startsWith("08") || state.equals("40001") || state.equals("57014"))) {
      return true;
    }
    ServerError server = serverError(error);
    if (server == null) {
      return false;
    }
    String primary = server.message() == null ? "" : server.message().trim();
    String detail = server.detail() == null ? "" : server.detail().trim();
    return primary.equals(SERIALIZABLE_ISOLATION_VIOLATION)
        || detail.startsWith("Serializable isolation violation")
        || primary.startsWith("could not complete because of conflict with concurrent transaction");
  }

  /** Redshift's error code for a serializable isolation violation, as its primary message. */
  static final String SERIALIZABLE_ISOLATION_VIOLATION = "1023";

  /** The primary message and detail of the server's error, from the driver's exception. */
  record ServerError(String message, String detail) {}

  /** The server error in {@code error}'s chain, or null when the driver raised none. */
  static ServerError serverError(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof CopyFailure copy) {
        return copy.server;
      }
      if (cause instanceof com.amazon.redshift.util.RedshiftException redshift
          && redshift.getServerErrorMessage() != null) {
        return new ServerError(
            redshift.getServerErrorMessage().getMessage(),
            redshift.getServerErrorMessage().getDetail());
      }
    }
    return null;
  }

  /**
   * A failed COPY, its message scrubbed of credentials; the driver's exception is not kept (its
   * text could hold the statement), only its scrubbed server error, to classify it.
   */
  static final class CopyFailure extends SQLException {
    private static final long serialVersionUID = 1L;
    private final transient ServerError server;

    CopyFailure(String message, SQLException cause, ServerError server) {
      super(message, cause.getSQLState(), cause.getErrorCode());
      this.server = server;
    }
  }

  /** The COPY role, or null: the setting's value, trimmed. */
  private static String copyIamRole(AbstractConfig config) {
    String role = config.getString(COPY_IAM_ROLE);
    return role == null || role.isBlank() ? null : role.trim();
  }

  private static final class Definition implements DialectDefinition {
    @Override
    public SinkEnums.DialectName name() {
      return SinkEnums.DialectName.REDSHIFT;
    }

    @Override
    public String urlPrefix() {
      return "jdbc:redshift:";
    }

    @Override
    public String urlExample() {
      return "jdbc:redshift://cluster.abc.eu-west-1.redshift.amazonaws.com:5439/dev";
    }

    @Override
    public Driver driver() {
      return new com.amazon.redshift.jdbc.Driver();
    }

    @Override
    public void define(ConfigDef def) {
      ConfigGroups.in(def, "Redshift")
          .define(
              DISTRIBUTION,
              ConfigDef.Type.STRING,
              Distribution.KEY.name(),
              Validators.oneOf(Distribution.class),
              ConfigDef.Importance.LOW,
              "Redshift distribution style of the tables the connector creates: KEY on the"
                  + " partition key (child tables too, so parent and children join locally), AUTO,"
                  + " EVEN or ALL.",
              "Distribution style")
          .define(
              SORT_KEY,
              ConfigDef.Type.STRING,
              SortKey.KEY.name(),
              Validators.oneOf(SortKey.class),
              ConfigDef.Importance.LOW,
              "Redshift sort key of created tables: KEY (the primary key columns), AUTO or NONE.",
              "Sort key")
          .define(
              COPY_IAM_ROLE,
              ConfigDef.Type.STRING,
              "",
              Validators.matching("arn:aws[a-z-]*:iam::\\d{12}:role/.+", "an IAM role ARN"),
              ConfigDef.Importance.HIGH,
              "For the REDSHIFT dialect: the IAM role, associated with the cluster, that COPY uses"
                  + " to read the staged files (IAM_ROLE). When empty, COPY uses the connector's"
                  + " static AWS keys (CREDENTIALS), which then must be set.",
              "COPY IAM role");
    }

    @Override
    public List<Problem> problems(AbstractConfig config, AwsSettings aws) {
      if (copyIamRole(config) == null && !aws.hasStaticCredentials() && !aws.assumesRole()) {
        return List.of(
            new Problem(
                COPY_IAM_ROLE,
                "COPY needs a way to read the staged files: set an IAM role associated with the"
                    + " cluster, or give the connector AWS keys ("
                    + AwsSettings.ACCESS_KEY_ID
                    + ") or a role to assume ("
                    + AwsSettings.ROLE_ARN
                    + "), whose credentials COPY then uses"));
      }
      return List.of();
    }

    @Override
    public Dialect create(AbstractConfig config, AwsSettings aws, StagingStore staging) {
      return new RedshiftDialect(
          Validators.parse(Distribution.class, config.getString(DISTRIBUTION)),
          Validators.parse(SortKey.class, config.getString(SORT_KEY)),
          copyIamRole(config),
          aws);
    }
  }
}
