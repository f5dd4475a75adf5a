package io.ddbsync.sink.flatten;

import static io.ddbsync.common.testing.Items.briefOrder;
import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.model.Identifiers;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class FlattenTest {
  private static final TableNaming NAMING =
      new TableNaming(
          "${table}",
          "${parent_singular}_${attribute}",
          Map.of(),
          Map.of("Orders.Items.Q", "quantity"));

  @Test
  void theBriefsOrderBecomesAnOrdersRowAndOneOrderItemsRowPerLine() {
    FlattenSettings settings =
        settings(3, ListsMode.SUPER, OverflowPolicy.DLQ, List.of("Orders.OrderDate"));
    SinkEvents events = SinkEvents.orders();
    SinkRecord record = events.read(briefOrder(), 0, 0);
    TableLayout layout = layout(settings, record);

    assertThat(layout.name()).isEqualTo("orders");
    assertThat(names(layout.columns()))
        .containsExactly(
            "order_id",
            "customer_id",
            "order_date",
            "total",
            "_ddbsync_event_time",
            "_ddbsync_snapshot_start");
    assertThat(type(layout, "order_date")).isEqualTo(SqlType.TIMESTAMP);
    assertThat(type(layout, "total")).isEqualTo(SqlType.decimal(9));
    assertThat(layout.keyColumns()).extracting(ColumnPlan::desiredName).containsExactly("order_id");
    TableLayout.ChildLayout items = layout.children().get(0);
    assertThat(items.name()).isEqualTo("order_items");
    assertThat(names(items.elementColumns()))
        .containsExactly("quantity", "sku", "_ddbsync_snapshot_start");

    RowBuilder.Rows rows =
        new RowBuilder(layout, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(record)));
    Object[] order = rows.upserts().rows().get(0);
    assertThat(order[0]).isEqualTo("ORD-20240615-0001");
    assertThat(order[1]).isEqualTo("CUST-2994");
    assertThat(order[2]).isEqualTo(Instant.parse("2024-06-15T09:12:11Z").toEpochMilli() * 1000);
    assertThat(order[3]).isEqualTo(new BigDecimal("424.500000000"));
    List<Object[]> lines = rows.child("order_items").rows();
    assertThat(lines).hasSize(2);
    // The last column is the generation: none for an event without a snapshot start.
    assertThat(lines.get(0)).containsExactly("ORD-20240615-0001", 0, 3L, "A77", null);
    assertThat(lines.get(1)).containsExactly("ORD-20240615-0001", 1, 7L, "F23", null);
  }

  @Test
  void nestedMapsBecomePrefixedColumnsUpToTheDepthThenJson() {
    SinkEvents events = SinkEvents.orders();
    Map<String, AttributeValue> order =
        item(
            "OrderId",
            s("o-1"),
            "address",
            m(item("city", s("Lyon"), "geo", m(item("lat", n("45.76"))))));
    SinkRecord record = events.upsert(order, 0, 1);

    TableLayout shallow =
        layout(settings(1, ListsMode.SUPER, OverflowPolicy.DLQ, List.of()), record);
    assertThat(names(shallow.columns())).contains("address_city", "address_geo");
    assertThat(type(shallow, "address_geo")).isEqualTo(SqlType.SUPER);
    Object[] row =
        new RowBuilder(shallow, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(record)))
            .upserts()
            .rows()
            .get(0);
    assertThat(row[names(shallow.columns()).indexOf("address_geo")]).isEqualTo("{\"lat\":45.76}");

    TableLayout deep = layout(settings(3, ListsMode.SUPER, OverflowPolicy.DLQ, List.of()), record);
    assertThat(names(deep.columns())).contains("address_city", "address_geo_lat");
  }

  @Test
  void scalarListsAndSetsGoToJsonOrChildTablesBySetting() {
    SinkEvents events = SinkEvents.orders();
    Map<String, AttributeValue> order =
        item(
            "OrderId",
            s("o-1"),
            "tags",
            AttributeValue.fromSs(List.of("gift", "rush")),
            "scores",
            l(n("1"), n("2")));
    SinkRecord record = events.upsert(order, 0, 1);

    TableLayout json = layout(settings(3, ListsMode.SUPER, OverflowPolicy.DLQ, List.of()), record);
    assertThat(type(json, "tags")).isEqualTo(SqlType.SUPER);
    Object[] row =
        new RowBuilder(json, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(record)))
            .upserts()
            .rows()
            .get(0);
    assertThat(row[names(json.columns()).indexOf("tags")]).isEqualTo("[\"gift\",\"rush\"]");
    assertThat(row[names(json.columns()).indexOf("scores")]).isEqualTo("[1,2]");

    TableLayout children =
        layout(settings(3, ListsMode.CHILD_TABLE, OverflowPolicy.DLQ, List.of()), record);
    assertThat(children.children())
        .extracting(TableLayout.ChildLayout::name)
        .containsExactly("order_scores", "order_tags");
    RowBuilder.Rows rows =
        new RowBuilder(children, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(record)));
    assertThat(rows.child("order_tags").rows())
        .extracting(r -> r[2])
        .containsExactly("gift", "rush");
  }

  @Test
  void typeConflictsKeepTheirSuffixColumnsAndNullMarkersBooleanColumns() {
    SinkEvents events = SinkEvents.orders();
    events.upsert(item("OrderId", s("o-1"), "total", n("10")), 0, 1);
    SinkRecord conflicting =
        events.upsert(
            item("OrderId", s("o-2"), "total", s("n/a"), "note", AttributeValue.fromNul(true)),
            0,
            2);

    TableLayout layout =
        layout(settings(3, ListsMode.SUPER, OverflowPolicy.DLQ, List.of()), conflicting);
    assertThat(names(layout.columns())).contains("total", "total__s", "note__null");
    assertThat(type(layout, "total")).isEqualTo(SqlType.BIGINT);
    Object[] row =
        new RowBuilder(layout, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(conflicting)))
            .upserts()
            .rows()
            .get(0);
    assertThat(row[names(layout.columns()).indexOf("total__s")]).isEqualTo("n/a");
    assertThat(row[names(layout.columns()).indexOf("note__null")]).isEqualTo(true);
  }

  @Test
  void anAttributeNameMadeToInjectSqlBecomesAPlainIdentifier() {
    SinkEvents events = SinkEvents.orders();
    String evil = "x\"; DROP TABLE orders; --";
    SinkRecord record = events.upsert(item("OrderId", s("o-1"), evil, s("boom")), 0, 1);
    TableLayout layout =
        layout(settings(3, ListsMode.SUPER, OverflowPolicy.DLQ, List.of()), record);

    for (ColumnPlan column : layout.columns()) {
      assertThat(Identifiers.isValid(column.desiredName())).as(column.desiredName()).isTrue();
    }
    assertThat(names(layout.columns())).contains("x_drop_table_orders");
  }

  @Test
  void overlongStringsFollowTheOverflowPolicy() {
    SinkEvents events = SinkEvents.orders();
    String huge = "é".repeat(40_000);
    SinkRecord record = events.upsert(item("OrderId", s("o-1"), "note", s(huge)), 0, 1);

    TableLayout dlqLayout =
        layout(settings(3, ListsMode.SUPER, OverflowPolicy.DLQ, List.of()), record);
    RowBuilder.Rows refused =
        new RowBuilder(dlqLayout, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(record)));
    assertThat(refused.upserts().rows()).isEmpty();
    assertThat(refused.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("80000 bytes exceeds VARCHAR's 65535"));

    TableLayout truncating =
        layout(settings(3, ListsMode.SUPER, OverflowPolicy.TRUNCATE, List.of()), record);
    Object[] cut =
        new RowBuilder(truncating, OverflowPolicy.TRUNCATE, PostgresDialect.LIMITS)
            .build(List.of(change(record)))
            .upserts()
            .rows()
            .get(0);
    String stored = (String) cut[names(truncating.columns()).indexOf("note")];
    assertThat(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(65_535);
    assertThat(stored).isEqualTo("é".repeat(32_767));
    assertThat(cut[names(truncating.columns()).indexOf("_ddbsync_truncated")]).isEqualTo(true);

    TableLayout keeping =
        layout(settings(3, ListsMode.SUPER, OverflowPolicy.SUPER, List.of()), record);
    Object[] kept =
        new RowBuilder(keeping, OverflowPolicy.SUPER, PostgresDialect.LIMITS)
            .build(List.of(change(record)))
            .upserts()
            .rows()
            .get(0);
    assertThat(kept[names(keeping.columns()).indexOf("note")]).isNull();
    assertThat(kept[names(keeping.columns()).indexOf("note__overflow")]).isEqualTo(huge);
  }

  @Test
  void badTimestampsAreRefusedWithTheReasonAndGoodOnesNormalisedToUtc() {
    assertThat(Timestamps.parseMicros("2024-06-15T11:12:11+02:00"))
        .isEqualTo(Timestamps.parseMicros("2024-06-15T09:12:11Z"));
    assertThat(Timestamps.parseMicros("2024-06-15"))
        .isEqualTo(Instant.parse("2024-06-15T00:00:00Z").toEpochMilli() * 1000);
    assertThat(Timestamps.parseMicros("2024-06-15 09:12:11.123456"))
        .isEqualTo(Instant.parse("2024-06-15T09:12:11.123456Z").toEpochMilli() * 1000 + 456);

    SinkEvents events = SinkEvents.orders();
    SinkRecord record =
        events.upsert(item("OrderId", s("o-1"), "OrderDate", s("next tuesday")), 0, 1);
    TableLayout layout =
        layout(settings(3, ListsMode.SUPER, OverflowPolicy.DLQ, List.of("*.OrderDate")), record);
    RowBuilder.Rows rows =
        new RowBuilder(layout, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(record)));
    assertThat(rows.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("not an ISO-8601 date-time"));
  }

  @Test
  void utcTimestampsParseExactlyAsJavaTimeDoesAndImpossibleDatesAreRefused() {
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L); // years 1..9999
      int micros = random.nextInt(1_000_000);
      Instant instant = Instant.ofEpochSecond(seconds, micros * 1_000L);
      String text = instant.toString(); // drops trailing zero groups: 0, 3 or 6 digits
      long expected = seconds * 1_000_000L + micros;
      assertThat(Timestamps.parseMicros(text)).as(text).isEqualTo(expected);
      assertThat(Timestamps.parseMicros(text.replace("Z", "+00:00"))).as(text).isEqualTo(expected);
    }
    assertThat(Timestamps.parseMicros("2024-06-15T09:12:11.5Z"))
        .isEqualTo(Timestamps.parseMicros("2024-06-15T09:12:11.500000Z"));
    for (String impossible :
        List.of(
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-06-15T24:00:00Z",
            "2024-06-15T09:60:00Z",
            "2024-06-15T09:12:11.1234567Z")) {
      assertThatThrownBy(() -> Timestamps.parseMicros(impossible))
          .as(impossible)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void removesCarryTheKeyAndTheEventTime() {
    SinkEvents events = SinkEvents.orders();
    SinkRecord remove = events.remove(item("OrderId", s("o-9")), 0, 5);
    TableLayout layout =
        layout(settings(3, ListsMode.SUPER, OverflowPolicy.DLQ, List.of()), remove);
    RowBuilder.Rows rows =
        new RowBuilder(layout, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(new ChangeRow(true, (Struct) remove.key(), null, 42L, remove)));
    assertThat(rows.deletes().rows())
        .singleElement()
        .satisfies(r -> assertThat(r).containsExactly("o-9", 42L));
  }

  /**
   * The layout side of what SettingCombinationsLoadIT found (seed 1089547452163221841): an
   * attribute that is a number set in one item and a binary set in another is two fields; under
   * lists.mode=CHILD_TABLE each gets a child table and a list path of its own (the list path is
   * what owns a table in the database; sharing it gave the second kind the first's table).
   */
  @Test
  void aSetOfNumbersAndASetOfBinariesUnderOneAttributeGetTablesOfTheirOwn() {
    FlattenSettings settings = settings(0, ListsMode.CHILD_TABLE, OverflowPolicy.SUPER, List.of());
    SinkEvents events = SinkEvents.orders();
    Map<String, AttributeValue> numbers = new java.util.LinkedHashMap<>();
    numbers.put("OrderId", AttributeValue.fromS("o-0"));
    numbers.put("order-id", AttributeValue.fromNs(List.of("0")));
    Map<String, AttributeValue> binaries = new java.util.LinkedHashMap<>();
    binaries.put("OrderId", AttributeValue.fromS("o-1"));
    binaries.put(
        "order-id",
        AttributeValue.fromBs(
            List.of(
                software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {1}),
                software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {0}))));
    SinkRecord first = events.upsert(numbers, 0, 0);
    SinkRecord second = events.upsert(binaries, 0, 1);
    TableLayout layout =
        TableLayout.union(List.of(layout(settings, first), layout(settings, second)));
    Map<String, SqlType> valueTypeByTable = new java.util.HashMap<>();
    for (TableLayout.ChildLayout child : layout.children()) {
      for (ColumnPlan column : child.elementColumns()) {
        if (column.desiredName().equals("value")) {
          SqlType earlier = valueTypeByTable.put(child.name(), column.type());
          assertThat(earlier)
              .as("%s has one value column, not %s and %s", child.name(), earlier, column.type())
              .isNull();
        }
      }
    }
    assertThat(valueTypeByTable).hasSize(2);
    assertThat(layout.children())
        .extracting(TableLayout.ChildLayout::attributePath)
        .containsExactlyInAnyOrder("order-id", "order-id__bs");
  }

  static FlattenSettings settings(
      int depth, ListsMode lists, OverflowPolicy overflow, List<String> timestamps) {
    return new FlattenSettings(NAMING, depth, lists, timestamps, overflow, DeleteMode.HARD);
  }

  static TableLayout layout(FlattenSettings settings, SinkRecord record) {
    return new LayoutBuilder(settings)
        .build(
            "Orders",
            record.topic(),
            record.keySchema(),
            record.valueSchema().field("after").schema());
  }

  static ChangeRow change(SinkRecord record) {
    return new ChangeRow(
        false, (Struct) record.key(), ((Struct) record.value()).getStruct("after"), 1_000L, record);
  }

  static List<String> names(List<ColumnPlan> columns) {
    return columns.stream().map(ColumnPlan::desiredName).toList();
  }

  static SqlType type(TableLayout layout, String column) {
    return layout.columns().stream()
        .filter(c -> c.desiredName().equals(column))
        .findFirst()
        .orElseThrow()
        .type();
  }
}
