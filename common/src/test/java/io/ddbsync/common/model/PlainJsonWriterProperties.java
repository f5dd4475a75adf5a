package io.ddbsync.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.KeyNumberMapping;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.json.DynamoJson;
import io.ddbsync.common.testing.ItemArbitraries;
import io.ddbsync.common.testing.ModelHarness;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plain JSON a SUPER (JSONB) column stages, written straight from the Connect value, is the
 * text the sink wrote before by decoding into DynamoDB attribute values and rendering those: random
 * items of every kind (maps, lists, sets, binary, decimals and numbers too wide for them, nulls,
 * values nested past the model's depth and carried as JSON), with one writer for all of them as a
 * batch uses it.
 */
class PlainJsonWriterProperties {
  private static final List<KeyAttribute> KEY =
      List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S));

  @Property(tries = 300)
  void everyFieldsJsonIsTheTextOfItsDecodedAttributeValue(
      @ForAll("items") List<Map<String, AttributeValue>> items, @ForAll("depths") int maxDepth) {
    TableEventModel model =
        ModelHarness.model(
            "T",
            KEY,
            new ModelSettings("ddbsync", 9, maxDepth, KeyNumberMapping.INT64),
            new InMemorySchemaHistory());
    PlainJsonWriter writer = new PlainJsonWriter();
    int index = 0;
    for (Map<String, AttributeValue> item : items) {
      Map<String, AttributeValue> keyed = new LinkedHashMap<>(item);
      keyed.put("pk", AttributeValue.fromS("k" + index++));
      ChangeEvent event = ModelHarness.read("T", Map.of("pk", keyed.get("pk")), keyed);
      Struct after = model.encode(event).value().getStruct(EnvelopeSchemas.AFTER);
      for (Field field : after.schema().fields()) {
        Object value = after.get(field);
        if (value == null) {
          continue;
        }
        FieldKind kind = ItemDecoder.kindOf(field.schema());
        Statistics.collect(kind.base());
        assertThat(writer.write(kind, value))
            .as("field %s of kind %s", field.name(), kind)
            .isEqualTo(DynamoJson.writePlain(ItemDecoder.decodeValue(kind, value)));
      }
    }
    // Every kind of value is met across the tries (a generator change cannot narrow this away).
    Statistics.coverage(
        checker -> {
          for (FieldKind.Base base : FieldKind.Base.values()) {
            checker.check(base).count(count -> count > 0);
          }
        });
  }

  @Provide
  Arbitrary<List<Map<String, AttributeValue>>> items() {
    return ItemArbitraries.items(4).list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.integers().between(1, 4);
  }

  /** Converters hand binary values back as ByteBuffers, positioned anywhere in their array. */
  @Example
  void binaryValuesFromByteBuffersAreTheirBase64() {
    ByteBuffer shared = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, (byte) 0xff, 9});
    shared.position(1).limit(5);
    PlainJsonWriter writer = new PlainJsonWriter();
    assertThat(writer.write(FieldKind.BINARY, shared)).isEqualTo("\"AQID/w==\"");
    assertThat(shared.position()).isEqualTo(1);
    assertThat(writer.write(FieldKind.BINARY_SET, List.of(shared, ByteBuffer.wrap(new byte[0]))))
        .isEqualTo("[\"AQID/w==\",\"\"]");
  }

  /** Text that needs escaping, written after other values by the same writer. */
  @Example
  void stringsAreEscapedAndEachValueStandsAlone() {
    PlainJsonWriter writer = new PlainJsonWriter();
    assertThat(writer.write(FieldKind.LONG, 42L)).isEqualTo("42");
    assertThat(writer.write(FieldKind.STRING, "a \"quote\"\n\u0000 and é"))
        .isEqualTo("\"a \\\"quote\\\"\\n\\u0000 and é\"");
    assertThat(writer.write(FieldKind.list(FieldKind.STRING), java.util.Arrays.asList("x", null)))
        .isEqualTo("[\"x\",null]");
  }
}
