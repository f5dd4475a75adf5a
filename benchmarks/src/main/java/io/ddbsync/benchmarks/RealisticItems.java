package io.ddbsync.benchmarks;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.InMemorySchemaHistory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items shaped like a real order table: about 1 KB and 15 attributes, with a nested map, a list of
 * maps, a string set, decimals, integers, a boolean and a longer text.
 */
public final class RealisticItems {
  private RealisticItems() {}

  /** A fresh change-event model of the Orders table these items belong to (key: OrderId). */
  public static TableEventModel ordersModel() {
    return new TableEventModel(
        "Orders",
        List.of(new KeyAttribute("OrderId", KeyAttribute.ScalarType.S)),
        ModelSettings.defaults(),
        new InMemorySchemaHistory(),
        Clock.systemUTC());
  }

  public static List<Map<String, AttributeValue>> generate(int count, long seed) {
    Random random = new Random(seed);
    List<Map<String, AttributeValue>> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(order(i, random));
    }
    return items;
  }

  /** The OrderId of the {@code i}-th generated order. */
  public static String orderId(int i) {
    return String.format("ORD-20240615-%08d", i);
  }

  public static Map<String, AttributeValue> order(int i, Random random) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("OrderId", s(orderId(i)));
    item.put("CustomerId", s("CUST-" + random.nextInt(100_000)));
    item.put("OrderDate", s("2024-06-" + (10 + random.nextInt(18)) + "T09:12:11Z"));
    item.put("Status", s(random.nextBoolean() ? "PAID" : "SHIPPED"));
    item.put("Total", n(random.nextInt(1_000_000) / 100.0 + ""));
    item.put("Currency", s("EUR"));
    int lines = 1 + random.nextInt(4);
    item.put("ItemCount", n(Integer.toString(lines)));
    List<AttributeValue> items = new ArrayList<>(lines);
    for (int l = 0; l < lines; l++) {
      Map<String, AttributeValue> line = new LinkedHashMap<>();
      line.put("Sku", s("SKU-" + random.nextInt(10_000)));
      line.put("Q", n(Integer.toString(1 + random.nextInt(9))));
      line.put("Price", n(random.nextInt(100_000) / 100.0 + ""));
      items.add(AttributeValue.fromM(line));
    }
    item.put("Items", AttributeValue.fromL(items));
    Map<String, AttributeValue> address = new LinkedHashMap<>();
    address.put("Street", s(random.nextInt(300) + " Rue de la République"));
    address.put("City", s("Lyon"));
    address.put("Zip", s("690" + random.nextInt(10) + random.nextInt(10)));
    address.put("Country", s("FR"));
    item.put("ShippingAddress", AttributeValue.fromM(address));
    item.put(
        "Tags",
        AttributeValue.fromSs(
            List.of("web", "promo-" + random.nextInt(20), "tier-" + random.nextInt(3))));
    item.put(
        "Notes", s("Please leave the parcel with the concierge. ".repeat(6) + random.nextInt()));
    item.put("CreatedAt", n(Long.toString(1_718_440_331L + random.nextInt(1_000_000))));
    item.put("UpdatedAt", n(Long.toString(1_718_540_331L + random.nextInt(1_000_000))));
    item.put("IsGift", AttributeValue.fromBool(random.nextInt(10) == 0));
    item.put("Channel", s(random.nextBoolean() ? "web" : "app"));
    return item;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }
}
