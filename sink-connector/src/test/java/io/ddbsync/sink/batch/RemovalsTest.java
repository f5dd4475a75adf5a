package io.ddbsync.sink.batch;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.flatten.RowBuilder;
import io.ddbsync.sink.model.SystemColumns;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each kind of removal becomes, under each delete mode and TTL setting. */
class RemovalsTest {
  private final SinkEvents events = SinkEvents.orders();

  @ParameterizedTest
  @EnumSource(DeleteMode.class)
  void aTtlRemovalUnderDeleteIsAnyOtherRemoval(DeleteMode mode) {
    BatchBuilder builder = builder(mode, TtlRemovals.DELETE);
    builder.add(events.ttlRemove(item("OrderId", s("o-1")), 0, 0), 0);
    builder.add(events.ttlTombstone(item("OrderId", s("o-2")), 0, 1), 0);

    RowBuilder.Rows rows = builder.build(builder.take("orders")).batch().rows();
    assertThat(mode == DeleteMode.HARD ? rows.deletes().rows() : rows.softDeletes().rows())
        .hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(DeleteMode.class)
  void aTtlRemovalUnderSoftKeepsTheRowFlaggedExpiredWhateverTheDeleteMode(DeleteMode mode) {
    BatchBuilder builder = builder(mode, TtlRemovals.SOFT);
    builder.add(events.ttlRemove(item("OrderId", s("o-1")), 0, 0), 0);
    builder.add(events.ttlTombstone(item("OrderId", s("o-2")), 0, 1), 0);
    builder.add(events.remove(item("OrderId", s("o-3")), 0, 2), 0);

    BatchBuilder.Built built = builder.build(builder.take("orders"));
    RowBuilder.Rows rows = built.batch().rows();
    assertThat(rows.softDeletes().rows())
        .extracting(row -> row[0] + ":" + row[2])
        .contains("o-1:true", "o-2:true");
    if (mode == DeleteMode.HARD) {
      assertThat(rows.deletes().rows()).extracting(row -> row[0]).containsExactly("o-3");
    } else {
      assertThat(rows.softDeletes().rows())
          .extracting(row -> row[0] + ":" + row[2])
          .contains("o-3:false");
    }
    assertThat(built.batch().layout().columns())
        .extracting(c -> c.desiredName())
        .contains(SystemColumns.DELETED, SystemColumns.DELETED_AT, SystemColumns.EXPIRED);
  }

  @Test
  void aTtlRemovalUnderKeepNeverReplacesTheItemsLastChange() {
    BatchBuilder builder = builder(DeleteMode.HARD, TtlRemovals.KEEP);
    builder.add(events.upsert(item("OrderId", s("o-1"), "v", n("2")), 0, 0), 0);
    assertThat(builder.add(events.ttlRemove(item("OrderId", s("o-1")), 0, 1), 0))
        .isInstanceOf(EventRouter.Expire.class);
    assertThat(builder.add(events.ttlTombstone(item("OrderId", s("o-1")), 0, 2), 0))
        .isInstanceOf(EventRouter.Expire.class);

    RowBuilder.Rows rows = builder.build(builder.take("orders")).batch().rows();
    assertThat(rows.upserts().rows()).hasSize(1);
    assertThat(rows.deletes().rows()).isEmpty();
    // The item's rows are kept, and kept from the sweeps of later snapshots.
    assertThat(rows.keeps().rows()).hasSize(1);
  }

  @Test
  void anItemMadeAgainAfterItExpiredUnderKeepIsNoLongerKept() {
    BatchBuilder builder = builder(DeleteMode.HARD, TtlRemovals.KEEP);
    builder.add(events.ttlRemove(item("OrderId", s("o-1")), 0, 1), 0);
    builder.add(events.upsert(item("OrderId", s("o-1"), "v", n("3")), 0, 2), 0);

    RowBuilder.Rows rows = builder.build(builder.take("orders")).batch().rows();
    assertThat(rows.upserts().rows()).hasSize(1);
    assertThat(rows.keeps().rows()).isEmpty();
  }

  @Test
  void compositeKeysStayDistinctWhateverTheirStringsHold() {
    SinkEvents composite =
        new SinkEvents(
            "Orders",
            List.of(
                new KeyAttribute("pk", KeyAttribute.ScalarType.S),
                new KeyAttribute("sk", KeyAttribute.ScalarType.S)),
            "dynamodb.Orders");
    BatchBuilder builder = Batches.builder();
    // With a separator between the parts, these two different keys read the same.
    builder.add(composite.upsert(item("pk", s("a\u0001sk="), "sk", s("b")), 0, 0), 0);
    builder.add(composite.upsert(item("pk", s("a"), "sk", s("\u0001sk=b")), 0, 1), 0);

    assertThat(builder.buffer("orders").size()).isEqualTo(2);
  }

  private static BatchBuilder builder(DeleteMode mode, TtlRemovals ttl) {
    FlattenSettings settings =
        new FlattenSettings(
            Batches.naming(),
            3,
            FlattenSettings.DEFAULT_MAX_MAP_COLUMNS,
            FlattenSettings.DEFAULT_MAX_TABLE_COLUMNS,
            ListsMode.SUPER,
            List.of(),
            OverflowPolicy.DLQ,
            mode,
            ttl);
    return new BatchBuilder(
        new EventRouter(Batches.naming(), ttl), settings, PostgresDialect.LIMITS);
  }
}
