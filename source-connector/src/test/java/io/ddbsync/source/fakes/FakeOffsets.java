package io.ddbsync.source.fakes;

import io.ddbsync.source.offsets.StoredOffsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Committed offsets as the framework keeps them: the last offset of each partition of the records
 * "committed" so far. Partitions compare by content, as in the offsets topic.
 */
public final class FakeOffsets implements StoredOffsets {
  private final Map<Map<String, Object>, Map<String, Object>> committed = new HashMap<>();

  @Override
  public synchronized Map<String, Object> offset(Map<String, Object> partition) {
    return committed.get(normalize(partition));
  }

  @SuppressWarnings("unchecked")
  public synchronized void commit(List<SourceRecord> records) {
    for (SourceRecord record : records) {
      committed.put(
          normalize((Map<String, Object>) record.sourcePartition()),
          new HashMap<>((Map<String, Object>) record.sourceOffset()));
    }
  }

  public synchronized void put(Map<String, Object> partition, Map<String, Object> offset) {
    committed.put(normalize(partition), offset);
  }

  /** JSON round trips turn ints into longs; compare partitions the way the offsets topic does. */
  private static Map<String, Object> normalize(Map<String, Object> partition) {
    Map<String, Object> normal = new HashMap<>();
    partition.forEach((k, v) -> normal.put(k, v instanceof Number n ? n.longValue() : v));
    return normal;
  }
}
