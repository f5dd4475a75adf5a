package io.ddbsync.e2e;

import io.ddbsync.testing.DynamoTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Orders shaped like the project's example item, and a randomized stream of changes to them:
 * inserts, updates (including new attributes, type conflicts and rewritten item lists) and deletes.
 * Deterministic for a seed, so a failing run can be repeated.
 */
public final class OrderWorkload {
  /** How wild the changes are. */
  public enum Profile {
    /** The demo: realistic changes, a new attribute now and then. */
    DEMO,
    /** The reconciliation test: also type conflicts, NULLs, sets and nested maps. */
    RANDOMIZED
  }

  private final DynamoDbClient dynamo;
  private final String table;
  private final Profile profile;
  private final Random random;
  private final List<String> keys = new ArrayList<>();
  private final AtomicLong inserts = new AtomicLong();
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong deletes = new AtomicLong();
  private int nextOrder;

  public OrderWorkload(DynamoDbClient dynamo, String table, Profile profile, long seed) {
    this.dynamo = dynamo;
    this.table = table;
    this.profile = profile;
    this.random = new Random(seed);
  }

  /** Writes {@code count} new orders in batches. */
  public void load(int count) {
    List<Map<String, AttributeValue>> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(newOrder());
    }
    DynamoTables.putAll(dynamo, table, items);
    inserts.addAndGet(count);
  }

  /** One random change: about 30% inserts, 55% updates, 15% deletes. */
  public void change() {
    int dice = random.nextInt(100);
    if (keys.isEmpty() || dice < 30) {
      Map<String, AttributeValue> order = newOrder();
      dynamo.putItem(b -> b.tableName(table).item(order));
      inserts.incrementAndGet();
    } else if (dice < 85) {
      String key = keys.get(random.nextInt(keys.size()));
      Map<String, AttributeValue> order = order(key);
      mutate(order);
      dynamo.putItem(b -> b.tableName(table).item(order));
      updates.incrementAndGet();
    } else {
      String key = keys.remove(random.nextInt(keys.size()));
      dynamo.deleteItem(b -> b.tableName(table).key(Map.of("OrderId", AttributeValue.fromS(key))));
      deletes.incrementAndGet();
    }
  }

  /** Runs changes at about {@code perSecond} until {@code running} turns false. */
  public Thread runInBackground(AtomicBoolean running, int perSecond) {
    Thread thread =
        new Thread(
            () -> {
              long pause = Math.max(1, 1000 / perSecond);
              while (running.get()) {
                change();
                LocalPipeline.sleep(pause);
              }
            },
            "workload-" + table);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  public long inserts() {
    return inserts.get();
  }

  public long updates() {
    return updates.get();
  }

  public long deletes() {
    return deletes.get();
  }

  private Map<String, AttributeValue> newOrder() {
    String key = String.format("ORD-20240615-%05d", nextOrder++);
    keys.add(key);
    return order(key);
  }

  /** A fresh version of an order, like the example item, with some optional attributes. */
  private Map<String, AttributeValue> order(String key) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("OrderId", AttributeValue.fromS(key));
    item.put("CustomerId", AttributeValue.fromS("CUST-" + (1000 + random.nextInt(9000))));
    item.put(
        "OrderDate",
        AttributeValue.fromS(
            String.format(
                "2024-06-%02dT%02d:%02d:%02dZ",
                1 + random.nextInt(28),
                random.nextInt(24),
                random.nextInt(60),
                random.nextInt(60))));
    item.put("Items", AttributeValue.fromL(lines(1 + random.nextInt(4))));
    item.put("Total", AttributeValue.fromN(random.nextInt(100_000) / 100 + "." + twoDigits()));
    if (random.nextInt(3) == 0) {
      item.put(
          "ShippingAddress",
          AttributeValue.fromM(
              Map.of(
                  "City", AttributeValue.fromS(pick("Lyon", "Paris", "Nantes", "Lille")),
                  "Zip", AttributeValue.fromS("690" + random.nextInt(10) + random.nextInt(10)))));
    }
    if (random.nextInt(4) == 0) {
      item.put("Gift", AttributeValue.fromBool(random.nextBoolean()));
    }
    return item;
  }

  private void mutate(Map<String, AttributeValue> order) {
    order.put("Status", AttributeValue.fromS(pick("PAID", "SHIPPED", "DELIVERED")));
    if (random.nextInt(5) == 0) {
      order.put("Coupon", AttributeValue.fromS("SUMMER-" + random.nextInt(100)));
    }
    if (profile == Profile.DEMO) {
      return;
    }
    switch (random.nextInt(6)) {
      case 0 -> order.put("Total", AttributeValue.fromS("n/a")); // a type conflict
      case 1 -> order.put("Notes", AttributeValue.fromNul(true));
      case 2 ->
          order.put(
              "Tags", AttributeValue.fromSs(List.of("web", "promo-" + random.nextInt(5), "vip")));
      case 3 ->
          order.put(
              "Payment",
              AttributeValue.fromM(
                  Map.of(
                      "Method",
                      AttributeValue.fromS(pick("card", "transfer")),
                      "Installments",
                      AttributeValue.fromN(Integer.toString(1 + random.nextInt(3))),
                      "Card",
                      AttributeValue.fromM(
                          Map.of("Last4", AttributeValue.fromS("4" + random.nextInt(1000)))))));
      case 4 -> order.put("Priority", AttributeValue.fromN(Integer.toString(random.nextInt(5))));
      default -> order.put("Priority", AttributeValue.fromS("high")); // another conflict
    }
  }

  private List<AttributeValue> lines(int count) {
    List<AttributeValue> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Map<String, AttributeValue> line = new LinkedHashMap<>();
      line.put(
          "Sku", AttributeValue.fromS(pick("A77", "F23", "B12", "C09", "K40") + random.nextInt(9)));
      line.put("Q", AttributeValue.fromN(Integer.toString(1 + random.nextInt(9))));
      if (profile == Profile.RANDOMIZED && random.nextInt(4) == 0) {
        line.put("Discount", AttributeValue.fromN("0." + (1 + random.nextInt(9))));
      }
      lines.add(AttributeValue.fromM(line));
    }
    return lines;
  }

  private String twoDigits() {
    return String.format("%02d", random.nextInt(100));
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }
}
