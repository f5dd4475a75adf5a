package io.ddbsync.source.fakes;

import io.ddbsync.source.snapshot.ScanClient;
import io.ddbsync.source.snapshot.ScanPage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table scanned in parallel segments as DynamoDB does: every item in exactly one segment (by a
 * hash of its partition key's bytes), each segment in its own key order, pages ending on a
 * LastEvaluatedKey of the table's key attributes, whatever their types (S, N or B). Refuses
 * Segment/TotalSegments that do not match the table's partitioning.
 */
public final class SegmentedScanClient implements ScanClient {
  private final List<Map<String, AttributeValue>> items;
  private final List<String> keyNames;
  private final int pageSize;
  public final List<Map<String, AttributeValue>> startKeys = new ArrayList<>();

  public SegmentedScanClient(
      List<Map<String, AttributeValue>> items, List<String> keyNames, int pageSize) {
    this.items = List.copyOf(items);
    this.keyNames = List.copyOf(keyNames);
    this.pageSize = pageSize;
  }

  @Override
  public synchronized ScanPage scan(
      String table,
      int segment,
      int totalSegments,
      Map<String, AttributeValue> exclusiveStartKey,
      int limit,
      boolean consistentRead) {
    if (segment < 0 || segment >= totalSegments) {
      throw new IllegalArgumentException("Segment " + segment + " of " + totalSegments);
    }
    startKeys.add(exclusiveStartKey);
    List<Map<String, AttributeValue>> segmentItems = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      if (Math.floorMod(Arrays.hashCode(bytes(item.get(keyNames.get(0)))), totalSegments)
          == segment) {
        segmentItems.add(item);
      }
    }
    Comparator<Map<String, AttributeValue>> order = this::compareKeys;
    segmentItems.sort(order);
    int start = 0;
    if (exclusiveStartKey != null) {
      while (start < segmentItems.size()
          && compareKeys(segmentItems.get(start), exclusiveStartKey) <= 0) {
        start++;
      }
    }
    int end = Math.min(segmentItems.size(), start + pageSize);
    List<Map<String, AttributeValue>> page = new ArrayList<>(segmentItems.subList(start, end));
    Map<String, AttributeValue> lastKey = null;
    if (end < segmentItems.size()) {
      Map<String, AttributeValue> last = page.get(page.size() - 1);
      lastKey = new java.util.HashMap<>();
      for (String name : keyNames) {
        lastKey.put(name, last.get(name));
      }
    }
    return new ScanPage(page, lastKey, 1.0);
  }

  private int compareKeys(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
    for (String name : keyNames) {
      int compared = compare(a.get(name), b.get(name));
      if (compared != 0) {
        return compared;
      }
    }
    return 0;
  }

  /** DynamoDB's orders: numbers by value, strings and binaries by unsigned bytes. */
  private static int compare(AttributeValue a, AttributeValue b) {
    if (a.n() != null) {
      return new java.math.BigDecimal(a.n()).compareTo(new java.math.BigDecimal(b.n()));
    }
    return Arrays.compareUnsigned(bytes(a), bytes(b));
  }

  private static byte[] bytes(AttributeValue value) {
    if (value.b() != null) {
      return value.b().asByteArray();
    }
    String text = value.s() != null ? value.s() : value.n();
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
