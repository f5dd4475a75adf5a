package io.ddbsync.common.testing;

import io.ddbsync.common.model.Numbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Builders for DynamoDB items in tests, and the normalisation that exact comparisons need. */
public final class Items {
  private Items() {}

  public static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  public static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  public static AttributeValue m(Map<String, AttributeValue> value) {
    return AttributeValue.fromM(value);
  }

  public static AttributeValue l(AttributeValue... values) {
    return AttributeValue.fromL(List.of(values));
  }

  /** An item from alternating names and values. */
  public static Map<String, AttributeValue> item(Object... namesAndValues) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
    }
    return item;
  }

  /** The order item from the project brief. */
  public static Map<String, AttributeValue> briefOrder() {
    return item(
        "OrderId", s("ORD-20240615-0001"),
        "CustomerId", s("CUST-2994"),
        "OrderDate", s("2024-06-15T09:12:11Z"),
        "Items", l(m(item("Sku", s("A77"), "Q", n("3"))), m(item("Sku", s("F23"), "Q", n("7")))),
        "Total", n("424.50"));
  }

  /**
   * The item as DynamoDB would return it: numbers in their shortest exact text. DynamoDB itself
   * normalises numbers on write, so this is the form a round trip must reproduce.
   */
  public static Map<String, AttributeValue> normalized(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> copy = new LinkedHashMap<>();
    item.forEach((name, value) -> copy.put(name, normalized(value)));
    return copy;
  }

  public static AttributeValue normalized(AttributeValue value) {
    switch (value.type()) {
      case N:
        return AttributeValue.fromN(Numbers.canonicalText(Numbers.parse(value.n())));
      case NS:
        List<String> numbers = new ArrayList<>();
        for (String number : value.ns()) {
          numbers.add(Numbers.canonicalText(Numbers.parse(number)));
        }
        return AttributeValue.fromNs(numbers);
      case M:
        return AttributeValue.fromM(normalized(value.m()));
      case L:
        List<AttributeValue> elements = new ArrayList<>();
        for (AttributeValue element : value.l()) {
          elements.add(normalized(element));
        }
        return AttributeValue.fromL(elements);
      default:
        return value;
    }
  }
}
