package io.ddbsync.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.sink.db.CopySplit;
import io.ddbsync.sink.db.RedshiftDialect;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.parquet.ParquetRows;
import io.ddbsync.sink.stage.CopyManifest;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.redshift.RedshiftStandIn;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * COPY through a manifest on the stand-in, by Redshift's rules ("Using a manifest to specify data
 * files"; "COPY from columnar data formats"): every listed file loads once, a Parquet entry needs
 * its content_length, a missing mandatory file fails the COPY, and a refused row is recorded
 * against its own file with its line in that file, which names its record. The slice count the sink
 * splits by is read from STV_SLICES.
 */
class CopyManifestIT {
  private static final List<Column> COLUMNS = List.of(new Column("id", SqlType.varchar(4), "id"));
  private static String database;

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
    database = PostgresServer.shared().createDatabase();
  }

  @Test
  void everyFileOfTheManifestLoadsOnce() throws Exception {
    StagedObject manifest =
        manifest("all", List.of(rows("a1", "a2"), rows("b1", "b2", "b3"), rows("c1")));
    try (Connection session = connect(SinkStack.standIn())) {
      execute(session, "CREATE TEMP TABLE stage_all (id VARCHAR(4))");
      dialect(0).copy(session, "stage_all", COLUMNS, manifest);

      assertThat(column(session, "SELECT id FROM stage_all ORDER BY id"))
          .containsExactly("a1", "a2", "b1", "b2", "b3", "c1");
    }
  }

  @Test
  void aRowRefusedInOnePartIsRecordedAgainstThatPartWithItsLineInIt() throws Exception {
    StagedObject manifest =
        manifest("refused", List.of(rows("a1", "a2"), rows("b1", "b2"), rows("c1", "toolong")));
    try (Connection session = connect(SinkStack.standIn())) {
      session.setAutoCommit(false);
      execute(session, "CREATE TEMP TABLE stage_refused (id VARCHAR(4))");

      assertThatThrownBy(() -> dialect(0).copy(session, "stage_refused", COLUMNS, manifest))
          .hasMessageContaining("sys_load_error_detail");
      session.rollback();
      assertThat(dialect(0).loadErrors(session, null, manifest))
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.file()).isEqualTo(manifest.parts().get(2).uri());
                assertThat(error.line()).isEqualTo(2);
                assertThat(error.rowLevel()).isTrue();
              });
    }
  }

  @Test
  void aManifestRedshiftWouldNotReadIsRefused() throws Exception {
    StagedObject part = part("rules-1.parquet", rows("a1"));
    String url = part.uri();
    try (Connection session = connect(SinkStack.standIn())) {
      execute(session, "CREATE TEMP TABLE stage_rules (id VARCHAR(4))");
      assertThatThrownBy(() -> copy(session, manifestOf(entry(url, false, null))))
          .as("no content_length")
          .hasMessageContaining("content_length");
      assertThatThrownBy(() -> copy(session, manifestOf(entry(url, false, part.size() + 1))))
          .as("a wrong content_length")
          .hasMessageContaining("content_length");
      assertThatThrownBy(() -> copy(session, entries(url, part.size(), 2)))
          .as("listed twice")
          .hasMessageContaining("twice");
      assertThatThrownBy(() -> copy(session, manifestOf(entry(url + "-absent", true, 1L))))
          .as("a mandatory file that is missing")
          .hasMessageContaining("does not exist");
      copy(session, entries(url, part.size(), 1));
      assertThat(column(session, "SELECT id FROM stage_rules")).containsExactly("a1");
    }
  }

  @Test
  void theSplitIsTheSliceCountOrTheSettingOrOneFileWhereSlicesCannotBeCounted() throws Exception {
    try (Connection session = connect(SinkStack.standIn())) {
      assertThat(dialect(0).copySplit(session)).isEqualTo(new CopySplit(4, 20_000));
      assertThat(dialect(8).copySplit(session)).isEqualTo(new CopySplit(8, 20_000));
    }
    String db = PostgresServer.shared().createDatabase();
    try (RedshiftStandIn serverless =
            RedshiftStandIn.start(
                PostgresServer.shared(),
                MotoServer.sharedOrSkip().s3(),
                RedshiftStandIn.Kind.SERVERLESS);
        Connection session = connect(serverless, db)) {
      assertThat(dialect(0).copySplit(session).maxFiles()).isEqualTo(1);
      assertThat(dialect(6).copySplit(session).maxFiles()).isEqualTo(6);
    }
  }

  private static String entries(String url, long size, int times) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      entries.add(entry(url, true, size));
    }
    return manifestOf(entries.toArray(String[]::new));
  }

  /** A manifest entry; {@code length} null leaves out {@code meta.content_length}. */
  private static String entry(String url, boolean mandatory, Long length) {
    return "{\"url\":\""
        + url
        + "\",\"mandatory\":"
        + mandatory
        + (length == null ? "" : ",\"meta\":{\"content_length\":" + length + "}")
        + "}";
  }

  private static String manifestOf(String... entries) {
    return "{\"entries\":[" + String.join(",", entries) + "]}";
  }

  private static void copy(Connection session, String manifestJson) throws SQLException {
    String key = "manifest-it/rules-" + System.nanoTime() + ".manifest";
    MotoServer.sharedOrSkip()
        .s3()
        .putObject(
            b -> b.bucket(SinkStack.BUCKET).key(key),
            RequestBody.fromString(manifestJson, StandardCharsets.UTF_8));
    execute(
        session,
        "COPY stage_rules (id) FROM 's3://"
            + SinkStack.BUCKET
            + "/"
            + key
            + "' IAM_ROLE 'arn:aws:iam::123456789012:role/copy' FORMAT AS PARQUET MANIFEST");
  }

  private static StagedObject manifest(String name, List<List<Object[]>> parts) {
    List<StagedObject> files = new ArrayList<>();
    List<Object[]> all = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      files.add(part(name + "-part" + i + ".parquet", parts.get(i)));
      all.addAll(parts.get(i));
    }
    String key = "manifest-it/" + name + ".manifest";
    byte[] json = CopyManifest.of(files);
    MotoServer.sharedOrSkip()
        .s3()
        .putObject(b -> b.bucket(SinkStack.BUCKET).key(key), RequestBody.fromBytes(json));
    return new StagedObject(SinkStack.BUCKET, key, json.length).asManifestOf(files, all);
  }

  private static StagedObject part(String name, List<Object[]> rows) {
    byte[] parquet = ParquetRows.write(COLUMNS, new ArrayList<>(rows), CompressionCodecName.SNAPPY);
    String key = "manifest-it/" + name;
    MotoServer.sharedOrSkip()
        .s3()
        .putObject(b -> b.bucket(SinkStack.BUCKET).key(key), RequestBody.fromBytes(parquet));
    return new StagedObject(SinkStack.BUCKET, key, parquet.length).withRows(rows);
  }

  private static List<Object[]> rows(String... ids) {
    List<Object[]> rows = new ArrayList<>();
    for (String id : ids) {
      rows.add(new Object[] {id});
    }
    return rows;
  }

  private static RedshiftDialect dialect(int files) {
    return SinkStack.redshiftDialect(new RedshiftDialect.CopyFiles(files, 20_000));
  }

  private static Connection connect(RedshiftStandIn standIn) throws SQLException {
    return connect(standIn, database);
  }

  private static Connection connect(RedshiftStandIn standIn, String db) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    return new com.amazon.redshift.jdbc.Driver().connect(standIn.jdbcUrl(db), properties);
  }

  private static void execute(Connection session, String sql) throws SQLException {
    try (Statement statement = session.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> column(Connection session, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = session.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
