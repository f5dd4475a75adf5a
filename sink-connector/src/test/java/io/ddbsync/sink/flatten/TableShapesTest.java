package io.ddbsync.sink.flatten;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static io.ddbsync.sink.flatten.FlattenTest.change;
import static io.ddbsync.sink.flatten.FlattenTest.layout;
import static io.ddbsync.sink.flatten.FlattenTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Table shapes beyond parent and child: grandchildren, sets as child tables, wide maps. */
class TableShapesTest {
  private final SinkEvents events = SinkEvents.orders();

  @Test
  void aListOfMapsInAListElementIsAGrandchildTableKeyedByItemKeyAndBothPositions() {
    SinkRecord record =
        events.read(
            item(
                "OrderId",
                s("o-1"),
                "Items",
                l(
                    m(
                        item(
                            "Sku",
                            s("A"),
                            "Options",
                            l(m(item("Name", s("red"))), m(item("Name", s("xl")))))),
                    m(item("Sku", s("B"), "Options", l(m(item("Name", s("blue")))))))),
            0,
            0);
    TableLayout layout = layout(settings(ListsMode.SUPER, OverflowPolicy.DLQ), record);

    assertThat(layout.children())
        .extracting(TableLayout.ChildLayout::name)
        .containsExactly("order_items", "order_items_options");
    TableLayout.ChildLayout options = layout.children().get(1);
    assertThat(options.outerPositions()).containsExactly("_items_position");
    assertThat(names(layout.children().get(0).elementColumns()))
        .containsExactly("sku", "_ddbsync_snapshot_start");

    RowBuilder.Rows rows =
        new RowBuilder(layout, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(record)));
    assertThat(rows.child("order_items_options").rows())
        .containsExactly(
            new Object[] {"o-1", 0, 0, "red", null},
            new Object[] {"o-1", 0, 1, "xl", null},
            new Object[] {"o-1", 1, 0, "blue", null});
    assertThat(rows.child("order_items_options").records()).hasSize(3).containsOnly(record);
  }

  @Test
  void setsOfEveryKindAndScalarListsBecomeChildTablesUnderChildTableAndListsOfSetsStayJson() {
    SinkRecord record =
        events.read(
            item(
                "OrderId",
                s("o-1"),
                "Tags",
                AttributeValue.fromSs(List.of("a", "b")),
                "Scores",
                AttributeValue.fromNs(List.of("1", "2")),
                "Blobs",
                AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))),
                "Groups",
                l(AttributeValue.fromSs(List.of("g1")), AttributeValue.fromSs(List.of("g2")))),
            0,
            0);
    TableLayout layout = layout(settings(ListsMode.CHILD_TABLE, OverflowPolicy.SUPER), record);

    assertThat(layout.children())
        .extracting(TableLayout.ChildLayout::name)
        .containsExactlyInAnyOrder("order_tags", "order_scores", "order_blobs");
    assertThat(layout.columns())
        .filteredOn(c -> c.desiredName().equals("groups"))
        .singleElement()
        .satisfies(c -> assertThat(c.role()).isEqualTo(ColumnRole.JSON));
    RowBuilder.Rows rows =
        new RowBuilder(layout, OverflowPolicy.SUPER, PostgresDialect.LIMITS)
            .build(List.of(change(record)));
    assertThat(rows.failures()).isEmpty();
    assertThat(rows.child("order_blobs").rows()).hasSize(1);
    assertThat((byte[]) rows.child("order_blobs").rows().get(0)[2]).isEqualTo("x".getBytes());
  }

  @Test
  void aMapWithTwoThousandKeysStaysOneJsonColumnWhileANarrowOneIsFlattened() {
    Map<String, AttributeValue> counters = new LinkedHashMap<>();
    for (int day = 0; day < 2000; day++) {
      counters.put("2024-" + day, n(Integer.toString(day)));
    }
    SinkRecord record =
        events.read(
            item(
                "OrderId",
                s("o-1"),
                "Counters",
                m(counters),
                "Address",
                m(item("City", s("Lyon"), "Zip", s("69001")))),
            0,
            0);
    TableLayout layout = layout(settings(ListsMode.SUPER, OverflowPolicy.DLQ), record);

    assertThat(names(layout.columns()))
        .containsExactlyInAnyOrder(
            "order_id",
            "counters",
            "address_city",
            "address_zip",
            "_ddbsync_event_time",
            "_ddbsync_snapshot_start");
    RowBuilder.Rows rows =
        new RowBuilder(layout, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(record)));
    int column = names(layout.columns()).indexOf("counters");
    assertThat((String) rows.upserts().rows().get(0)[column])
        .startsWith("{")
        .contains("\"2024-1999\":1999");
  }

  @Test
  void pastTheTableCapTheWidestMapsBecomeJsonFirstSoEveryTaskChoosesTheSame() {
    Map<String, AttributeValue> wide = new LinkedHashMap<>();
    Map<String, AttributeValue> middle = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      wide.put("w" + i, n("1"));
      if (i < 40) {
        middle.put("m" + i, n("1"));
      }
    }
    SinkRecord record =
        events.read(
            item("OrderId", s("o-1"), "Wide", m(wide), "Middle", m(middle), "Note", s("x")), 0, 0);
    FlattenSettings capped =
        new FlattenSettings(
            Batches.naming(),
            3,
            100,
            50,
            ListsMode.SUPER,
            List.of(),
            OverflowPolicy.DLQ,
            DeleteMode.HARD,
            TtlRemovals.DELETE);

    TableLayout layout = layout(capped, record);
    assertThat(layout.columns()).hasSizeLessThanOrEqualTo(50 + 1);
    assertThat(layout.columns())
        .filteredOn(c -> c.role() == ColumnRole.JSON)
        .extracting(ColumnPlan::desiredName)
        .containsExactly("wide");
    assertThat(names(layout.columns())).contains("middle_m0", "middle_m39", "note");
  }

  @Test
  void aStringHoldingUnicodeNulGoesToTheDeadLetterQueueWithTheReasonAndTheOthersLoad() {
    SinkRecord bad = events.read(item("OrderId", s("o-1"), "Note", s("a\u0000b")), 0, 0);
    SinkRecord badJson =
        events.read(
            item("OrderId", s("o-2"), "Tags", AttributeValue.fromSs(List.of("x\u0000"))), 0, 1);
    SinkRecord good = events.read(item("OrderId", s("o-3"), "Note", s("fine")), 0, 2);
    TableLayout layout =
        TableLayout.union(
            List.of(
                layout(settings(ListsMode.SUPER, OverflowPolicy.DLQ), bad),
                layout(settings(ListsMode.SUPER, OverflowPolicy.DLQ), badJson)));

    RowBuilder.Rows rows =
        new RowBuilder(layout, OverflowPolicy.DLQ, PostgresDialect.LIMITS)
            .build(List.of(change(bad), change(badJson), change(good)));
    assertThat(rows.upserts().records()).containsExactly(good);
    assertThat(rows.failures())
        .extracting(RowBuilder.Failure::reason)
        .allSatisfy(reason -> assertThat(reason).contains("U+0000"))
        .hasSize(2);
  }

  private static FlattenSettings settings(ListsMode lists, OverflowPolicy overflow) {
    return new FlattenSettings(Batches.naming(), 3, lists, List.of(), overflow, DeleteMode.HARD);
  }
}
