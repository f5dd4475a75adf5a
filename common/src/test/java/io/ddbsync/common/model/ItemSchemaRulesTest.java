package io.ddbsync.common.model;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.KeyNumberMapping;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.testing.Items;
import io.ddbsync.common.testing.ModelHarness;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The rules of the item schema: conflicts, numbers, NULL, nesting, lists, sets and names. */
class ItemSchemaRulesTest {
  private static final List<KeyAttribute> KEY =
      List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S));

  private final ModelHarness harness = new ModelHarness();
  private InMemorySchemaHistory history = new InMemorySchemaHistory();
  private TableEventModel model = newModel(ModelSettings.defaults());

  @Test
  void aSecondTypeForAnAttributeGetsASuffixedFieldAndTheFirstKeepsItsType() {
    Struct first = after(item("pk", s("1"), "price", n("100")));
    Struct second = after(item("pk", s("2"), "price", s("cheap")));
    Struct third = after(item("pk", s("3"), "price", n("12.5")));
    Struct fourth = after(item("pk", s("4"), "price", n("1E+100")));

    Schema schema = fourth.schema();
    assertThat(fieldNames(schema))
        .containsExactly("pk", "price", "price__s", "price__n_dec", "price__n_text");
    assertThat(schema.field("price").schema().type()).isEqualTo(Schema.Type.INT64);
    assertThat(first.get("price")).isEqualTo(100L);
    assertThat(second.get("price__s")).isEqualTo("cheap");
    assertThat(second.get("price")).isNull();
    assertThat(third.get("price__n_dec")).isEqualTo(new BigDecimal("12.500000000"));
    assertThat(fourth.get("price__n_text")).isEqualTo("1E+100");
  }

  @Test
  void integersGoToAnExistingDecimalFieldThatHoldsThemExactly() {
    after(item("pk", s("1"), "total", n("424.5")));
    Struct integral = after(item("pk", s("2"), "total", n("425")));

    assertThat(fieldNames(integral.schema())).containsExactly("pk", "total");
    assertThat(integral.get("total")).isEqualTo(new BigDecimal("425.000000000"));
  }

  @Test
  void numbersNeverRoundTheyMoveToExactText() {
    Struct tooManyDigits = after(item("pk", s("1"), "v", n("0.1234567891")));
    Struct huge = after(item("pk", s("2"), "v", n("12345678901234567890123456789012345678")));
    Struct tiny = after(item("pk", s("3"), "v", n("1E-130")));

    assertThat(tooManyDigits.get("v")).isEqualTo("0.1234567891");
    assertThat(huge.get("v")).isEqualTo("12345678901234567890123456789012345678");
    assertThat(tiny.get("v")).isEqualTo("1E-130");
    assertThat(tiny.schema().field("v").schema().parameters()).containsEntry("ddb.type", "n_text");
  }

  @Test
  void nullMarkersNeverTakeThePlainName() {
    Struct absent = after(item("pk", s("1"), "deletedAt", AttributeValue.fromNul(true)));
    Struct present = after(item("pk", s("2"), "deletedAt", s("2024-06-15")));

    assertThat(absent.get("deletedAt__null")).isEqualTo(true);
    assertThat(fieldNames(present.schema())).containsExactly("pk", "deletedAt__null", "deletedAt");
    assertThat(present.get("deletedAt")).isEqualTo("2024-06-15");
  }

  @Test
  void mapsBeyondTheDepthLimitBecomeDynamoDbJsonText() {
    model = newModel(new ModelSettings("ddbsync", 9, 2, KeyNumberMapping.INT64));
    AttributeValue deep = m(item("b", m(item("c", m(item("d", n("1")))))));
    Struct struct = after(item("pk", s("1"), "a", deep));

    Struct b = struct.getStruct("a").getStruct("b");
    assertThat(b.get("c")).isEqualTo("{\"M\":{\"d\":{\"N\":\"1\"}}}");
    assertThat(b.schema().field("c").schema().parameters()).containsEntry("ddb.type", "json");
    assertThat(ItemDecoder.decode(struct)).isEqualTo(item("pk", s("1"), "a", deep));
  }

  @Test
  void listsTakeTheKindTheirElementsShareAndMixedListsBecomeJson() {
    Struct numbers =
        after(item("pk", s("1"), "l", l(n("1"), AttributeValue.fromNul(true), n("2.5"))));
    Struct mixed = after(item("pk", s("2"), "l", l(n("1"), s("a"))));
    Struct empty = after(item("pk", s("3"), "e", AttributeValue.fromL(List.of())));

    assertThat(numbers.getArray("l"))
        .containsExactly(new BigDecimal("1.000000000"), null, new BigDecimal("2.500000000"));
    assertThat(numbers.schema().field("l").schema().parameters())
        .containsEntry("ddb.type", "l_n_dec");
    assertThat(mixed.get("l__json")).isEqualTo("{\"L\":[{\"N\":\"1\"},{\"S\":\"a\"}]}");
    assertThat(empty.getArray("e")).isEmpty();
    assertThat(empty.schema().field("e").schema().parameters()).containsEntry("ddb.type", "l_s");
  }

  @Test
  void listsOfMapsBecomeArraysOfStructsWhoseFieldsGrowAndConflictLikeTopLevel() {
    after(item("pk", s("1"), "Items", l(m(item("Sku", s("A"), "Q", n("1"))))));
    Struct later =
        after(
            item("pk", s("2"), "Items", l(m(item("Sku", s("B"), "Q", s("many"), "Note", s("x"))))));

    Schema element = later.schema().field("Items").schema().valueSchema();
    assertThat(fieldNames(element)).containsExactly("Note", "Q", "Q__s", "Sku");
    assertThat(later.<Struct>getArray("Items").get(0).get("Q__s")).isEqualTo("many");
  }

  @Test
  void aMixedListWhoseFirstMapHasANewAttributeGoesToJsonAndNeverFailsTheRecord() {
    after(item("pk", s("1"), "Items", l(m(item("Sku", s("A"))))));
    // The first element would need a new field in the list-of-maps element, but the second is no
    // map: the list as a whole is JSON text, as the schema history was told.
    Struct mixed = after(item("pk", s("2"), "Items", l(m(item("Id", n("-2E-90"))), s("loose"))));

    assertThat(mixed.get("Items")).isNull();
    assertThat(mixed.get("Items__json"))
        .isEqualTo("{\"L\":[{\"M\":{\"Id\":{\"N\":\"-2E-90\"}}},{\"S\":\"loose\"}]}");
    assertThat(fieldNames(mixed.schema().field("Items").schema().valueSchema()))
        .containsExactly("Sku");
  }

  @Test
  void setsKeepTheirTypeAndNumberSetsTheirPrecision() {
    Map<String, AttributeValue> item =
        item(
            "pk", s("1"),
            "ss", AttributeValue.fromSs(List.of("a", "b")),
            "ns", AttributeValue.fromNs(List.of("1", "2.25")),
            "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
    Struct struct = after(item);

    assertThat(struct.schema().field("ns").schema().parameters())
        .containsEntry("ddb.type", "ns_dec");
    assertThat(ItemDecoder.decode(struct)).isEqualTo(Items.normalized(item));
  }

  @Test
  void namesThatAreNotAvroNamesAreSanitizedWithoutCollisionsAndKeepTheOriginal() {
    Struct struct =
        after(item("pk", s("1"), "order-id", s("a"), "order.id", s("b"), "order_id", s("c")));

    Schema schema = struct.schema();
    assertThat(fieldNames(schema)).hasSize(4).doesNotHaveDuplicates();
    for (Field field : schema.fields()) {
      assertThat(struct.get(field))
          .isEqualTo(
              Map.of("pk", "1", "order-id", "a", "order.id", "b", "order_id", "c")
                  .get(field.schema().parameters().get(SchemaParameters.ATTRIBUTE)));
    }
    harness.avroLegal(model.valueSchema());
  }

  @Test
  void fractionalNumberKeysFailWithTheSettingToChangeWhenKeysAreInt64() {
    TableEventModel numeric =
        ModelHarness.model(
            "Readings",
            List.of(new KeyAttribute("ts", KeyAttribute.ScalarType.N)),
            ModelSettings.defaults(),
            history);
    Map<String, AttributeValue> keys = item("ts", n("1718440331.123"));

    assertThatThrownBy(() -> numeric.encode(ModelHarness.read("Readings", keys, keys)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("key.number.mapping");
  }

  @Test
  void decimalNumberKeysKeepTheirExactValue() {
    TableEventModel numeric =
        ModelHarness.model(
            "Readings",
            List.of(new KeyAttribute("ts", KeyAttribute.ScalarType.N)),
            new ModelSettings("ddbsync", 6, 8, KeyNumberMapping.DECIMAL),
            history);
    Map<String, AttributeValue> keys = item("ts", n("1718440331.123"));

    EncodedEvent event = numeric.encode(ModelHarness.read("Readings", keys, keys));
    assertThat(event.key().get("ts")).isEqualTo(new BigDecimal("1718440331.123000"));
  }

  private TableEventModel newModel(ModelSettings settings) {
    history = new InMemorySchemaHistory();
    return ModelHarness.model("T", KEY, settings, history);
  }

  private Struct after(Map<String, AttributeValue> item) {
    EncodedEvent event = model.encode(ModelHarness.read("T", Map.of("pk", item.get("pk")), item));
    harness.avroLegal(event.valueSchema());
    return event.value().getStruct(EnvelopeSchemas.AFTER);
  }

  private static List<String> fieldNames(Schema schema) {
    return schema.fields().stream().map(Field::name).toList();
  }
}
