package io.ddbsync.sink.flatten;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.batch.BatchBuilder;
import io.ddbsync.sink.batch.EventRouter;
import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.db.RedshiftDialect;
import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.Shapes;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overflow policy and lists mode, both delete modes, with timestamps, on every table shape:
 * no combination fails the batch; each record is loaded or rejected with a reason; every value fits
 * the column the loader sizes for it.
 */
class EveryPolicyOnEveryShapeTest {
  static Stream<Arguments> combinations() {
    List<Arguments> all = new ArrayList<>();
    for (TypeLimits limits : List.of(RedshiftDialect.LIMITS, PostgresDialect.LIMITS)) {
      for (OverflowPolicy overflow : OverflowPolicy.values()) {
        for (ListsMode lists : ListsMode.values()) {
          for (DeleteMode delete : DeleteMode.values()) {
            all.add(Arguments.of(limits, overflow, lists, delete));
          }
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("combinations")
  void eachRecordLoadsOrIsRejectedWithAReasonAndEveryValueFitsItsColumn(
      TypeLimits limits, OverflowPolicy overflow, ListsMode lists, DeleteMode delete) {
    FlattenSettings settings =
        new FlattenSettings(Batches.naming(), 3, lists, Shapes.TIMESTAMPS, overflow, delete);
    BatchBuilder builder = new BatchBuilder(new EventRouter(Batches.naming()), settings, limits);
    SinkEvents events = SinkEvents.orders();
    List<SinkRecord> records =
        List.of(
            events.read(Shapes.order("o-short", "A77", false), 0, 0),
            events.read(Shapes.order("o-huge", Shapes.HUGE, false), 0, 2),
            events.upsert(Shapes.order("o-conflict", "B12", true), 0, 3),
            events.remove(
                io.ddbsync.common.testing.Items.item(
                    "OrderId", io.ddbsync.common.testing.Items.s("o-gone")),
                0,
                4));
    for (SinkRecord record : records) {
      builder.add(record, 0);
    }

    BatchBuilder.Built built = builder.build(builder.take("orders"));

    RowBuilder.Rows rows = built.batch().rows();
    List<SinkRecord> accounted = new ArrayList<>(rows.upserts().records());
    built.rejected().forEach(r -> accounted.add(r.record()));
    assertThat(accounted).hasSize(3).doesNotHaveDuplicates();
    assertThat(built.rejected()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
    assertThat(delete == DeleteMode.SOFT ? rows.softDeletes().rows() : rows.deletes().rows())
        .hasSize(1);
    boolean huge = rows.upserts().records().stream().anyMatch(r -> r.kafkaOffset() == 2);
    // A set holding the huge string is JSON, which Redshift stages through a VARCHAR: too long.
    boolean jsonTooLong =
        lists == ListsMode.SUPER && limits.maxStagedJsonBytes() < Shapes.HUGE.length() * 2;
    assertThat(huge)
        .as("the 70,000-byte strings load unless the policy is DLQ or their JSON is too long")
        .isEqualTo(overflow != OverflowPolicy.DLQ && !jsonTooLong);
    if (jsonTooLong && overflow != OverflowPolicy.DLQ) {
      assertThat(built.rejected())
          .anySatisfy(r -> assertThat(r.reason()).contains("JSON of").contains("bytes exceeds"));
    }
    TableLayout layout = built.batch().layout();
    assertFit(layout.columns(), rows.upserts().rows(), rows.widths(), limits);
    for (TableLayout.ChildLayout child : layout.children()) {
      List<ColumnPlan> plans = new ArrayList<>();
      int leading = rows.childWidths().get(child.name()).length - child.elementColumns().size();
      for (int i = 0; i < leading; i++) {
        plans.add(ColumnPlan.synthetic("k" + i, ColumnRole.KEY, SqlType.INTEGER));
      }
      plans.addAll(child.elementColumns());
      assertFit(
          plans, rows.child(child.name()).rows(), rows.childWidths().get(child.name()), limits);
    }
    assertThat(layout.children())
        .extracting(TableLayout.ChildLayout::name)
        .contains("order_items", "order_items_options");
  }

  /** Every VARCHAR value fits the column sized for the batch, and the dialect's longest. */
  private static void assertFit(
      List<ColumnPlan> plans, List<Object[]> rows, int[] widths, TypeLimits limits) {
    for (Object[] row : rows) {
      assertThat(row).hasSize(plans.size());
      for (int i = 0; i < plans.size(); i++) {
        if (plans.get(i).type().kind() == SqlType.Kind.VARCHAR && row[i] instanceof String text) {
          int bytes = text.getBytes(StandardCharsets.UTF_8).length;
          int column = Math.max(plans.get(i).type().length(), limits.varcharBucket(widths[i]));
          assertThat(bytes)
              .as("column %s", plans.get(i).desiredName())
              .isLessThanOrEqualTo(column)
              .isLessThanOrEqualTo(limits.maxVarcharBytes());
        }
      }
    }
  }
}
