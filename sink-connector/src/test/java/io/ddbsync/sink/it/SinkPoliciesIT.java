package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.sink.FlatteningSettings;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.fixtures.Shapes;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.parquet.ParquetRows;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every setting on every table shape, and the rules that keep the warehouse equal to DynamoDB (a
 * change is a whole item, tombstones delete, TTL removals by choice, one source per table), loaded
 * for real on both dialects: PostgreSQL, and Redshift's JDBC driver through the stand-in.
 */
class SinkPoliciesIT {
  private final List<String> deadLetters = new ArrayList<>();

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  static Stream<Arguments> policies() {
    List<Arguments> all = new ArrayList<>();
    for (DialectName dialect : DialectName.values()) {
      for (OverflowPolicy overflow : OverflowPolicy.values()) {
        for (ListsMode lists : ListsMode.values()) {
          all.add(Arguments.of(dialect, overflow, lists));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("policies")
  void everyOverflowPolicyAndListsModeLoadsParentNestedMapChildAndGrandchildTables(
      DialectName dialect, OverflowPolicy overflow, ListsMode lists) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    Map<String, String> settings =
        Map.of(
            FlatteningSettings.OVERFLOW_POLICY, overflow.name(),
            FlatteningSettings.LISTS_MODE, lists.name(),
            FlatteningSettings.TIMESTAMP_COLUMNS, String.join(",", Shapes.TIMESTAMPS));
    // The huge value first, in a batch of short ones: its columns are sized by what the policy
    // keeps of it (16384 bytes would not hold a truncated value).
    load(
        dialect,
        db,
        settings,
        events.read(Shapes.order("o-short", "A77", false), 0, 0),
        events.read(Shapes.order("o-huge", Shapes.HUGE, false), 0, 2),
        events.upsert(Shapes.order("o-conflict", "B12", true), 0, 3));
    load(dialect, db, settings, events.read(Shapes.order("o-long", Shapes.LONG, false), 0, 1));

    // On Redshift a JSON value longer than 65,535 bytes cannot be staged (the set holds HUGE).
    boolean hugeLoads =
        overflow != OverflowPolicy.DLQ
            && !(dialect == DialectName.REDSHIFT && lists == ListsMode.SUPER);
    List<String> expected = new ArrayList<>(List.of("o-conflict", "o-long", "o-short"));
    if (hugeLoads) {
      expected.add(1, "o-huge");
    }
    assertThat(column(db, "SELECT order_id FROM orders ORDER BY order_id")).isEqualTo(expected);
    assertThat(deadLetters).hasSize(hugeLoads ? 0 : 1);
    assertThat(column(db, "SELECT DISTINCT order_id FROM order_items_options ORDER BY 1"))
        .isEqualTo(expected);
    assertThat(column(db, "SELECT count(*) FROM order_items WHERE order_id = 'o-conflict'"))
        .containsExactly("2");
    if (lists == ListsMode.CHILD_TABLE) {
      for (String table : List.of("order_tags", "order_scores", "order_blobs", "order_flags")) {
        assertThat(column(db, "SELECT count(*) FROM " + table + " WHERE order_id = 'o-short'"))
            .as(table)
            .containsExactly("2");
      }
    }
    if (hugeLoads && overflow == OverflowPolicy.TRUNCATE) {
      // Cut to the longest VARCHAR on a character boundary, and flagged, in every table.
      assertThat(
              column(
                  db,
                  "SELECT octet_length(note), _ddbsync_truncated FROM orders WHERE order_id = 'o-huge'"))
          .containsExactly("65534");
      assertThat(
              column(
                  db,
                  "SELECT bool_and(_ddbsync_truncated)::text FROM orders WHERE order_id = 'o-huge'"))
          .containsExactly("true");
      assertThat(
              column(
                  db,
                  "SELECT _ddbsync_truncated::text FROM order_items WHERE order_id = 'o-huge' AND _position = 0"))
          .containsExactly("true");
      assertThat(
              column(
                  db,
                  "SELECT _ddbsync_truncated::text FROM order_items_options WHERE order_id = 'o-huge'"))
          .containsExactly("true");
      assertThat(
              column(db, "SELECT _ddbsync_truncated::text FROM orders WHERE order_id = 'o-short'"))
          .containsExactly("false");
    }
    if (hugeLoads && overflow == OverflowPolicy.SUPER) {
      // Kept whole in the companion column, the VARCHAR left NULL, in every table.
      assertThat(
              column(
                  db,
                  "SELECT length(note__overflow #>> '{}') FROM orders WHERE order_id = 'o-huge'"))
          .containsExactly("35000");
      assertThat(
              column(
                  db,
                  "SELECT length(sku__overflow #>> '{}') FROM order_items WHERE order_id = 'o-huge' AND _position = 0"))
          .containsExactly("35000");
      assertThat(
              column(
                  db,
                  "SELECT length(value__overflow #>> '{}') FROM order_items_options WHERE order_id = 'o-huge'"))
          .containsExactly("35000");
    }

    // A removal takes the item's rows out of every table.
    load(dialect, db, settings, events.remove(item("OrderId", s("o-long")), 0, 4));
    assertThat(column(db, "SELECT count(*) FROM order_items_options WHERE order_id = 'o-long'"))
        .containsExactly("0");
    assertThat(column(db, "SELECT count(*) FROM order_items WHERE order_id = 'o-long'"))
        .containsExactly("0");
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aListAndATableThatMapToOneTableStopWithBothNamesAndTheOverrideToUse(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    load(
        dialect,
        db,
        Map.of(),
        SinkEvents.orders()
            .read(item("OrderId", s("o-1"), "Items", l(m(item("Sku", s("A"))))), 0, 0));
    SinkEvents orderItems =
        new SinkEvents(
            "OrderItems",
            List.of(new KeyAttribute("ItemId", KeyAttribute.ScalarType.S)),
            "dynamodb.OrderItems");

    // The new table's records are not loaded and its table stops; the task (and Orders) go on.
    List<String> stops = new ArrayList<>();
    SinkStack.load(
        dialect,
        db,
        Map.of(),
        deadLetters,
        stops,
        List.of(
            orderItems.read(item("ItemId", s("i-1"), "Sku", s("B")), 0, 0),
            SinkEvents.orders()
                .read(item("OrderId", s("o-2"), "Items", l(m(item("Sku", s("C"))))), 0, 1)));

    assertThat(stops)
        .singleElement()
        .asString()
        .contains(
            "order_items",
            "list Items of DynamoDB table Orders",
            "DynamoDB table OrderItems",
            "table.name.overrides");
    assertThat(column(db, "SELECT order_id || ':' || sku FROM order_items ORDER BY 1"))
        .containsExactly("o-1:A", "o-2:C");
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aChangeWithAnOlderSchemaLeavesNoStaleColumnNorChildRowsOfTheItem(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    // Two models that never shared a history: the second's schema has neither X nor Items.
    SinkEvents newer = SinkEvents.orders();
    SinkEvents older = SinkEvents.orders();
    load(
        dialect,
        db,
        Map.of(),
        newer.read(
            item("OrderId", s("o-1"), "X", n("1"), "Items", l(m(item("Sku", s("A"))))), 0, 0),
        newer.read(
            item("OrderId", s("o-2"), "X", n("2"), "Items", l(m(item("Sku", s("B"))))), 0, 1));

    load(dialect, db, Map.of(), older.upsert(item("OrderId", s("o-1"), "Note", s("n")), 0, 2));

    assertThat(rows(db, "SELECT order_id, x, note FROM orders ORDER BY order_id"))
        .containsExactly(Arrays.asList("o-1", null, "n"), Arrays.asList("o-2", "2", null));
    assertThat(column(db, "SELECT order_id FROM order_items ORDER BY 1")).containsExactly("o-2");

    // A tombstone alone (all compaction may leave of a removal) removes the row and its children.
    load(dialect, db, Map.of(), older.tombstone(item("OrderId", s("o-2")), 0, 3));
    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1")).containsExactly("o-1");
    assertThat(column(db, "SELECT count(*) FROM order_items")).containsExactly("0");
  }

  @ParameterizedTest
  @EnumSource(TtlRemovals.class)
  void ttlRemovalsDeleteFlagOrKeepTheRowAsConfigured(TtlRemovals ttl) throws Exception {
    for (DialectName dialect : DialectName.values()) {
      String db = PostgresServer.shared().createDatabase();
      SinkEvents events = SinkEvents.orders();
      Map<String, String> settings = Map.of(FlatteningSettings.TTL_REMOVALS, ttl.name());
      load(
          dialect,
          db,
          settings,
          events.read(item("OrderId", s("o-1"), "Note", s("a")), 0, 0),
          events.read(item("OrderId", s("o-2"), "Note", s("b")), 0, 1),
          events.read(item("OrderId", s("o-3"), "Note", s("c")), 0, 2));
      load(
          dialect,
          db,
          settings,
          events.ttlRemove(item("OrderId", s("o-1")), 0, 3),
          events.ttlTombstone(item("OrderId", s("o-2")), 0, 4),
          events.remove(item("OrderId", s("o-3")), 0, 5));

      switch (ttl) {
        case DELETE ->
            assertThat(column(db, "SELECT order_id FROM orders")).as(dialect.name()).isEmpty();
        case KEEP ->
            assertThat(rows(db, "SELECT order_id, note FROM orders ORDER BY 1"))
                .as(dialect.name())
                .containsExactly(List.of("o-1", "a"), List.of("o-2", "b"));
        case SOFT ->
            assertThat(
                    rows(
                        db,
                        "SELECT order_id, note, _ddbsync_deleted::text, _ddbsync_expired::text,"
                            + " (_ddbsync_deleted_at IS NOT NULL)::text FROM orders ORDER BY 1"))
                .as(dialect.name())
                .containsExactly(
                    List.of("o-1", "a", "true", "true", "true"),
                    List.of("o-2", "b", "true", "true", "true"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aValueWithUnicodeNulCostsItsRecordAndTheRestLoads(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    load(
        dialect,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-1"), "Note", s("a\u0000b")), 0, 0),
        events.read(
            item("OrderId", s("o-2"), "Tags", AttributeValue.fromSs(List.of("x\u0000"))), 0, 1),
        events.read(item("OrderId", s("o-3"), "Note", s("fine")), 0, 2));

    assertThat(column(db, "SELECT order_id FROM orders")).containsExactly("o-3");
    assertThat(deadLetters).hasSize(2).allSatisfy(reason -> assertThat(reason).contains("U+0000"));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aMapKeyedByDataBecomesOneJsonColumnNotTwoThousand(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    Map<String, AttributeValue> counters = new LinkedHashMap<>();
    for (int day = 0; day < 2000; day++) {
      counters.put("d" + day, n(Integer.toString(day)));
    }
    load(
        dialect,
        db,
        Map.of(),
        SinkEvents.orders().read(item("OrderId", s("o-1"), "Counters", m(counters)), 0, 0));

    assertThat(SinkStack.columnTypes(db, "orders")).hasSizeLessThan(5).containsKey("counters");
    assertThat(column(db, "SELECT counters ->> 'd1999' FROM orders")).containsExactly("1999");
  }

  @Test
  void postgresNamesTheRowOfTheStagedFileItRefuses() throws Exception {
    String db = PostgresServer.shared().createDatabase();
    List<Column> columns = List.of(new Column("v", SqlType.varchar(100), "v"));
    byte[] parquet =
        ParquetRows.write(
            columns,
            new ArrayList<>(List.of(new Object[] {"ok"}, new Object[] {"far too long"})),
            CompressionCodecName.SNAPPY);
    MotoServer.sharedOrSkip()
        .s3()
        .putObject(
            b -> b.bucket(SinkStack.BUCKET).key("policies/refused.parquet"),
            RequestBody.fromBytes(parquet));
    StagedObject file =
        new StagedObject(SinkStack.BUCKET, "policies/refused.parquet", parquet.length);
    PostgresDialect dialect =
        new PostgresDialect(
            new io.ddbsync.sink.stage.S3StagingStore(
                MotoServer.sharedOrSkip().s3(), SinkStack.BUCKET));
    try (Connection connection = PostgresServer.shared().connect(db);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE narrow (v VARCHAR(5))");
      SQLException refused = null;
      try {
        dialect.copy(connection, "narrow", columns, file);
      } catch (SQLException e) {
        refused = e;
      }
      assertThat((Throwable) refused).isNotNull();
      List<Dialect.LoadError> errors = dialect.loadErrors(connection, refused, file);
      assertThat(errors)
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.file()).isEqualTo(file.uri());
                assertThat(error.line()).isEqualTo(2);
                assertThat(error.rowLevel()).isTrue();
              });
    }
  }

  private void load(
      DialectName dialect, String db, Map<String, String> overrides, SinkRecord... records) {
    Map<String, String> settings = new HashMap<>(overrides);
    SinkStack.load(dialect, db, settings, deadLetters, List.of(records));
  }

  private static List<String> column(String db, String sql) throws SQLException {
    return SinkStack.rows(db, sql).stream().map(row -> row.get(0)).toList();
  }

  private static List<List<String>> rows(String db, String sql) throws SQLException {
    return SinkStack.rows(db, sql);
  }
}
