package io.ddbsync.testing;

import io.ddbsync.common.model.ItemDecoder;
import io.ddbsync.common.model.Numbers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Struct;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The user's check of a change topic: replaying it per key, in Kafka order, must leave exactly the
 * table's items: none missing, none extra (deleted items end on a remove or tombstone), none
 * different.
 */
public final class Reconciliation {
  /** What the comparison found; {@link #isExact()} is the promise. */
  public record Report(
      int expected, List<String> missing, List<String> extra, List<String> different) {
    public boolean isExact() {
      return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
    }

    @Override
    public String toString() {
      return String.format(
          "%d items: %d missing %s, %d extra %s, %d different %s",
          expected,
          missing.size(),
          head(missing),
          extra.size(),
          head(extra),
          different.size(),
          head(different));
    }

    private static List<String> head(List<String> list) {
      return list.subList(0, Math.min(5, list.size()));
    }
  }

  private Reconciliation() {}

  /**
   * Last state per key from a change topic: the "after" item of the last record for the key, or
   * absent if the last record is a remove or a tombstone. As the change events document, a snapshot
   * is complete at its SNAPSHOT_COMPLETE record, or at the first streamed change that carries its
   * start: from then on the keys whose last record has an older snapshot start (or none) are items
   * the new snapshot did not find, and are dropped.
   */
  public static Map<String, Map<String, AttributeValue>> replay(
      List<TopicReader.Decoded> records, List<String> keyAttributes) {
    Map<String, Map<String, AttributeValue>> state = new LinkedHashMap<>();
    Map<String, Long> generations = new HashMap<>();
    long completed = 0;
    for (TopicReader.Decoded record : records) {
      Struct value = (Struct) record.value().value();
      long generation = value == null ? 0 : snapshotStart(value);
      String op = value == null ? null : value.getString("op");
      if ("SNAPSHOT_COMPLETE".equals(op) || (generation > 0 && !"READ".equals(op))) {
        if (generation > completed) {
          completed = generation;
          long done = completed;
          state.keySet().removeIf(id -> generations.getOrDefault(id, 0L) < done);
        }
      }
      if (record.key().value() == null) {
        continue;
      }
      Struct key = (Struct) record.key().value();
      // Key structs carry the same field parameters as items, so the item decoder reads them.
      String id = keyString(ItemDecoder.decode(key), keyAttributes);
      if (value == null || "REMOVE".equals(op)) {
        state.remove(id);
        continue;
      }
      if (generation > 0 && generation < completed) {
        // A change older than the snapshot that completed after it: stale.
        continue;
      }
      Struct after = value.getStruct("after");
      state.put(id, normalize(ItemDecoder.decode(after)));
      generations.put(id, generation);
    }
    return state;
  }

  private static long snapshotStart(Struct value) {
    Struct source = value.getStruct("source");
    if (source == null || source.schema().field("snapshot_start") == null) {
      return 0;
    }
    Object start = source.get("snapshot_start");
    return start instanceof java.util.Date date ? date.getTime() : 0;
  }

  public static Report compare(
      List<Map<String, AttributeValue>> tableItems,
      Map<String, Map<String, AttributeValue>> replayed,
      List<String> keyAttributes) {
    Map<String, Map<String, AttributeValue>> expected = new HashMap<>();
    for (Map<String, AttributeValue> item : tableItems) {
      expected.put(keyString(item, keyAttributes), normalize(item));
    }
    List<String> missing = new ArrayList<>();
    List<String> different = new ArrayList<>();
    for (Map.Entry<String, Map<String, AttributeValue>> entry : expected.entrySet()) {
      Map<String, AttributeValue> actual = replayed.get(entry.getKey());
      if (actual == null) {
        missing.add(entry.getKey());
      } else if (!actual.equals(entry.getValue())) {
        different.add(entry.getKey() + " expected " + entry.getValue() + " but was " + actual);
      }
    }
    Set<String> extraKeys = new TreeSet<>(replayed.keySet());
    extraKeys.removeAll(expected.keySet());
    return new Report(expected.size(), missing, new ArrayList<>(extraKeys), different);
  }

  public static String keyString(Map<String, AttributeValue> item, List<String> keyAttributes) {
    StringBuilder text = new StringBuilder();
    for (String name : keyAttributes) {
      AttributeValue value = item.get(name);
      text.append(name).append('=').append(value == null ? "null" : normalize(value)).append(';');
    }
    return text.toString();
  }

  public static Map<String, AttributeValue> normalize(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> copy = new HashMap<>();
    item.forEach((name, value) -> copy.put(name, normalize(value)));
    return copy;
  }

  public static AttributeValue normalize(AttributeValue value) {
    switch (value.type()) {
      case N:
        return AttributeValue.fromN(Numbers.canonicalText(Numbers.parse(value.n())));
      case NS:
        return AttributeValue.fromNs(
            value.ns().stream()
                .map(n -> Numbers.canonicalText(Numbers.parse(n)))
                .sorted()
                .toList());
      case SS:
        return AttributeValue.fromSs(value.ss().stream().sorted().toList());
      case M:
        return AttributeValue.fromM(normalize(value.m()));
      case L:
        return AttributeValue.fromL(value.l().stream().map(Reconciliation::normalize).toList());
      default:
        return value;
    }
  }
}
