package io.ddbsync.source.offsets;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Reads committed source offsets. In a distributed worker every read first catches up with the
 * offsets topic, so a task sees what other tasks of the connector have committed.
 */
public interface StoredOffsets {
  Map<String, Object> offset(Map<String, Object> partition);

  default Map<Map<String, Object>, Map<String, Object>> offsets(
      Collection<Map<String, Object>> partitions) {
    Map<Map<String, Object>, Map<String, Object>> result = new HashMap<>();
    for (Map<String, Object> partition : partitions) {
      result.put(partition, offset(partition));
    }
    return result;
  }

  /** Over the framework's reader, serialised because readers are shared by task threads. */
  static StoredOffsets of(OffsetStorageReader reader) {
    return new StoredOffsets() {
      @Override
      public synchronized Map<String, Object> offset(Map<String, Object> partition) {
        return reader.offset(partition);
      }

      @Override
      public synchronized Map<Map<String, Object>, Map<String, Object>> offsets(
          Collection<Map<String, Object>> partitions) {
        Map<Map<String, Object>, Map<String, Object>> result = new HashMap<>();
        reader
            .offsets(partitions)
            .forEach((partition, offset) -> result.put(new HashMap<>(partition), offset));
        return result;
      }
    };
  }
}
