package io.ddbsync.sink.batch;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.Shapes;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.flatten.RowBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.InternalSinkRecord;
import org.apache.kafka.connect.runtime.errors.ProcessingContext;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * A buffered record keeps what its load and the dead letter queue need, and no more: a record the
 * worker handed over keeps its original bytes and coordinates (which the worker's errant record
 * reporter writes to the dead letter queue) but not its value; any other record is kept whole.
 */
class KeptRecordTest {
  private final SinkEvents events = SinkEvents.orders();

  @Test
  void aWorkersRecordIsBufferedWithoutItsValueButWithItsOriginalBytesAndOffsets() {
    SinkRecord converted = events.upsert(Shapes.order("o-1", "some text", false), 3, 41);
    ConsumerRecord<byte[], byte[]> consumed =
        new ConsumerRecord<>(
            converted.topic(),
            3,
            41,
            "key bytes".getBytes(StandardCharsets.UTF_8),
            "value bytes".getBytes(StandardCharsets.UTF_8));
    SinkRecord handed = new InternalSinkRecord(new ProcessingContext<>(consumed), converted);
    BatchBuilder builder = Batches.builder();

    builder.add(handed, 0);

    TableBuffer buffer = builder.buffer("orders");
    SinkRecord kept = buffer.records().get(0);
    assertThat(kept.value()).isNull();
    assertThat(kept.valueSchema()).isSameAs(converted.valueSchema());
    assertThat(kept.key()).isEqualTo(converted.key());
    // What WorkerErrantRecordReporter sends for an InternalSinkRecord: the consumed bytes.
    assertThat(kept).isInstanceOf(InternalSinkRecord.class);
    assertThat(((InternalSinkRecord) kept).context().original()).isSameAs(consumed);
    assertThat(Coordinates.partition(kept)).isEqualTo(Coordinates.partition(handed));
    assertThat(Coordinates.offset(kept)).isEqualTo(41);
    // Counted: the key, the item after the change as the slab keeps it, and the record; not the
    // rest of the envelope.
    assertThat(buffer.bytes())
        .isEqualTo(
            StructSize.RECORD_OVERHEAD + StructSize.of(converted.key()) + encodedItem(converted))
        .isLessThan(StructSize.of(handed));
  }

  @Test
  void aBatchOfWorkersRecordsHasTheRowsOfTheSameRecordsKeptWhole() {
    BatchBuilder whole = Batches.builder();
    BatchBuilder kept = Batches.builder();
    for (int i = 0; i < 20; i++) {
      SinkRecord record = events.upsert(Shapes.order("o-" + i, "text " + i, i % 3 == 0), 0, i);
      ConsumerRecord<byte[], byte[]> consumed =
          new ConsumerRecord<>(record.topic(), 0, i, new byte[0], new byte[0]);
      whole.add(record, 0);
      kept.add(new InternalSinkRecord(new ProcessingContext<>(consumed), record), 0);
    }
    SinkRecord removal = events.remove(item("OrderId", s("o-2")), 0, 20);
    whole.add(removal, 0);
    kept.add(
        new InternalSinkRecord(
            new ProcessingContext<>(
                new ConsumerRecord<>(removal.topic(), 0, 20, new byte[0], new byte[0])),
            removal),
        0);

    RowBuilder.Rows expected = whole.build(whole.take("orders")).batch().rows();
    RowBuilder.Rows actual = kept.build(kept.take("orders")).batch().rows();

    assertThat(rows(actual.upserts().rows())).isEqualTo(rows(expected.upserts().rows()));
    assertThat(rows(actual.deletes().rows())).isEqualTo(rows(expected.deletes().rows()));
    assertThat(actual.children().keySet()).isEqualTo(expected.children().keySet());
    expected
        .children()
        .forEach(
            (child, group) ->
                assertThat(rows(actual.child(child).rows())).isEqualTo(rows(group.rows())));
    assertThat(actual.widths()).isEqualTo(expected.widths());
    assertThat(expected.upserts().rows()).hasSize(19);
  }

  @Test
  void anyOtherRecordIsKeptWholeForItsReporterSerializesTheValueItIsGiven() {
    SinkRecord record = events.upsert(Shapes.order("o-1", "text", false), 0, 1);
    BatchBuilder builder = Batches.builder();

    builder.add(record, 0);

    assertThat(builder.buffer("orders").records()).containsExactly(record);
    assertThat(builder.buffer("orders").bytes())
        .isEqualTo(StructSize.of(record) + encodedItem(record));
  }

  /** The bytes the record's item after the change takes in a buffer's slab. */
  private static long encodedItem(SinkRecord record) {
    org.apache.kafka.connect.data.Struct item =
        ((org.apache.kafka.connect.data.Struct) record.value()).getStruct("after");
    ItemSlab slab = new ItemSlab();
    slab.append(item.schema(), item);
    return slab.usedBytes();
  }

  private static List<List<Object>> rows(List<Object[]> rows) {
    List<List<Object>> lists = new ArrayList<>();
    for (Object[] row : rows) {
      lists.add(Arrays.asList(row));
    }
    return lists;
  }
}
