package io.ddbsync.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.testing.ItemArbitraries;
import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.db.RedshiftDialect;
import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.ColumnRole;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.flatten.RowBuilder;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items of random shape (nested maps and lists to depth 3, every DynamoDB type, type conflicts
 * between items, U+0000, strings longer than any VARCHAR) under random combinations of every
 * flattening setting and both dialects' limits: a batch never fails; every record is loaded or
 * rejected with a reason; every value fits the column it is sized into.
 */
class SettingCombinationProperties {
  /** One combination of the settings that decide how rows are built. */
  record Combination(
      TypeLimits limits,
      OverflowPolicy overflow,
      ListsMode lists,
      DeleteMode delete,
      TtlRemovals ttl,
      int depth,
      int maxMapColumns,
      boolean timestamps) {}

  @Property(tries = 200)
  void everySettingCombinationLoadsEveryItemOrRejectsItWithAReason(
      @ForAll("items") List<Map<String, AttributeValue>> items,
      @ForAll("combinations") Combination combination) {
    FlattenSettings settings = settings(combination);
    BatchBuilder builder =
        new BatchBuilder(
            new EventRouter(Batches.naming(), combination.ttl()), settings, combination.limits());
    SinkEvents events = SinkEvents.orders();
    List<SinkRecord> upserts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(items.get(i));
      item.put("OrderId", AttributeValue.fromS("o-" + i));
      SinkRecord record = events.upsert(item, 0, i);
      upserts.add(record);
      builder.add(record, 0);
    }
    builder.add(events.remove(Map.of("OrderId", AttributeValue.fromS("gone")), 0, items.size()), 0);

    BatchBuilder.Built built = builder.build(builder.take("orders"));

    RowBuilder.Rows rows = built.batch().rows();
    List<SinkRecord> accounted = new ArrayList<>(rows.upserts().records());
    built.rejected().forEach(rejected -> accounted.add(rejected.record()));
    assertThat(accounted).containsExactlyInAnyOrderElementsOf(upserts);
    assertThat(built.rejected()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
    TableLayout layout = built.batch().layout();
    assertFits(layout.columns(), rows.upserts().rows(), rows.widths(), combination.limits());
    for (TableLayout.ChildLayout child : layout.children()) {
      List<ColumnPlan> plans = new ArrayList<>();
      int leading = child.leadingColumns(layout.keyColumns().size());
      for (int i = 0; i < leading; i++) {
        plans.add(ColumnPlan.synthetic("k" + i, ColumnRole.POSITION, SqlType.INTEGER));
      }
      plans.addAll(child.elementColumns());
      assertFits(
          plans,
          rows.child(child.name()).rows(),
          rows.childWidths().get(child.name()),
          combination.limits());
    }
  }

  /**
   * A batch loaded in parts (without the records the warehouse refused, or in halves) takes each
   * part's rows from the rows it built, since it keeps no items: for any part, under every setting
   * combination, they equal the rows of the part's records built alone, with the same layout and
   * the same widths.
   */
  @Property(tries = 150)
  void aPartOfABatchHasTheRowsOfItsRecordsBuiltAlone(
      @ForAll("items") List<Map<String, AttributeValue>> items,
      @ForAll("combinations") Combination combination,
      @ForAll long partSeed) {
    FlattenSettings settings = settings(combination);
    java.util.function.Supplier<BatchBuilder> builders =
        () ->
            new BatchBuilder(
                new EventRouter(Batches.naming(), combination.ttl()),
                settings,
                combination.limits());
    SinkEvents events = SinkEvents.orders();
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(items.get(i));
      item.put("OrderId", AttributeValue.fromS("o-" + i));
      records.add(events.upsert(item, 0, 2L * i));
      if (i % 3 == 1) {
        records.add(
            events.remove(Map.of("OrderId", AttributeValue.fromS("gone-" + i)), 0, 2L * i + 1));
      }
    }
    BatchBuilder builder = builders.get();
    records.forEach(record -> builder.add(record, 0));
    Batch batch = builder.build(builder.take("orders")).batch();
    java.util.Random random = new java.util.Random(partSeed);
    List<io.ddbsync.sink.flatten.ChangeRow> part =
        batch.changes().stream().filter(change -> random.nextBoolean()).toList();

