package io.ddbsync.sink.db;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.settings.SinkEnums;
import io.ddbsync.sink.stage.StagedObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Amazon Redshift: its types and limits, DDL (KEY distribution and sort keys, VARCHAR encodings
 * that can be widened, outside transactions), SUPER through JSON_PARSE, one-mode LOCK and its
 * session views. COPY and its credentials are {@link RedshiftCopy}'s; what Redshift's errors say
 * (transient or not, load error views) is {@link RedshiftErrors}'; its settings are {@link
 * RedshiftDefinition}'s.
 */
public final class RedshiftDialect implements Dialect {
  /**
   * Redshift's: VARCHAR(65535) and VARBYTE(1,024,000) in bytes; JSON is staged as VARCHAR. Whether
   * Redshift's Parquet COPY stores, cuts or refuses U+0000 is not verified (no cluster here), so
   * such values go to the dead letter queue rather than risk a silent cut.
   */
  public static final TypeLimits LIMITS = new TypeLimits(65_535, 1_024_000, 65_535, false);

  /** The most files one COPY of a table's rows in a batch is given. */
  public static final int MAX_COPY_FILES = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(RedshiftDialect.class);

  /** What the dialect is before it is created: its URL form, driver and settings. */
  public static final DialectDefinition DEFINITION = new RedshiftDefinition();

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

  /**
   * How many files a table's rows in a batch are staged as ({@link CopySplit}).
   *
   * @param files the most files, or 0 for as many as the cluster has slices (STV_SLICES)
   * @param minRowsPerFile the fewest rows a file of a split table holds
   */
  public record CopyFiles(int files, int minRowsPerFile) {
    /** The defaults: as many files as slices, of at least 20,000 rows each. */
    public static final CopyFiles DEFAULT = new CopyFiles(0, 20_000);
  }

  private final Distribution distribution;
  private final SortKey sortKey;
  private final RedshiftCopy copy;
  private final CopyFiles copyFiles;
  // The split once known: the configured count, or the slice count read once.
  private volatile CopySplit split;
  private final Catalog catalog = new PgCatalog(LIMITS);
  private final LoadStatements statements = new LoadStatements(this);

  public RedshiftDialect(
      Distribution distribution, SortKey sortKey, String iamRole, AwsSettings aws) {
    this(distribution, sortKey, iamRole, aws::credentialsProvider, CopyFiles.DEFAULT);
  }

  public RedshiftDialect(
      Distribution distribution,
      SortKey sortKey,
      String iamRole,
      AwsSettings aws,
      CopyFiles copyFiles) {
    this(distribution, sortKey, iamRole, aws::credentialsProvider, copyFiles);
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
      Supplier<AwsCredentialsProvider> credentials,
      CopyFiles copyFiles) {
    this.distribution = distribution;
    this.sortKey = sortKey;
    this.copy = new RedshiftCopy(iamRole, credentials);
    this.copyFiles = copyFiles;
  }

  RedshiftDialect(
      Distribution distribution,
      SortKey sortKey,
      String iamRole,
      Supplier<AwsCredentialsProvider> credentials) {
    this(distribution, sortKey, iamRole, credentials, CopyFiles.DEFAULT);
  }

  /**
   * The configured file count, or the cluster's slice count from STV_SLICES, read once
   * ("STV_SLICES", Database Developer Guide: visible to all users); one file where the table cannot
   * be read or has no rows (the stand-in models Redshift Serverless without it; not verified on a
   * real workgroup), which {@code redshift.copy.files} overrides with a number.
   */
  @Override
  public CopySplit copySplit(Connection connection) throws SQLException {
    CopySplit known = split;
    if (known != null) {
      return known;
    }
    int files = copyFiles.files();
    if (files == 0) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM stv_slices")) {
        files = rows.next() ? Math.max(1, rows.getInt(1)) : 1;
      } catch (SQLException unreadable) {
        RedshiftErrors.rollbackQuietly(connection);
        LOG.info(
            "The cluster's slices cannot be counted ({}): each table's rows in a batch are staged"
                + " as one file; set redshift.copy.files to split them",
            unreadable.getMessage());
        files = 1;
      }
    }
    split = new CopySplit(Math.min(files, MAX_COPY_FILES), copyFiles.minRowsPerFile());
    return split;
  }

  /**
   * Only the columns used in predicates (all columns while none is known): "ANALYZE ... PREDICATE
   * COLUMNS" (Database Developer Guide, ANALYZE). Redshift skips the table when fewer rows than
   * analyze_threshold_percent changed since its last ANALYZE.
   */
  @Override
  public String analyze(String qualifiedTable) {
    return "ANALYZE " + qualifiedTable + " PREDICATE COLUMNS";
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
  public LoadStatements statements() {
    return statements;
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
    return literalOf(text);
  }

  /** {@link #literal}, for the classes of this dialect. */
  static String literalOf(String text) {
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
      RedshiftErrors.rollbackQuietly(connection);
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
    copy.copy(
        connection,
        quotedTable,
        columns.stream().map(c -> Identifiers.quote(c.name())).toList(),
        file.uri(),
        file.isManifest());
  }

  /** The authorization clause of the next COPY. */
  String authorization() {
    return copy.authorization();
  }

  /** See {@link RedshiftErrors#loadErrors}. */
  @Override
  public List<LoadError> loadErrors(
      Connection connection, SQLException failure, StagedObject copying) {
    return RedshiftErrors.loadErrors(connection, copying);
  }

  /** See {@link RedshiftErrors#isTransient}. */
  @Override
  public boolean isTransient(SQLException error) {
    return RedshiftErrors.isTransient(error);
  }
}
