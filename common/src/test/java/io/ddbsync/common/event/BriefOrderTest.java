package io.ddbsync.common.event;

import static io.ddbsync.common.testing.Items.briefOrder;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.common.model.ItemDecoder;
import io.ddbsync.common.model.SchemaParameters;
import io.ddbsync.common.testing.Items;
import io.ddbsync.common.testing.ModelHarness;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** The order item from the project brief, end to end through the model and both converters. */
class BriefOrderTest {
  private static final List<KeyAttribute> ORDER_KEY =
      List.of(new KeyAttribute("OrderId", KeyAttribute.ScalarType.S));

  private final ModelHarness harness = new ModelHarness();
  private final TableEventModel model =
      ModelHarness.model(
          "Orders", ORDER_KEY, ModelSettings.defaults(), new InMemorySchemaHistory());

  @Test
  void orderBecomesTypedStructWithKeyFirstAndItemsAsArrayOfStructs() {
    EncodedEvent event = encodeOrder();

    assertThat(event.key().get("OrderId")).isEqualTo("ORD-20240615-0001");
    Schema item = event.valueSchema().field(EnvelopeSchemas.AFTER).schema();
    assertThat(item.name()).isEqualTo("ddbsync.Orders.Item");
    assertThat(item.fields())
        .extracting(f -> f.name())
        .containsExactly("OrderId", "CustomerId", "Items", "OrderDate", "Total");
    assertThat(item.field("Total").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    Schema lineItem = item.field("Items").schema().valueSchema();
    assertThat(lineItem.name()).isEqualTo("ddbsync.Orders.Item.Items");
    assertThat(lineItem.field("Q").schema().type()).isEqualTo(Schema.Type.INT64);
    assertThat(lineItem.field("Sku").schema().type()).isEqualTo(Schema.Type.STRING);

    Struct after = event.value().getStruct(EnvelopeSchemas.AFTER);
    assertThat(after.get("Total")).isEqualTo(new BigDecimal("424.500000000"));
    List<Struct> lines = after.getArray("Items");
    assertThat(lines).extracting(l -> l.get("Sku")).containsExactly("A77", "F23");
    assertThat(lines).extracting(l -> l.get("Q")).containsExactly(3L, 7L);
    assertThat(event.value().get(EnvelopeSchemas.OP)).isEqualTo("READ");
    assertThat(event.value().getStruct(EnvelopeSchemas.SOURCE).get("snapshot")).isEqualTo(true);
  }

  @Test
  void orderRoundTripsExactlyThroughApicurioAvroAndJson() {
    EncodedEvent event = encodeOrder();
    harness.avroLegal(event.keySchema());
    harness.avroLegal(event.valueSchema());

    SchemaAndValue avroValue =
        harness.throughAvro("brief-orders", event.valueSchema(), event.value(), false);
    SchemaAndValue avroKey =
        harness.throughAvro("brief-orders", event.keySchema(), event.key(), true);
    SchemaAndValue json = harness.throughJson("brief-orders", event.valueSchema(), event.value());

    Map<String, ?> expected = Items.normalized(briefOrder());
    assertThat(ItemDecoder.decode(((Struct) avroValue.value()).getStruct("after")))
        .isEqualTo(expected);
    assertThat(ItemDecoder.decode(((Struct) json.value()).getStruct("after"))).isEqualTo(expected);
    assertThat(((Struct) avroKey.value()).get("OrderId")).isEqualTo("ORD-20240615-0001");
    assertThat(avroValue.schema().field("after").schema().field("Total").schema().parameters())
        .containsEntry(SchemaParameters.ATTRIBUTE, "Total")
        .containsEntry(SchemaParameters.KIND, "n_dec");
  }

  @Test
  void everyItemFieldIsAnOptionalAvroFieldWithNullDefault() {
    org.apache.avro.Schema avro = harness.avroLegal(encodeOrder().valueSchema());
    org.apache.avro.Schema item = avro.getField("after").schema().getTypes().get(1);
    for (org.apache.avro.Schema.Field field : item.getFields()) {
      assertThat(field.schema().getType()).isEqualTo(org.apache.avro.Schema.Type.UNION);
      assertThat(field.schema().getTypes().get(0).getType())
          .isEqualTo(org.apache.avro.Schema.Type.NULL);
      assertThat(field.hasDefaultValue()).as(field.name()).isTrue();
      assertThat(field.defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    }
  }

  @Test
  void changesOfOneItemShareIdenticalKeyBytes() {
    EncodedEvent first = encodeOrder();
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> changed =
        new java.util.LinkedHashMap<>(briefOrder());
    changed.put("Status", s("SHIPPED"));
    EncodedEvent second =
        model.encode(
            ModelHarness.read("Orders", Map.of("OrderId", changed.get("OrderId")), changed));

    assertThat(second.valueSchema()).isNotEqualTo(first.valueSchema());
    org.apache.kafka.connect.json.JsonConverter keys =
        new org.apache.kafka.connect.json.JsonConverter();
    keys.configure(Map.of("schemas.enable", true), true);
    assertThat(keys.fromConnectData("t", second.keySchema(), second.key()))
        .isEqualTo(keys.fromConnectData("t", first.keySchema(), first.key()));
  }

  private EncodedEvent encodeOrder() {
    return model.encode(
        ModelHarness.read("Orders", Map.of("OrderId", briefOrder().get("OrderId")), briefOrder()));
  }
}
