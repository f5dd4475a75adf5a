package io.ddbsync.benchmarks.source;

import io.ddbsync.benchmarks.RealisticItems;
import io.ddbsync.source.snapshot.ScanClient;
import io.ddbsync.source.snapshot.ScanPage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB table in memory behind the {@link ScanClient} port: {@code items} orders of about 1 KB
 * (the benchmark's realistic shape), item {@code i} in segment {@code i % totalSegments}, pages of
 * up to 1 MB as DynamoDB returns them, with the capacity an eventually consistent Scan would
 * consume. Items are made from a few thousand templates with their own keys, so that a table of
 * millions takes no memory of its own.
 */
public final class InMemoryTable implements ScanClient {
  private static final int TEMPLATES = 2_000;
  private static final int PAGE_BYTES = 1 << 20;

  private static volatile InMemoryTable current;

  private final long items;
  private final List<Map<String, AttributeValue>> templates = new ArrayList<>(TEMPLATES);
  private final int templateBytes;

  public InMemoryTable(long items) {
    this.items = items;
    Random random = new Random(11);
    long bytes = 0;
    for (int i = 0; i < TEMPLATES; i++) {
      Map<String, AttributeValue> item = RealisticItems.order(i, random);
      templates.add(item);
      bytes += size(item);
    }
    this.templateBytes = (int) (bytes / TEMPLATES);
  }

  /** The table the benchmark's source tasks scan (they are made by Connect, by class name). */
  public static void use(InMemoryTable table) {
    current = table;
  }

  static InMemoryTable current() {
    return current;
  }

  @Override
  public ScanPage scan(
      String table,
      int segment,
      int totalSegments,
      Map<String, AttributeValue> exclusiveStartKey,
      int limit,
      boolean consistentRead) {
    long index =
        exclusiveStartKey == null
            ? segment
            : Long.parseLong(exclusiveStartKey.get("OrderId").s().substring(4)) + totalSegments;
    int perPage = Math.max(1, PAGE_BYTES / templateBytes);
    if (limit > 0) {
      perPage = Math.min(perPage, limit);
    }
    List<Map<String, AttributeValue>> page = new ArrayList<>(perPage);
    long last = -1;
    for (; index < items && page.size() < perPage; index += totalSegments) {
      Map<String, AttributeValue> item = new HashMap<>(templates.get((int) (index % TEMPLATES)));
      item.put("OrderId", AttributeValue.fromS(key(index)));
      page.add(item);
      last = index;
    }
    Map<String, AttributeValue> lastKey =
        index < items && last >= 0 ? Map.of("OrderId", AttributeValue.fromS(key(last))) : null;
    double units = page.size() * (double) templateBytes / 4096 * (consistentRead ? 1.0 : 0.5);
    return new ScanPage(page, lastKey, units);
  }

  /** How many items the table holds. */
  public long items() {
    return items;
  }

  /** Item {@code index}, as a Scan returns it. */
  public Map<String, AttributeValue> item(long index) {
    Map<String, AttributeValue> item = new HashMap<>(templates.get((int) (index % TEMPLATES)));
    item.put("OrderId", AttributeValue.fromS(key(index)));
    return item;
  }

  /** DynamoDB's item size, roughly: attribute names and values in bytes. */
  static long size(Map<String, AttributeValue> item) {
    long bytes = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      bytes += attribute.getKey().length() + size(attribute.getValue());
    }
    return bytes;
  }

  private static long size(AttributeValue value) {
    if (value.s() != null) {
      return value.s().length();
    }
    if (value.n() != null) {
      return value.n().length();
    }
    if (value.hasM()) {
      return 3 + size(value.m());
    }
    if (value.hasL()) {
      long bytes = 3;
      for (AttributeValue element : value.l()) {
        bytes += 1 + size(element);
      }
      return bytes;
    }
    if (value.hasSs()) {
      return value.ss().stream().mapToLong(String::length).sum();
    }
    return 8;
  }

  private static String key(long index) {
    return String.format("ORD-%012d", index);
  }
}
