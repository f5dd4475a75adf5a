package io.ddbsync.sink.db;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.ConfigChecks.Problem;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.ColumnVectors;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.parquet.ParquetRows;
import io.ddbsync.sink.settings.SinkEnums;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.sink.stage.StagingStore;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL: the staged Parquet object is read back from S3 and streamed into the staging table
 * with binary COPY FROM STDIN; SUPER becomes JSONB, VARBYTE BYTEA. The load is otherwise the same
 * as on Redshift.
 */
public final class PostgresDialect implements Dialect {
  /**
   * Redshift's VARCHAR and VARBYTE limits, although PostgreSQL could store longer values: both
   * dialects then load the same rows under the same varchar.overflow.policy, so PostgreSQL can
   * stand in for Redshift in a test or a migration rehearsal. JSON goes to JSONB whole. PostgreSQL
   * refuses U+0000 in text and in JSONB strings.
   */
  public static final TypeLimits LIMITS =
      new TypeLimits(65_535, 1_024_000, Integer.MAX_VALUE, false);

  public static final DialectDefinition DEFINITION = new Definition();

  private final StagingStore staging;
  private final Catalog catalog = new PgCatalog(LIMITS);
  private final LoadStatements statements = new LoadStatements(this);

  public PostgresDialect(StagingStore staging) {
    this.staging = staging;
  }