    Batch rebuilt = builder.rebuild(batch, part);

    BatchBuilder alone = builders.get();
    part.forEach(change -> alone.add(change.record(), 0));
    TableBuffer buffer = alone.take("orders");
    if (buffer == null) {
      assertThat(rebuilt.completesOnly()).isTrue();
      return;
    }
    Batch expected = alone.build(buffer).batch();
    assertThat(rebuilt.layout()).isEqualTo(expected.layout());
    RowBuilder.Rows got = rebuilt.rows();
    RowBuilder.Rows want = expected.rows();
    assertSameRows(got.upserts(), want.upserts());
    assertSameRows(got.deletes(), want.deletes());
    assertSameRows(got.softDeletes(), want.softDeletes());
    assertSameRows(got.keeps(), want.keeps());
    assertThat(got.children().keySet()).isEqualTo(want.children().keySet());
    want.children().forEach((name, rows) -> assertSameRows(got.child(name), rows));
    assertThat(got.widths()).isEqualTo(want.widths());
    assertThat(got.childWidths().keySet()).isEqualTo(want.childWidths().keySet());
    want.childWidths()
        .forEach((name, widths) -> assertThat(got.childWidths().get(name)).isEqualTo(widths));
  }

  private static void assertSameRows(
      io.ddbsync.sink.flatten.RowGroup got, io.ddbsync.sink.flatten.RowGroup want) {
    assertThat(got.records()).containsExactlyElementsOf(want.records());
    assertThat(got.size()).isEqualTo(want.size());
    for (int r = 0; r < want.size(); r++) {
      assertThat(java.util.Arrays.deepEquals(got.rows().get(r), want.rows().get(r)))
          .as("row %d", r)
          .isTrue();
    }
  }

  private static FlattenSettings settings(Combination combination) {
    return new FlattenSettings(
        Batches.naming(),
        combination.depth(),
        combination.maxMapColumns(),
        FlattenSettings.DEFAULT_MAX_TABLE_COLUMNS,
        combination.lists(),
        combination.timestamps() ? List.of("*.price", "*.n", "*.address") : List.of(),
        combination.overflow(),
        combination.delete(),
        combination.ttl());
  }

  private static void assertFits(
      List<ColumnPlan> plans, List<Object[]> rows, int[] widths, TypeLimits limits) {
    for (Object[] row : rows) {
      assertThat(row).hasSize(plans.size());
      for (int i = 0; i < plans.size(); i++) {
        if (!(row[i] instanceof String text)) {
          continue;
        }
        assertThat(text).doesNotContain("\u0000").doesNotContain("\\u0000");
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (plans.get(i).type().kind() == SqlType.Kind.VARCHAR) {
          int column = Math.max(plans.get(i).type().length(), limits.varcharBucket(widths[i]));
          assertThat(bytes)
              .isLessThanOrEqualTo(column)
              .isLessThanOrEqualTo(limits.maxVarcharBytes());
        } else if (plans.get(i).role() == ColumnRole.JSON) {
          assertThat(bytes).isLessThanOrEqualTo(limits.maxStagedJsonBytes());
        }
      }
    }
  }

  @Provide
  Arbitrary<List<Map<String, AttributeValue>>> items() {
    Arbitrary<String> huge = Arbitraries.of("é".repeat(33_000), "x".repeat(66_000), "ok");
    return Combinators.combine(ItemArbitraries.items(3), huge, Arbitraries.of(true, false))
        .as(
            (item, text, longNote) -> {
              Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
              if (longNote) {
                copy.put("note", AttributeValue.fromS(text));
              }
              return copy;
            })
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  @Provide
  Arbitrary<Combination> combinations() {
    return Combinators.combine(
            Arbitraries.of(RedshiftDialect.LIMITS, PostgresDialect.LIMITS),
            Arbitraries.of(OverflowPolicy.class),
            Arbitraries.of(ListsMode.class),
            Arbitraries.of(DeleteMode.class),
            Arbitraries.of(TtlRemovals.class),
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(1, 3, 100),
            Arbitraries.of(true, false))
        .as(Combination::new);
  }
}
