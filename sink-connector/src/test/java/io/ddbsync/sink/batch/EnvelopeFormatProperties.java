package io.ddbsync.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.EnvelopeFormat;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.testing.ItemArbitraries;
import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.flatten.RowGroup;
import io.ddbsync.sink.flatten.TableLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sink reads a source's topic in either envelope format ({@code envelope.format}): the same
 * changes in Debezium's envelope load exactly the rows our own envelope loads, on the item table
 * and every child table, upserts, removals and refusals alike.
 */
class EnvelopeFormatProperties {
  private static final Instant WHEN = Instant.parse("2026-12-07T06:00:00.123456Z");

  @Property(tries = 80)
  void debeziumsEnvelopeLoadsTheRowsOurEnvelopeLoads(
      @ForAll("items") List<Map<String, AttributeValue>> items) {
    SinkEvents ours = SinkEvents.orders(ModelSettings.Envelope.DDBSYNC).at(WHEN);
    SinkEvents theirs =
        SinkEvents.orders(
                new ModelSettings.Envelope(EnvelopeFormat.DEBEZIUM, "orders-source", "us-east-1"))
            .at(WHEN);

    Batch fromOurs = Batches.of(changes(ours, items));
    Batch fromTheirs = Batches.of(changes(theirs, items));

    TableLayout layout = fromOurs.layout();
    assertThat(fromTheirs.layout().columns()).isEqualTo(layout.columns());
    assertSameRows(fromTheirs.rows().upserts(), fromOurs.rows().upserts(), "upserts");
    assertSameRows(fromTheirs.rows().deletes(), fromOurs.rows().deletes(), "deletes");
    for (TableLayout.ChildLayout child : layout.children()) {
      assertSameRows(
          fromTheirs.rows().child(child.name()), fromOurs.rows().child(child.name()), child.name());
    }
    assertThat(fromTheirs.rows().failures()).hasSameSizeAs(fromOurs.rows().failures());
  }

  /** Item i is read by a snapshot, then changed (every second one), then removed (every third). */
  private static SinkRecord[] changes(SinkEvents events, List<Map<String, AttributeValue>> items) {
    List<SinkRecord> records = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < items.size(); i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(items.get(i));
      item.put("OrderId", AttributeValue.fromS("o-" + i));
      records.add(events.read(item, 0, offset++));
      if (i % 2 == 1) {
        item.put("Status", AttributeValue.fromS("changed-" + i));
        records.add(events.upsert(item, 0, offset++));
      }
      if (i % 3 == 2) {
        records.add(events.remove(Map.of("OrderId", item.get("OrderId")), 0, offset++));
      }
    }
    return records.toArray(SinkRecord[]::new);
  }

  private static void assertSameRows(RowGroup actual, RowGroup expected, String what) {
    assertThat(actual.size()).as(what).isEqualTo(expected.size());
    for (int r = 0; r < expected.size(); r++) {
      assertThat(Arrays.deepToString(actual.rows().get(r)))
          .as("%s row %d", what, r)
          .isEqualTo(Arrays.deepToString(expected.rows().get(r)));
    }
  }

  @Provide
  Arbitrary<List<Map<String, AttributeValue>>> items() {
    return ItemArbitraries.items(3).list().ofMinSize(1).ofMaxSize(10);
  }
}
