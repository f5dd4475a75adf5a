package io.ddbsync.common.json;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.testing.ItemArbitraries;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonTest {
  @Test
  void writesTheDynamoDbWireFormat() {
    AttributeValue value =
        m(
            item(
                "a",
                n("1.50"),
                "b",
                l(s("x"), AttributeValue.fromNul(true)),
                "c",
                AttributeValue.fromBool(true)));
    assertThat(DynamoJson.write(value))
        .isEqualTo(
            "{\"M\":{\"a\":{\"N\":\"1.50\"},\"b\":{\"L\":[{\"S\":\"x\"},{\"NULL\":true}]},\"c\":{\"BOOL\":true}}}");
  }

  @Test
  void plainJsonKeepsNumbersExactAndEncodesBinaryAsBase64() {
    AttributeValue value =
        m(
            item(
                "n",
                n("12345678901234567890.123456789"),
                "b",
                AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
                "ns",
                AttributeValue.fromNs(List.of("1", "2"))));
    assertThat(DynamoJson.writePlain(value))
        .isEqualTo("{\"n\":12345678901234567890.123456789,\"b\":\"aGk=\",\"ns\":[1,2]}");
  }

  @Property(tries = 300)
  void everyValueRoundTripsExactly(@ForAll("values") AttributeValue value) {
    assertThat(DynamoJson.read(DynamoJson.write(value))).isEqualTo(value);
  }

  @Property(tries = 100)
  void everyItemRoundTripsExactly(@ForAll("items") Map<String, AttributeValue> item) {
    assertThat(DynamoJson.readItem(DynamoJson.writeItem(item))).isEqualTo(item);
  }

  @Provide
  Arbitrary<AttributeValue> values() {
    return ItemArbitraries.value(3);
  }

  @Provide
  Arbitrary<Map<String, AttributeValue>> items() {
    return ItemArbitraries.items(3);
  }
}