  @Override
  public SinkEnums.DialectName name() {
    return SinkEnums.DialectName.POSTGRES;
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
      case VARBYTE -> "BYTEA";
      case DECIMAL -> "NUMERIC(" + type.length() + "," + type.scale() + ")";
      case BIGINT -> "BIGINT";
      case INTEGER -> "INTEGER";
      case BOOLEAN -> "BOOLEAN";
      case TIMESTAMP -> "TIMESTAMP";
      case SUPER -> "JSONB";
    };
  }

  @Override
  public String stagingType(Column column) {
    return column.type().kind() == SqlType.Kind.SUPER ? "TEXT" : columnType(column.type());
  }

  @Override
  public String fromStaged(Column column, String stagedExpression) {
    if (column.type().kind() != SqlType.Kind.SUPER) {
      return stagedExpression;
    }
    return Staging.parsesJson(column)
        ? "(" + stagedExpression + ")::jsonb"
        : "to_jsonb(" + stagedExpression + ")";
  }

  @Override
  public String createTable(PhysicalTable table) {
    List<String> definitions = new ArrayList<>();
    for (Column column : table.columns()) {
      definitions.add(Identifiers.quote(column.name()) + " " + columnType(column.type()));
    }
    List<String> keys = table.keyColumns().stream().map(c -> Identifiers.quote(c.name())).toList();
    definitions.add("PRIMARY KEY (" + String.join(", ", keys) + ")");
    return "CREATE TABLE " + table.qualifiedName() + " (" + String.join(", ", definitions) + ")";
  }

  @Override
  public Optional<String> keyArrayType(SqlType type) {
    return switch (type.kind()) {
      case VARCHAR -> Optional.of("varchar");
      case BIGINT -> Optional.of("int8");
      case DECIMAL -> Optional.of("numeric");
      case VARBYTE -> Optional.of("bytea");
      default -> Optional.empty();
    };
  }

  @Override
  public boolean canAlterTypeInTransaction() {
    return true;
  }

  @Override
  public void copy(
      Connection connection, String stagingTable, List<Column> columns, StagedObject file)
      throws SQLException {
    stream(
        connection,
        Identifiers.quote(stagingTable),
        columns,
        file,
        new PgBinaryCopy(columns.stream().map(Column::type).toList()));
  }

  /** Into a table of the connector's own types: SUPER columns are JSONB here, and sent as such. */
  @Override
  public void copyInto(
      Connection connection, String quotedTable, List<Column> columns, StagedObject file)
      throws SQLException {
    stream(connection, quotedTable, columns, file, PgBinaryCopy.forTargetColumns(columns));
  }

  @Override
  public boolean copiesJsonIntoTables() {
    return true;
  }

  private void stream(
      Connection connection,
      String quotedTable,
      List<Column> columns,
      StagedObject file,
      PgBinaryCopy encoder)
      throws SQLException {
    // The rows the file was written from, in its column order, when this task staged it: the
    // values as they are, without writing them to Parquet and reading them back. Otherwise the
    // file as staged: the bytes uploaded for this batch, or the object itself.
    List<Object[]> rows = file.rows();
    byte[] parquet = null;
    if (rows == null) {
      parquet = file.uploaded() != null ? file.uploaded() : staging.get(file);
      List<String> fileColumns = ParquetRows.columnNames(parquet);
      if (fileColumns.size() != columns.size()) {
        throw new SQLException(
            "The staged file "
                + file.uri()
                + " has "
                + fileColumns.size()
                + " columns, the staging table "
                + columns.size());
      }
    }
    List<String> names = columns.stream().map(c -> Identifiers.quote(c.name())).toList();
    String sql =
        "COPY " + quotedTable + " (" + String.join(", ", names) + ") FROM STDIN (FORMAT binary)";
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      byte[] header = encoder.header();
      copy.writeToCopy(header, 0, header.length);
      java.util.function.Consumer<Object[]> send =
          row -> {
            int length = encoder.encode(row);
            try {
              copy.writeToCopy(encoder.encoded(), 0, length);
            } catch (SQLException e) {
              throw new CopyFailed(e);
            }
          };
      if (rows instanceof ColumnVectors.Rows stored) {
        // Text as its UTF-8 bytes, as a staged file reads back: no String made per value.
        ColumnVectors vectors = stored.vectors();
        for (int row = stored.first(); row < stored.first() + stored.size(); row++) {
          send.accept(vectors.rowWithTextAsUtf8(row));
        }
      } else if (rows != null) {
        rows.forEach(send);
      } else {
        ParquetRows.readTextAsUtf8(parquet, send);
      }
      byte[] trailer = encoder.trailer();
      copy.writeToCopy(trailer, 0, trailer.length);
      copy.endCopy();
    } catch (CopyFailed e) {
      throw e.cause;
    } catch (RuntimeException e) {
      throw new SQLException(
          "Cannot stream " + file.uri() + " into " + quotedTable + ": " + e.getMessage(), e);
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** Carries a SQLException out of the row callback. */
  private static final class CopyFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final SQLException cause;

    CopyFailed(SQLException cause) {
      super(cause);
      this.cause = cause;
    }
  }

  /**
   * The row a failed COPY names: PostgreSQL reports a value it refuses (SQLSTATE class 22, or a
   * constraint other than a duplicate key) with the COPY's line, which for a binary COPY is the row
   * of the staged file.
   */
  @Override
  public List<LoadError> loadErrors(
      Connection connection, SQLException failure, StagedObject copying) {
    if (copying == null) {
      return List.of();
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
        ServerErrorMessage message = psql.getServerErrorMessage();
        String state = message.getSQLState() == null ? "" : message.getSQLState();
        boolean rowValue =
            state.startsWith("22") || (state.startsWith("23") && !state.equals("23505"));
        Matcher where = COPY_LINE.matcher(message.getWhere() == null ? "" : message.getWhere());
        if (rowValue && where.find()) {
          return List.of(
              new LoadError(
                  copying.uri(),
                  Long.parseLong(where.group(1)),
                  where.group(2),
                  0,
                  message.getMessage()));
        }
        return List.of();
      }
    }
    return List.of();
  }

  /** {@code COPY table, line 3, column note: "..."} */
  private static final Pattern COPY_LINE =
      Pattern.compile("^COPY [^,]+, line (\\d+)(?:, column ([^:]+))?");

  @Override
  public boolean isTransient(SQLException error) {
    String state = error.getSQLState();
    return state != null
        && (state.startsWith("08")
            || state.equals("40001")
            // A key another writer inserted between the check for new keys and the COPY (see
            // BatchLoader): the retry finds the key and merges.
            || state.equals("23505")
            || state.equals("40P01")
            || state.equals("57014")
            || state.equals("53300")
            || state.equals("57P01"));
  }

  private static final class Definition implements DialectDefinition {
    @Override
    public SinkEnums.DialectName name() {
      return SinkEnums.DialectName.POSTGRES;
    }

    @Override
    public String urlPrefix() {
      return "jdbc:postgresql:";
    }

    @Override
    public String urlExample() {
      return "jdbc:postgresql://localhost:5432/warehouse";
    }

    @Override
    public Driver driver() {
      return new org.postgresql.Driver();
    }

    @Override
    public void define(ConfigDef def) {
      // No settings of its own.
    }

    @Override
    public List<Problem> problems(AbstractConfig config, AwsSettings aws) {
      return List.of();
    }

    @Override
    public Dialect create(AbstractConfig config, AwsSettings aws, StagingStore staging) {
      return new PostgresDialect(staging);
    }
  }
}
