package io.ddbsync.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.common.model.ItemDecoder;
import io.ddbsync.common.testing.InMemoryAvroRegistry;
import io.ddbsync.common.testing.ItemArbitraries;
import io.ddbsync.common.testing.Items;
import io.ddbsync.common.testing.ModelHarness;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Random items, with random nesting, names, types, sparse attributes and type conflicts, through
 * the model and on through Apicurio's AvroConverter (whose registry enforces FULL compatibility
 * between all versions of a subject) and the JsonConverter: every item comes back exactly, every
 * schema is Avro-legal, and tasks sharing a history agree on the schema.
 */
class ChangeEventModelProperties {
  private static final List<KeyAttribute> KEY =
      List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S));
  private static final ModelSettings SETTINGS =
      new ModelSettings("ddbsync", 9, 4, KeyNumberMapping.INT64);

  private final ModelHarness harness = new ModelHarness();

  @Property(tries = 150)
  void itemsRoundTripExactlyThroughAvroAndJsonAndEverySchemaIsRegistryCompatible(
      @ForAll("itemSequences") List<Map<String, AttributeValue>> items) {
    String topic = "props-" + UUID.randomUUID();
    TableEventModel model =
        ModelHarness.model("Some-Table.v2", KEY, SETTINGS, new InMemorySchemaHistory());
    Map<String, Schema> typeOfFieldName = new HashMap<>();
    int lastLegalVersion = -1;

    for (Map<String, AttributeValue> item : items) {
      EncodedEvent event = model.encode(read(item));
      // Encoders set values without Struct.put's checks (StructSlots): every event stays valid.
      ConnectSchema.validateValue(event.valueSchema(), event.value());
      ConnectSchema.validateValue(event.keySchema(), event.key());
      if (model.schemaVersion() != lastLegalVersion) {
        harness.avroLegal(event.valueSchema());
        lastLegalVersion = model.schemaVersion();
      }
      Struct after = event.value().getStruct(EnvelopeSchemas.AFTER);
      assertFieldsNeverChangeType(after.schema(), "", typeOfFieldName);

      SchemaAndValue avro = harness.throughAvro(topic, event.valueSchema(), event.value(), false);
      SchemaAndValue json = harness.throughJson(topic, event.valueSchema(), event.value());
      Map<String, AttributeValue> expected = Items.normalized(item);
      assertThat(decoded(((Struct) avro.value()).getStruct("after"))).isEqualTo(expected);
      assertThat(decoded(((Struct) json.value()).getStruct("after"))).isEqualTo(expected);
      assertThat(decoded(after)).isEqualTo(expected);
    }
    assertThat(InMemoryAvroRegistry.versions(topic + "-value")).isNotEmpty();
  }

  @Property(tries = 100)
  void tasksSharingAHistoryAndARestartedTaskDeriveTheSameSchema(
      @ForAll("itemSequences") List<Map<String, AttributeValue>> items, @ForAll Random random) {
    InMemorySchemaHistory history = new InMemorySchemaHistory();
    TableEventModel taskA = ModelHarness.model("T", KEY, SETTINGS, history);
    TableEventModel taskB = ModelHarness.model("T", KEY, SETTINGS, history);
    List<Map<String, AttributeValue>> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, random);
    for (Map<String, AttributeValue> item : shuffled) {
      (random.nextBoolean() ? taskA : taskB).encode(read(item));
    }
    taskA.refresh();
    taskB.refresh();
    TableEventModel restarted = ModelHarness.model("T", KEY, SETTINGS, history);

    assertThat(taskB.valueSchema()).isEqualTo(taskA.valueSchema());
    assertThat(restarted.valueSchema()).isEqualTo(taskA.valueSchema());
    for (Map<String, AttributeValue> item : items) {
      Struct fromA = taskA.encode(read(item)).value().getStruct(EnvelopeSchemas.AFTER);
      Struct fromRestarted = restarted.encode(read(item)).value().getStruct(EnvelopeSchemas.AFTER);
      assertThat(fromRestarted.schema()).isEqualTo(fromA.schema());
      assertThat(decoded(fromRestarted)).isEqualTo(decoded(fromA));
    }
  }

  @Provide
  Arbitrary<List<Map<String, AttributeValue>>> itemSequences() {
    return Arbitraries.integers()
        .between(0, 10_000)
        .flatMap(
            seed ->
                ItemArbitraries.items(4)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(12)
                    .map(list -> withKeys(list, seed)));
  }

  private static List<Map<String, AttributeValue>> withKeys(
      List<Map<String, AttributeValue>> items, int seed) {
    List<Map<String, AttributeValue>> keyed = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(items.get(i));
      item.put("pk", AttributeValue.fromS(seed + "-" + i));
      keyed.add(item);
    }
    return keyed;
  }

  /** Numbers compare by value: "1E-10" and "0.0000000001" are the same DynamoDB number. */
  private static Map<String, AttributeValue> decoded(Struct item) {
    return Items.normalized(ItemDecoder.decode(item));
  }

  private static ChangeEvent read(Map<String, AttributeValue> item) {
    return ModelHarness.read("T", Map.of("pk", item.get("pk")), item);
  }

  /** A field name, once seen, keeps its schema forever (nested structs may only grow). */
  private static void assertFieldsNeverChangeType(
      Schema struct, String prefix, Map<String, Schema> seen) {
    for (Field field : struct.fields()) {
      String path = prefix + field.name();
      Schema schema = field.schema();
      Schema inner = schema.type() == Schema.Type.ARRAY ? schema.valueSchema() : schema;
      if (inner.type() == Schema.Type.STRUCT) {
        assertFieldsNeverChangeType(inner, path + ".", seen);
        continue;
      }
      Schema previous = seen.putIfAbsent(path, schema);
      if (previous != null) {
        assertThat(schema).as("type of field %s", path).isEqualTo(previous);
      }
    }
  }
}
