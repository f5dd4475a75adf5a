package io.ddbsync.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.KeyNumberMapping;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.common.testing.InMemoryAvroRegistry;
import io.ddbsync.common.testing.ItemArbitraries;
import io.ddbsync.common.testing.ModelHarness;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.storage.Converter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ddbsync converter reads Avro records straight into Connect data, and what it reads is what
 * Apicurio's converter reads from the same bytes, schema and value, record for record: random
 * change events across schema versions (every kind of attribute, nesting, decimals, sets, binary,
 * removals without an after image), and Connect types the change events do not use.
 */
class DirectReadProperties {
  private static final List<KeyAttribute> KEY =
      List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S));

  @Property(tries = 60)
  void changeEventsReadStraightIntoConnectDataEqualApicuriosReading(
      @ForAll("items") List<Map<String, AttributeValue>> items) {
    String topic = "direct-" + UUID.randomUUID();
    TableEventModel model =
        ModelHarness.model(
            "T",
            KEY,
            new ModelSettings("ddbsync", 9, 3, KeyNumberMapping.INT64),
            new InMemorySchemaHistory());
    AvroConverter ours = converter(Map.of(), false);
    Converter apicurio = apicurio(Map.of(), false);
    AvroConverter ourKeys = converter(Map.of(), true);
    Converter apicurioKeys = apicurio(Map.of(), true);
    int index = 0;
    List<SchemaAndValue[]> readings = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      Map<String, AttributeValue> keyed = new LinkedHashMap<>(item);
      keyed.put("pk", AttributeValue.fromS("k" + index++));
      EncodedEvent event =
          model.encode(ModelHarness.read("T", Map.of("pk", keyed.get("pk")), keyed));
      readings.add(assertSameReading(topic, ours, apicurio, event.valueSchema(), event.value()));
      readings.add(assertSameReading(topic, ourKeys, apicurioKeys, event.keySchema(), event.key()));
    }
    // Records read later (through the same string buffer) left the earlier ones as they were.
    for (SchemaAndValue[] reading : readings) {
      assertThat(reading[0].value()).isEqualTo(reading[1].value());
    }
    assertThat(ours.directReader().schemasReadDirectly()).isPositive();
    assertThat(ourKeys.directReader().schemasReadDirectly()).isEqualTo(1);
  }

  @Provide
  Arbitrary<List<Map<String, AttributeValue>>> items() {
    return ItemArbitraries.items(4).list().ofMinSize(1).ofMaxSize(10);
  }

  /** Connect types and logical types beyond the change events', written by Apicurio's converter. */
  @Example
  void everyConnectTypeReadsAsApicuriosDoes() {
    Schema nested =
        SchemaBuilder.struct().name("Nested").optional().field("s", Schema.STRING_SCHEMA).build();
    Schema schema =
        SchemaBuilder.struct()
            .name("Everything")
            .field("i8", Schema.INT8_SCHEMA)
            .field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("i32", Schema.INT32_SCHEMA)
            .field("i64", Schema.OPTIONAL_INT64_SCHEMA)
            .field("f32", Schema.FLOAT32_SCHEMA)
            .field("f64", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("flag", Schema.BOOLEAN_SCHEMA)
            .field("bytes", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(4).optional().build())
            .field("day", Date.builder().optional().build())
            .field("clock", Time.SCHEMA)
            .field("at", Timestamp.builder().optional().build())
            .field("names", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("scores", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
            .field("nested", nested)
            .field("nestedList", SchemaBuilder.array(nested).build())
            .build();
    List<Struct> values = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Struct value =
          new Struct(schema)
              .put("i8", (byte) (i - 1))
              .put("i16", i == 1 ? null : (short) 300)
              .put("i32", -7 * i)
              .put("i64", Long.MIN_VALUE + i)
              .put("f32", 1.5f * i)
              .put("f64", i == 2 ? null : Math.PI)
              .put("flag", i % 2 == 0)
              .put("bytes", i == 0 ? null : ByteBuffer.wrap(new byte[] {0, 1, (byte) i}))
              .put("text", i == 1 ? "" : "é " + i)
              .put("amount", i == 0 ? null : new BigDecimal("-12345678901234.567" + i).setScale(4))
              .put("day", new java.util.Date(86_400_000L * 19_000))
              .put("clock", new java.util.Date(3_600_000L + i))
              .put("at", i == 2 ? null : new java.util.Date(1_700_000_000_123L))
              .put("names", i == 0 ? null : List.of("a", "b" + i))
              .put("scores", i == 1 ? Map.of() : Map.of("x", 1L, "y", (long) i))
              .put("nested", i == 2 ? null : new Struct(nested).put("s", "n" + i))
              .put("nestedList", List.of(new Struct(nested).put("s", "l" + i)));
      values.add(value);
    }
    AvroConverter ours = converter(Map.of(), false);
    Converter apicurio = apicurio(Map.of(), false);
    for (Struct value : values) {
      assertSameReading("everything-" + UUID.randomUUID(), ours, apicurio, schema, value);
    }
    assertThat(ours.directReader().schemasReadDirectly()).isEqualTo(1);
  }

  /** Records in Avro's JSON encoding are read by Apicurio's code, and read the same. */
  @Example
  void jsonEncodedRecordsAreReadByApicuriosCode() {
    Map<String, Object> json = Map.of("apicurio.registry.avro.encoding", "JSON");
    AvroConverter ours = converter(json, false);
    Converter apicurio = apicurio(json, false);
    Schema schema = SchemaBuilder.struct().name("J").field("s", Schema.STRING_SCHEMA).build();
    assertSameReading(
        "json-" + UUID.randomUUID(), ours, apicurio, schema, new Struct(schema).put("s", "x"));
    assertThat(ours.directReader().schemasReadDirectly()).isZero();
  }

  /** Schema ids in headers instead of the payload: still read straight into Connect data. */
  @Example
  void recordsWithTheSchemaIdInHeadersAreReadDirectly() {
    Map<String, Object> inHeaders = Map.of("apicurio.registry.headers.enabled", true);
    AvroConverter ours = converter(inHeaders, false);
    Converter apicurio = apicurio(inHeaders, false);
    Schema schema = SchemaBuilder.struct().name("H").field("n", Schema.INT64_SCHEMA).build();
    assertSameReading(
        "headers-" + UUID.randomUUID(), ours, apicurio, schema, new Struct(schema).put("n", 5L));
    assertThat(ours.directReader().schemasReadDirectly()).isEqualTo(1);
  }

  /**
   * Asserts that our converter reads {@code value}'s bytes as Apicurio's does, and that what it
   * read is valid for its schema (structs are filled without {@code Struct.put}'s checks); returns
   * both readings.
   */
  private static SchemaAndValue[] assertSameReading(
      String topic, Converter ours, Converter apicurio, Schema schema, Object value) {
    RecordHeaders headers = new RecordHeaders();
    byte[] bytes = ours.fromConnectData(topic, headers, schema, value);
    SchemaAndValue theirs = apicurio.toConnectData(topic, headers, bytes);
    SchemaAndValue read = ours.toConnectData(topic, headers, bytes);
    assertThat(read.schema()).isEqualTo(theirs.schema());
    assertThat(read.value()).isNotNull().isEqualTo(theirs.value());
    ConnectSchema.validateValue(read.schema(), read.value());
    return new SchemaAndValue[] {read, theirs};
  }

  /** Structs are filled straight into their values on the Connect version this build runs. */
  @Example
  void structsAreFilledWithoutValidatingEachPut() {
    assertThat(StructSlots.available()).isTrue();
    Schema schema = SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA).build();
    Struct struct = new Struct(schema);
    StructSlots.of(struct)[0] = "x";
    assertThat(struct.getString("a")).isEqualTo("x");
  }

  private static AvroConverter converter(Map<String, Object> extra, boolean isKey) {
    AvroConverter converter = new AvroConverter();
    converter.configure(config(extra), isKey);
    return converter;
  }

  private static Converter apicurio(Map<String, Object> extra, boolean isKey) {
    Converter converter = new io.apicurio.registry.utils.converter.AvroConverter<Object>();
    converter.configure(config(extra), isKey);
    return converter;
  }

  private static Map<String, Object> config(Map<String, Object> extra) {
    Map<String, Object> config = new LinkedHashMap<>(InMemoryAvroRegistry.converterConfig());
    config.putAll(extra);
    return config;
  }
}
