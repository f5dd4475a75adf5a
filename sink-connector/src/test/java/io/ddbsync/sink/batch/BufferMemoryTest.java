package io.ddbsync.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.Shapes;
import io.ddbsync.sink.fixtures.SinkEvents;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.InternalSinkRecord;
import org.apache.kafka.connect.runtime.errors.ProcessingContext;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * buffer.max.bytes means what it says: what the buffers count for their records is the heap those
 * records keep alive (their {@code SinkRecord}s, value and key structs, headers and the buffer's
 * own entries), within 25%, measured as the heap in use after full collections with the records
 * buffered against without them.
 */
class BufferMemoryTest {
  private static final int RECORDS = 20_000;
  private static final byte[] NO_BYTES = new byte[0];

  @ParameterizedTest
  @ValueSource(ints = {8, 300, 3_000, -8, -3_000})
  void theBytesCountedForBufferedRecordsAreTheHeapTheyKeep(int length) throws Exception {
    measure(length, false);
  }

  /**
   * Records as the worker hands them over, which the buffers keep without their values
   * (KeptRecord): still counted within 25%. The consumed bytes the worker keeps with each are left
   * out of both (one shared empty array here): the sink cannot see their size.
   */
  @ParameterizedTest
  @ValueSource(ints = {8, 300, 3_000})
  void theBytesCountedForWorkersRecordsKeptWithoutTheirValuesAreTheHeapTheyKeep(int length)
      throws Exception {
    measure(length, true);
  }

  /**
   * Changes of a stream of new and old images, with DynamoDB's long identifiers in the source
   * block: whole, and as the worker hands them over (kept without the image before the change).
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theBytesCountedForChangesWithOldImagesAreTheHeapTheyKeep(boolean fromWorker)
      throws Exception {
    measure(8, fromWorker, true);
  }

  private void measure(int length, boolean fromWorker) throws Exception {
    measure(length, fromWorker, false);
  }

  private void measure(int length, boolean fromWorker, boolean oldImages) throws Exception {
    // A negative length: text beyond Latin-1, which Java keeps at two bytes per character.
    int textLength = Math.abs(length);
    String letter = length < 0 ? "ж" : "y";
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    SinkEvents events = SinkEvents.orders();
    // The schemas and the encoders' caches exist before, as in a running task.
    events.upsert(Shapes.order("warm", "x".repeat(textLength), false), 0, 0);
    long before = usedAfterGc(memory);
    BatchBuilder builder = Batches.builder();
    for (int i = 0; i < RECORDS; i++) {
      String text = (i + "-" + letter.repeat(textLength)).substring(0, textLength);
      Map<String, AttributeValue> order = Shapes.order("o-" + i, text, false);
      SinkRecord record =
          distinctStrings(
              oldImages
                  ? events.modify(Shapes.order("o-" + i, "old " + text, false), order, 0, i)
                  : events.upsert(order, 0, i));
      if (fromWorker) {
        record =
            new InternalSinkRecord(
                new ProcessingContext<>(
                    new ConsumerRecord<>(record.topic(), 0, i, NO_BYTES, NO_BYTES)),
                record);
      }
      builder.add(record, 0);
    }
    long after = usedAfterGc(memory);
    double retained = (double) (after - before) / RECORDS;
    double counted = (double) builder.bufferedBytes() / RECORDS;
    System.out.printf(
        "text %d%s%s: retained %.0f bytes per record, counted %.0f (%.2f)%n",
        length,
        oldImages ? " (old images)" : "",
        fromWorker ? " (worker's records)" : "",
        retained,
        counted,
        counted / retained);
    assertThat(builder.buffers()).isNotEmpty();
    assertThat(counted / retained).isBetween(0.75, 1.25);
  }

  /**
   * The record with a String object of its own in every field, as a converter decodes them (the
   * test's items share one text among their attributes).
   */
  private static SinkRecord distinctStrings(SinkRecord record) {
    return record.newRecord(
        record.topic(),
        record.kafkaPartition(),
        record.keySchema(),
        copy(record.key()),
        record.valueSchema(),
        copy(record.value()),
        record.timestamp());
  }

  private static Object copy(Object value) {
    if (value instanceof String text) {
      return new String(text.toCharArray());
    }
    if (value instanceof org.apache.kafka.connect.data.Struct struct) {
      org.apache.kafka.connect.data.Struct fields =
          new org.apache.kafka.connect.data.Struct(struct.schema());
      for (org.apache.kafka.connect.data.Field field : struct.schema().fields()) {
        fields.put(field, copy(struct.get(field)));
      }
      return fields;
    }
    if (value instanceof List<?> list) {
      List<Object> elements = new ArrayList<>(list.size());
      list.forEach(element -> elements.add(copy(element)));
      return elements;
    }
    if (value instanceof java.util.Map<?, ?> map) {
      java.util.Map<Object, Object> entries = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> entries.put(copy(k), copy(v)));
      return entries;
    }
    return value;
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
