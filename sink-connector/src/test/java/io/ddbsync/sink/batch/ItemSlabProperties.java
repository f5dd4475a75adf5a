package io.ddbsync.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.testing.ItemArbitraries;
import io.ddbsync.sink.fixtures.SinkEvents;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items kept in a buffer's slab read back equal to the items buffered, for every shape the source
 * produces (random items through the change-event model, schema changes included) and every type
 * Connect has, across chunk boundaries, whatever was appended after them.
 */
class ItemSlabProperties {
  @Property(tries = 150)
  void everyItemReadsBackEqualAfterOthersWereAppended(
      @ForAll @Size(min = 1, max = 12)
          List<@net.jqwik.api.From("items") Map<String, AttributeValue>> items) {
    SinkEvents events = SinkEvents.orders();
    ItemSlab slab = new ItemSlab();
    List<Struct> appended = new ArrayList<>();
    List<Long> addresses = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(items.get(i));
      item.put("OrderId", AttributeValue.fromS("o-" + i));
      SinkRecord record = events.upsert(item, 0, i);
      Struct after = ((Struct) record.value()).getStruct("after");
      appended.add(after);
      addresses.add(slab.append(after.schema(), after));
    }
    for (int i = 0; i < appended.size(); i++) {
      Struct read = slab.read(appended.get(i).schema(), addresses.get(i));
      assertThat(comparable(read)).isEqualTo(comparable(appended.get(i)));
      ConnectSchema.validateValue(read.schema(), read);
    }
  }

  /**
   * A value whose equality is its content's: byte arrays (in lists, as binary sets are) compared by
   * their bytes, structs by schema and fields.
   */
  private static Object comparable(Object value) {
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    if (value instanceof Struct struct) {
      List<Object> fields = new ArrayList<>();
      fields.add(struct.schema());
      struct.schema().fields().forEach(field -> fields.add(comparable(struct.get(field))));
      return fields;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ItemSlabProperties::comparable).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(comparable(k), comparable(v)));
      return copy;
    }
    return value;
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Map<String, AttributeValue>> items() {
    return ItemArbitraries.items(3);
  }

  @Test
  void everyConnectTypeReadsBackEqualAndOfTheSameClass() {
    Schema element = SchemaBuilder.struct().field("n", Schema.OPTIONAL_INT32_SCHEMA).optional();
    Schema schema =
        SchemaBuilder.struct()
            .field("i8", Schema.INT8_SCHEMA)
            .field("i16", Schema.INT16_SCHEMA)
            .field("i32", Schema.INT32_SCHEMA)
            .field("i64", Schema.INT64_SCHEMA)
            .field("f32", Schema.FLOAT32_SCHEMA)
            .field("f64", Schema.FLOAT64_SCHEMA)
            .field("bool", Schema.BOOLEAN_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("bytes", Schema.BYTES_SCHEMA)
            .field("buffer", Schema.BYTES_SCHEMA)
            .field("small", Decimal.builder(2).build())
            .field("large", Decimal.builder(5).build())
            .field("date", org.apache.kafka.connect.data.Date.SCHEMA)
            .field("time", Time.SCHEMA)
            .field("timestamp", Timestamp.SCHEMA)
            .field("list", SchemaBuilder.array(element).optional().build())
            .field(
                "map",
                SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA).build())
            .field("missing", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    Struct item =
        new Struct(schema)
            .put("i8", (byte) -7)
            .put("i16", (short) -30_000)
            .put("i32", Integer.MIN_VALUE)
            .put("i64", Long.MAX_VALUE)
            .put("f32", Float.NaN)
            .put("f64", -0.0)
            .put("bool", true)
            .put("text", "ASCII, then é, 日本語 and \uD83D\uDE00")
            .put("bytes", new byte[] {0, -1, 127})
            .put("buffer", ByteBuffer.wrap(new byte[] {9, 8, 7}))
            .put("small", new BigDecimal("-12.34"))
            .put("large", new BigDecimal(BigInteger.TEN.pow(30).negate(), 5))
            .put("date", new Date(86_400_000L * 19_000))
            .put("time", new Date(3_600_000L))
            .put("timestamp", new Date(1_718_440_331_123L))
            .put("list", Arrays.asList(new Struct(element).put("n", 1), null, new Struct(element)))
            .put("map", new LinkedHashMap<>(Map.of("a", 1.5)));
    ItemSlab slab = new ItemSlab();
    // Enough items to fill several chunks, the largest alone in one.
    List<Long> addresses = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      addresses.add(slab.append(schema, item));
    }
    Struct huge = new Struct(schema);
    schema.fields().forEach(field -> huge.put(field, item.get(field)));
    huge.put("text", "x".repeat(3_000_000));
    long hugeAddress = slab.append(schema, huge);
    long afterHuge = slab.append(schema, item);

    assertThat(slab.read(schema, addresses.get(0))).isEqualTo(item);
    assertThat(slab.read(schema, addresses.get(2_999))).isEqualTo(item);
    assertThat(slab.read(schema, hugeAddress)).isEqualTo(huge);
    Struct read = slab.read(schema, afterHuge);
    assertThat(read).isEqualTo(item);
    assertThat(read.get("buffer")).isInstanceOf(ByteBuffer.class);
    assertThat(read.get("bytes")).isInstanceOf(byte[].class);
    assertThat(read.getFloat32("f32")).isNaN();
    assertThat(Double.doubleToRawLongBits(read.getFloat64("f64")))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(read.get("missing")).isNull();
    assertThat(slab.usedBytes()).isGreaterThan(3_000_000);
  }

  /**
   * An item whose value is not of its field's type (a converter that skipped Connect's checks)
   * cannot be encoded: the buffer keeps it as it is, and builds it as before.
   */
  @Test
  void anItemThatCannotBeEncodedIsKeptAsItIs() {
    SinkEvents events = SinkEvents.orders();
    SinkRecord record =
        events.upsert(io.ddbsync.sink.fixtures.Shapes.order("o-1", "text", false), 0, 0);
    Struct after = ((Struct) record.value()).getStruct("after");
    org.apache.kafka.connect.data.Field text = after.schema().field("OrderId");
    io.ddbsync.common.model.StructSlots.set(after, text, 42L); // a Long in a text field
    BatchBuilder builder = io.ddbsync.sink.fixtures.Batches.builder();

    builder.add(record, 0);

    TableBuffer.Buffered buffered = builder.buffer("orders").buffered().get(0);
    assertThat(buffered.hasItem()).isTrue();
    assertThat(buffered.item()).isSameAs(after);
    assertThat(builder.bufferedBytes()).isGreaterThan(StructSize.of(after));
    // A newer change of the item replaces it: its bytes go with it.
    builder.add(
        events.upsert(io.ddbsync.sink.fixtures.Shapes.order("o-1", "text", false), 0, 1), 0);
    SinkRecord newer = builder.buffer("orders").records().get(0);
    assertThat(builder.bufferedBytes())
        .isEqualTo(StructSize.ofKept(newer) + builder.buffer("orders").itemBytes());
  }
}
