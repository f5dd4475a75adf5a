package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.StagingSettings;
import io.ddbsync.sink.TargetSettings;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlGenerationTest {
  private static final Column ID = new Column("order_id", SqlType.varchar(256), "OrderId");
  private static final Column TOTAL = new Column("total", SqlType.decimal(9), "Total");
  private static final Column EXTRA = new Column("extra", SqlType.SUPER, "extra");
  private static final PhysicalTable ORDERS =
      new PhysicalTable("public", "orders", List.of(ID, TOTAL, EXTRA), List.of(ID), ID);

  private final RedshiftDialect redshift =
      new RedshiftDialect(
          RedshiftDialect.Distribution.KEY,
          RedshiftDialect.SortKey.KEY,
          "arn:aws:iam::123456789012:role/copy",
          aws(Map.of()));
  private final PostgresDialect postgres = new PostgresDialect(null);

  @Test
  void redshiftMergeHasOneWhenMatchedUpdateAndOneWhenNotMatchedInsertWithoutConditions() {
    String merge =
        new LoadStatements(redshift).merge(ORDERS, "stage_u", ORDERS.columns(), List.of());

    assertThat(merge)
        .isEqualTo(
            "MERGE INTO \"public\".\"orders\" USING \"stage_u\" ON \"public\".\"orders\".\"order_id\" = \"stage_u\".\"order_id\""
                + " AND OCTET_LENGTH(\"public\".\"orders\".\"order_id\") = OCTET_LENGTH(\"stage_u\".\"order_id\")"
                + " WHEN MATCHED THEN UPDATE SET \"total\" = \"stage_u\".\"total\", \"extra\" = JSON_PARSE(\"stage_u\".\"extra\")"
                + " WHEN NOT MATCHED THEN INSERT (\"order_id\", \"total\", \"extra\")"
                + " VALUES (\"stage_u\".\"order_id\", \"stage_u\".\"total\", JSON_PARSE(\"stage_u\".\"extra\"))");
    assertThat(merge.split("WHEN MATCHED", -1)).hasSize(2);
  }

  @Test
  void postgresChecksAndClearsABatchsKeysAsTypedArraysWhileRedshiftAlwaysMerges() {
    Column sort = new Column("line", SqlType.BIGINT, "Line");
    PhysicalTable lines =
        new PhysicalTable("public", "lines", List.of(ID, sort, TOTAL), List.of(ID, sort), ID);
    List<String> types =
        lines.keyColumns().stream()
            .map(c -> postgres.keyArrayType(c.type()).orElseThrow())
            .toList();
    LoadStatements statements = new LoadStatements(postgres);

    assertThat(statements.anyKeyPresent(lines, types))
        .isEqualTo(
            "SELECT 1 FROM \"public\".\"lines\" JOIN unnest(?::varchar[], ?::int8[]) AS \"_keys\"(\"_k0\", \"_k1\")"
                + " ON \"public\".\"lines\".\"order_id\" = \"_keys\".\"_k0\""
                + " AND \"public\".\"lines\".\"line\" = \"_keys\".\"_k1\" LIMIT 1");
    assertThat(statements.deleteChildrenOfKeys(ORDERS, List.of(ID), types.subList(0, 1)))
        .isEqualTo(
            "DELETE FROM \"public\".\"orders\" USING unnest(?::varchar[]) AS \"_keys\"(\"_k0\")"
                + " WHERE \"public\".\"orders\".\"order_id\" = \"_keys\".\"_k0\"");
    assertThat(postgres.keyArrayType(SqlType.TIMESTAMP)).isEmpty();
    // Redshift's primary keys are informational: a duplicate would not be rejected.
    assertThat(redshift.keyArrayType(SqlType.varchar(10))).isEmpty();
  }

  @Test
  void postgresRetriesAKeyInsertedMeanwhileByAnotherWriter() {
    assertThat(postgres.isTransient(new java.sql.SQLException("duplicate key", "23505"))).isTrue();
    assertThat(postgres.isTransient(new java.sql.SQLException("bad value", "22P02"))).isFalse();
  }

  @Test
  void redshiftTablesAreDistributedAndSortedOnTheKey() {
    assertThat(redshift.createTable(ORDERS))
        .isEqualTo(
            "CREATE TABLE \"public\".\"orders\" (\"order_id\" VARCHAR(256) ENCODE RAW, \"total\" DECIMAL(38,9),"
                + " \"extra\" SUPER, PRIMARY KEY (\"order_id\")) DISTSTYLE KEY DISTKEY (\"order_id\") COMPOUND SORTKEY (\"order_id\")");
  }

  @Test
  void postgresUsesJsonbAndByteaAndCastsStagedJson() {
    assertThat(postgres.createTable(ORDERS))
        .isEqualTo(
            "CREATE TABLE \"public\".\"orders\" (\"order_id\" VARCHAR(256), \"total\" NUMERIC(38,9),"
                + " \"extra\" JSONB, PRIMARY KEY (\"order_id\"))");
    assertThat(postgres.fromStaged(EXTRA, "s.\"extra\"")).isEqualTo("(s.\"extra\")::jsonb");
    assertThat(postgres.columnType(SqlType.varbyte(10))).isEqualTo("BYTEA");
  }

  @Test
  void deletesReplaceChildrenAndAddColumnsOnePerStatement() {
    LoadStatements statements = new LoadStatements(redshift);
    assertThat(statements.hardDelete(ORDERS, "stage_d"))
        .isEqualTo(
            "DELETE FROM \"public\".\"orders\" USING \"stage_d\" WHERE \"public\".\"orders\".\"order_id\" = \"stage_d\".\"order_id\""
                + " AND OCTET_LENGTH(\"public\".\"orders\".\"order_id\") = OCTET_LENGTH(\"stage_d\".\"order_id\")");
    assertThat(statements.addColumn(ORDERS, new Column("note", SqlType.varchar(256), "note")))
        .isEqualTo(
            "ALTER TABLE \"public\".\"orders\" ADD COLUMN \"note\" VARCHAR(256) ENCODE ZSTD");
    assertThat(statements.comment(ORDERS, TOTAL))
        .isEqualTo("COMMENT ON COLUMN \"public\".\"orders\".\"total\" IS 'ddbsync field Total'");
  }

  @Test
  void copyCredentialsNeverAppearInAFailureMessage() {
    RedshiftDialect withKeys =
        new RedshiftDialect(
            RedshiftDialect.Distribution.KEY,
            RedshiftDialect.SortKey.KEY,
            null,
            aws(
                Map.of(
                    AwsSettings.ACCESS_KEY_ID,
                    "AKIAEXAMPLE",
                    AwsSettings.SECRET_ACCESS_KEY,
                    "s3cr3t/key")));
    java.sql.Connection failing =
        (java.sql.Connection)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {java.sql.Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("createStatement")) {
                    return java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {java.sql.Statement.class},
                        (p, m, a) -> {
                          if (m.getName().equals("execute")) {
                            throw new java.sql.SQLException("syntax error in: " + a[0], "42601");
                          }
                          return null;
                        });
                  }
                  return null;
                });

    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    withKeys.copy(
                        failing,
                        "stage",
                        List.of(ID),
                        new io.ddbsync.sink.stage.StagedObject("bucket", "key.parquet", 1))))
        .hasMessageNotContaining("s3cr3t/key")
        .hasMessageContaining("[hidden]");
  }

  private static AwsSettings aws(Map<String, String> extra) {
    Map<String, String> props =
        new java.util.HashMap<>(
            Map.of(
                TargetSettings.CONNECTION_URL,
                "jdbc:redshift://localhost:5439/dev",
                StagingSettings.S3_BUCKET,
                "bucket"));
    props.putAll(extra);
    return new RedshiftSinkConfig(props).aws();
  }
}
