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
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Amazon Redshift: COPY from the staged Parquet on S3 with an explicit column list (columns are
 * matched by position), SUPER through JSON_PARSE, KEY distribution and sort keys, VARCHAR widened
 * outside transactions, serializable-isolation conflicts (error 1023) retried.
 */
public final class RedshiftDialect implements Dialect {
  public static final String DISTRIBUTION = "redshift.distribution";
  public static final String SORT_KEY = "redshift.sort.key";
  public static final String COPY_IAM_ROLE = "redshift.copy.iam.role";

  /** Redshift's: VARCHAR(65535) and VARBYTE(1,024,000) in bytes; JSON is staged as VARCHAR. */
  public static final TypeLimits LIMITS = new TypeLimits(65_535, 1_024_000, 65_535);

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
  private final AwsSettings aws;
  private final Catalog catalog = new PgCatalog(LIMITS);

  public RedshiftDialect(
      Distribution distribution, SortKey sortKey, String iamRole, AwsSettings aws) {
    this.distribution = distribution;
    this.sortKey = sortKey;
    this.iamRole = iamRole;
    this.aws = aws;
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

  @Override
  public String createTable(PhysicalTable table) {
    List<String> definitions = new ArrayList<>();
    for (Column column : table.columns()) {
      definitions.add(Identifiers.quote(column.name()) + " " + columnType(column.type()));
    }
    List<String> keys = table.keyColumns().stream().map(c -> Identifiers.quote(c.name())).toList();
    definitions.add("PRIMARY KEY (" + String.join(", ", keys) + ")");
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ");
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

  @Override
  public boolean canAlterTypeInTransaction() {
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
            + file.uri().replace("'", "''")
            + "' "
            + authorization()
            + " FORMAT AS PARQUET";
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      // The statement text may hold credentials: never let it reach a message or a log.
      throw new SQLException(
          "COPY of " + file.uri() + " into " + quotedTable + " failed: " + scrub(e.getMessage()),
          e.getSQLState(),
          e.getErrorCode());
    }
  }

  private String authorization() {
    if (iamRole != null) {
      return "IAM_ROLE '" + iamRole.replace("'", "''") + "'";
    }
    StringBuilder credentials =
        new StringBuilder("aws_access_key_id=")
            .append(aws.accessKeyId())
            .append(";aws_secret_access_key=")
            .append(aws.secretAccessKey().value());
    if (aws.sessionToken() != null && !aws.sessionToken().value().isEmpty()) {
      credentials.append(";token=").append(aws.sessionToken().value());
    }
    return "CREDENTIALS '" + credentials.toString().replace("'", "''") + "'";
  }

  private String scrub(String message) {
    if (message == null) {
      return "";
    }
    String scrubbed = message;
    if (aws.secretAccessKey() != null && !aws.secretAccessKey().value().isEmpty()) {
      scrubbed = scrubbed.replace(aws.secretAccessKey().value(), "[hidden]");
    }
    if (aws.sessionToken() != null && !aws.sessionToken().value().isEmpty()) {
      scrubbed = scrubbed.replace(aws.sessionToken().value(), "[hidden]");
    }
    return scrubbed;
  }

  @Override
  public List<LoadError> loadErrors(Connection connection) throws SQLException {
    List<LoadError> errors = new ArrayList<>();
    String sysQuery =
        "SELECT file_name, line_number, column_name, error_message FROM sys_load_error_detail"
            + " WHERE query_id = pg_last_copy_id() ORDER BY line_number LIMIT 20";
    String stlQuery =
        "SELECT filename, line_number, colname, err_reason FROM stl_load_errors"
            + " WHERE query = pg_last_copy_id() ORDER BY line_number LIMIT 20";
    for (String query : List.of(sysQuery, stlQuery)) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(query)) {
        while (rows.next()) {
          errors.add(
              new LoadError(
                  rows.getString(1), rows.getLong(2), rows.getString(3), rows.getString(4)));
        }
        return errors;
      } catch (SQLException unavailable) {
        // SYS_LOAD_ERROR_DETAIL is not on every cluster version; try STL_LOAD_ERRORS.
        errors.clear();
      }
    }
    return errors;
  }

  @Override
  public boolean isTransient(SQLException error) {
    String state = error.getSQLState();
    String message = error.getMessage() == null ? "" : error.getMessage();
    return (state != null
            && (state.startsWith("08") || state.equals("40001") || state.equals("57014")))
        || message.contains("Serializable isolation violation")
        || message.contains("1023");
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
      if (copyIamRole(config) == null && !aws.hasStaticCredentials()) {
        return List.of(
            new Problem(
                COPY_IAM_ROLE,
                "COPY needs a way to read the staged files: set an IAM role associated with the"
                    + " cluster, or static AWS keys ("
                    + AwsSettings.ACCESS_KEY_ID
                    + ")"));
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
