package io.ddbsync.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.RedshiftDialect;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.parquet.ParquetRows;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.redshift.RedshiftStandIn;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The Redshift stand-in through the real Redshift JDBC driver: it accepts what the sink sends and
 * refuses what Redshift refuses, and its COPY follows Redshift's rules.
 */
class RedshiftStandInIT {
  private static String database;
  private Connection connection;

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
    database = PostgresServer.shared().createDatabase();
  }

  @BeforeEach
  void connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    connection =
        new com.amazon.redshift.jdbc.Driver()
            .connect(SinkStack.standIn().jdbcUrl(database), properties);
    assertThat(connection).as("the Redshift driver connects through the stand-in").isNotNull();
    execute(
        "CREATE TABLE IF NOT EXISTS t (id VARCHAR(10) ENCODE RAW, doc SUPER, raw VARBYTE(100),"
            + " note VARCHAR(10) ENCODE ZSTD, tag VARCHAR(10), code VARCHAR(10) ENCODE BYTEDICT,"
            + " PRIMARY KEY (id)) DISTSTYLE KEY DISTKEY (id) SORTKEY (id)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET doc = s.doc WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.id > 'a' THEN UPDATE SET doc = s.doc WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)",
        "INSERT INTO t (id) VALUES ('a') ON CONFLICT (id) DO NOTHING",
        "ALTER TABLE t ADD COLUMN a INTEGER, ADD COLUMN b INTEGER",
        "CREATE TABLE wide (v VARCHAR(70000))",
        "CREATE TABLE precise (v DECIMAL(39,2))",
        "CREATE TABLE j (v JSONB)",
        "DELETE FROM t WHERE id = 'a' RETURNING id",
        // "Names and identifiers": at most 127 bytes.
        "CREATE TABLE \"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\" (v INTEGER)",
        // "VARBYTE type": at most 1,024,000 bytes.
        "CREATE TABLE b (v VARBYTE(1024001))"
      })
  void statementsRedshiftRefusesAreRefused(String sql) {
    assertThatThrownBy(() -> execute(sql)).isInstanceOf(SQLException.class);
  }

  @Test
  void alterColumnTypeOnlyWidensVarcharsOutsideTransactions() throws SQLException {
    connection.setAutoCommit(false);
    assertThatThrownBy(() -> execute("ALTER TABLE t ALTER COLUMN note TYPE VARCHAR(20)"))
        .hasMessageContaining("cannot run inside a transaction block");
    // The failed statement aborted the transaction, as on Redshift, until it is rolled back.
    assertThatThrownBy(() -> execute("SELECT 1"))
        .hasMessageContaining("current transaction is aborted");
    connection.rollback();
    connection.setAutoCommit(true);
    execute("ALTER TABLE t ALTER COLUMN note TYPE VARCHAR(20)");
    assertThatThrownBy(() -> execute("ALTER TABLE t ALTER COLUMN note TYPE BIGINT"))
        .isInstanceOf(SQLException.class);
  }

  /**
   * ALTER TABLE, "ALTER COLUMN column_name TYPE updated_varchar_data_type_size": "You can't alter
   * columns with UNIQUE, PRIMARY KEY, or FOREIGN KEY" and "You can't alter a column with
   * compression encodings BYTEDICT, RUNLENGTH, TEXT255, or TEXT32K"; a column left to ENCODE AUTO
   * may get one of those, so the stand-in refuses it too.
   */
  @Test
  void keyColumnsAndColumnsWithoutAWideningEncodingAreNeverAltered() throws SQLException {
    assertThatThrownBy(() -> execute("ALTER TABLE t ALTER COLUMN id TYPE VARCHAR(20)"))
        .hasMessageContaining("PRIMARY KEY");
    assertThatThrownBy(() -> execute("ALTER TABLE t ALTER COLUMN code TYPE VARCHAR(20)"))
        .hasMessageContaining("BYTEDICT");
    assertThatThrownBy(() -> execute("ALTER TABLE t ALTER COLUMN tag TYPE VARCHAR(20)"))
        .hasMessageContaining("ENCODE AUTO");
    execute("ALTER TABLE t ADD COLUMN later VARCHAR(10) ENCODE LZO");
    execute("ALTER TABLE t ALTER COLUMN later TYPE VARCHAR(20)");
  }

  /**
   * "Character types": trailing spaces in VARCHAR values are insignificant when values are
   * compared, so 'SKU1' and 'SKU1 ' match in a MERGE, a DELETE ... USING and an UPDATE ... FROM,
   * and OCTET_LENGTH counts the trailing spaces of a VARCHAR.
   */
  @Test
  void varcharKeysThatDifferInTrailingBlanksMatchAsOnRedshift() throws SQLException {
    execute("CREATE TABLE blanks (k VARCHAR(10) ENCODE RAW, v INTEGER)");
    execute("CREATE TEMP TABLE s (k VARCHAR(10), v INTEGER)");
    execute("INSERT INTO blanks VALUES ('SKU1', 1)");
    execute("INSERT INTO s VALUES ('SKU1 ', 2)");

    execute(
        "UPDATE \"public\".\"blanks\" SET v = 3 FROM \"s\" WHERE \"public\".\"blanks\".\"k\" = \"s\".\"k\"");
    assertThat(SinkStack.rows(database, "SELECT v FROM blanks")).containsExactly(List.of("3"));
    execute(
        "UPDATE \"public\".\"blanks\" SET v = 4 FROM \"s\" WHERE \"public\".\"blanks\".\"k\" = \"s\".\"k\""
            + " AND OCTET_LENGTH(\"public\".\"blanks\".\"k\") = OCTET_LENGTH(\"s\".\"k\")");
    assertThat(SinkStack.rows(database, "SELECT v FROM blanks")).containsExactly(List.of("3"));
    execute(
        "DELETE FROM \"public\".\"blanks\" USING \"s\" WHERE \"public\".\"blanks\".\"k\" = \"s\".\"k\"");
    assertThat(SinkStack.rows(database, "SELECT count(*) FROM blanks"))
        .containsExactly(List.of("0"));
  }

  @Test
  void copyLoadsColumnsByPositionAndJsonParseMakesSuper() throws Exception {
    List<Column> columns =
        List.of(
            new Column("a", SqlType.varchar(10), "a"), new Column("b", SqlType.varchar(100), "b"));
    StagedObject file =
        stage(
            "ok.parquet",
            columns,
            List.of(new Object[] {"k1", "{\"x\":1}"}, new Object[] {"k2", "[1,2]"}));
    execute("CREATE TEMP TABLE stage_ok (id VARCHAR(10), doc VARCHAR(100))");
    dialect()
        .copy(
            connection,
            "stage_ok",
            List.of(
                new Column("id", SqlType.varchar(10), "id"),
                new Column("doc", SqlType.varchar(100), "doc")),
            file);
    execute("INSERT INTO t (id, doc) SELECT id, JSON_PARSE(doc) FROM stage_ok");

    assertThat(SinkStack.rows(database, "SELECT id, doc->>'x' FROM t WHERE id = 'k1'"))
        .containsExactly(List.of("k1", "1"));
  }

  @Test
  void copyRefusesAColumnCountMismatchLikeRedshift() throws Exception {
    List<Column> columns = List.of(new Column("a", SqlType.varchar(10), "a"));
    StagedObject file = stage("one-column.parquet", columns, List.<Object[]>of(new Object[] {"x"}));
    execute("CREATE TEMP TABLE stage_two (id VARCHAR(10), doc VARCHAR(10))");

    assertThatThrownBy(
            () ->
                execute(
                    "COPY stage_two (id, doc) FROM '"
                        + file.uri()
                        + "' IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS PARQUET"))
        .hasMessageContaining("Unmatched number of columns between table and file");
  }

  /**
   * "COPY from columnar data formats": "The number of columns in the target table and the number of
   * columns in the data file must match", even when the COPY lists only the file's columns.
   */
  @Test
  void copyRefusesAFileWithFewerColumnsThanTheTableEvenWithAColumnList() throws Exception {
    List<Column> columns = List.of(new Column("a", SqlType.varchar(10), "a"));
    StagedObject file = stage("listed.parquet", columns, List.<Object[]>of(new Object[] {"x"}));
    execute("CREATE TEMP TABLE stage_wider (id VARCHAR(10), doc VARCHAR(10))");

    assertThatThrownBy(
            () ->
                execute(
                    "COPY stage_wider (id) FROM '"
                        + file.uri()
                        + "' IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS PARQUET"))
        .hasMessageContaining("Table columns: 2, Data columns: 1");
  }

  @Test
  void aValueLongerInBytesThanTheVarcharFailsTheLoadAndTheErrorTablesSayWhere() throws Exception {
    List<Column> columns = List.of(new Column("id", SqlType.varchar(10), "id"));
    // Ten characters, twenty bytes: PostgreSQL would accept it, Redshift counts bytes.
    StagedObject file =
        stage(
            "too-long.parquet",
            columns,
            List.of(new Object[] {"fine"}, new Object[] {"éééééééééé"}));
    connection.setAutoCommit(false);
    execute("CREATE TEMP TABLE stage_long (id VARCHAR(10))");

    assertThatThrownBy(() -> dialect().copy(connection, "stage_long", columns, file))
        .hasMessageContaining("sys_load_error_detail");
    connection.rollback();
    List<Dialect.LoadError> errors = dialect().loadErrors(connection, null, file);
    assertThat(errors)
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.line()).isEqualTo(2);
              assertThat(error.file()).isEqualTo(file.uri());
              assertThat(error.reason()).contains("String length exceeds DDL length");
            });
  }

  /**
   * Redshift Serverless (and concurrency scaling) records load errors only in
   * SYS_LOAD_ERROR_DETAIL, and has no STL views; a cluster on an older patch fills STL only. The
   * failing row is found on each.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(RedshiftStandIn.Kind.class)
  void theRowALoadFailedOnIsFoundOnEveryKindOfRedshift(RedshiftStandIn.Kind kind) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    try (RedshiftStandIn standIn =
            RedshiftStandIn.start(PostgresServer.shared(), MotoServer.sharedOrSkip().s3(), kind);
        Connection session = connect(standIn, db)) {
      List<Column> columns = List.of(new Column("id", SqlType.varchar(4), "id"));
      StagedObject file =
          stage(
              "kind-" + kind + ".parquet",
              columns,
              List.of(new Object[] {"ok"}, new Object[] {"too long"}));
      session.setAutoCommit(false);
      try (Statement statement = session.createStatement()) {
        statement.execute("CREATE TEMP TABLE stage_kind (id VARCHAR(4))");
      }

      assertThatThrownBy(() -> dialect().copy(session, "stage_kind", columns, file))
          .isInstanceOf(SQLException.class);
      session.rollback();
      List<Dialect.LoadError> errors = dialect().loadErrors(session, null, file);

      assertThat(errors)
          .as(kind.name())
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.line()).isEqualTo(2);
                assertThat(error.rowLevel()).isTrue();
              });
      if (kind == RedshiftStandIn.Kind.SERVERLESS) {
        assertThatThrownBy(() -> SinkStack.rows(db, "SELECT count(*) FROM stl_load_errors"))
            .as("Serverless has no STL views")
            .isInstanceOf(SQLException.class);
      }
      if (kind == RedshiftStandIn.Kind.PROVISIONED) {
        // One COPY, two ids: SYS's query_id is not STL's query (nor pg_last_copy_id()).
        assertThat(SinkStack.rows(db, "SELECT query FROM stl_load_errors"))
            .isNotEqualTo(SinkStack.rows(db, "SELECT query_id FROM sys_load_error_detail"));
      }
    }
  }

  /**
   * A value a Parquet COPY cannot store, as Redshift Spectrum's scan reports it: a "Spectrum Scan
   * Error" naming the file and the column but no row, which the sink finds by halving its batch.
   */
  @Test
  void aParquetValueErrorWithoutItsRowIsToldApartFromAFileError() throws Exception {
    String db = PostgresServer.shared().createDatabase();
    try (RedshiftStandIn standIn =
            RedshiftStandIn.start(PostgresServer.shared(), MotoServer.sharedOrSkip().s3())
                .rowlessParquetValueErrors(true);
        Connection session = connect(standIn, db)) {
      List<Column> columns = List.of(new Column("id", SqlType.varchar(4), "id"));
      StagedObject file =
          stage(
              "rowless.parquet", columns, List.of(new Object[] {"ok"}, new Object[] {"too long"}));
      session.setAutoCommit(false);
      try (Statement statement = session.createStatement()) {
        statement.execute("CREATE TEMP TABLE stage_rowless (id VARCHAR(4))");
      }

      assertThatThrownBy(() -> dialect().copy(session, "stage_rowless", columns, file))
          .isInstanceOf(SQLException.class);
      session.rollback();

      assertThat(dialect().loadErrors(session, null, file))
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.rowLevel()).isFalse();
                assertThat(error.valueWithoutRow()).isTrue();
              });
    }
  }

  private static Connection connect(RedshiftStandIn standIn, String db) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    return new com.amazon.redshift.jdbc.Driver().connect(standIn.jdbcUrl(db), properties);
  }

  private StagedObject stage(String key, List<Column> columns, List<Object[]> rows) {
    byte[] parquet = ParquetRows.write(columns, new ArrayList<>(rows), CompressionCodecName.SNAPPY);
    MotoServer.sharedOrSkip()
        .s3()
        .putObject(
            b -> b.bucket(SinkStack.BUCKET).key("stand-in/" + key), RequestBody.fromBytes(parquet));
    return new StagedObject(SinkStack.BUCKET, "stand-in/" + key, parquet.length);
  }

  private RedshiftDialect dialect() {
    return SinkStack.redshiftDialect(RedshiftDialect.CopyFiles.DEFAULT);
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
