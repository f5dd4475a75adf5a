package io.ddbsync.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.RedshiftDialect;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.parquet.ParquetRows;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        "CREATE TABLE IF NOT EXISTS t (id VARCHAR(10), doc SUPER, raw VARBYTE(100), PRIMARY KEY (id)) DISTSTYLE KEY DISTKEY (id) SORTKEY (id)");
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
        "DELETE FROM t WHERE id = 'a' RETURNING id"
      })
  void statementsRedshiftRefusesAreRefused(String sql) {
    assertThatThrownBy(() -> execute(sql)).isInstanceOf(SQLException.class);
  }

  @Test
  void alterColumnTypeOnlyWidensVarcharsOutsideTransactions() throws SQLException {
    connection.setAutoCommit(false);
    assertThatThrownBy(() -> execute("ALTER TABLE t ALTER COLUMN id TYPE VARCHAR(20)"))
        .hasMessageContaining("cannot run inside a transaction block");
    // The failed statement aborted the transaction, as on Redshift, until it is rolled back.
    assertThatThrownBy(() -> execute("SELECT 1"))
        .hasMessageContaining("current transaction is aborted");
    connection.rollback();
    connection.setAutoCommit(true);
    execute("ALTER TABLE t ALTER COLUMN id TYPE VARCHAR(20)");
    assertThatThrownBy(() -> execute("ALTER TABLE t ALTER COLUMN id TYPE BIGINT"))
        .isInstanceOf(SQLException.class);
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
    List<Dialect.LoadError> errors = dialect().loadErrors(connection, null, null);
    assertThat(errors)
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.line()).isEqualTo(2);
              assertThat(error.file()).isEqualTo(file.uri());
              assertThat(error.reason()).contains("String length exceeds DDL length");
            });
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
    Map<String, String> props =
        Map.of(
            RedshiftSinkConfig.CONNECTION_URL,
            "jdbc:redshift://x:5439/d",
            RedshiftSinkConfig.S3_BUCKET,
            "b");
    return new RedshiftDialect(
        RedshiftDialect.Distribution.KEY,
        RedshiftDialect.SortKey.KEY,
        "arn:aws:iam::123456789012:role/copy",
        new AwsSettings(new RedshiftSinkConfig(props)));
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
