package io.ddbsync.source.emit;

import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/** Where readers put the records they produce; blocks while full. */
public interface RecordSink {
  void put(SourceRecord record, long bytes) throws InterruptedException;

  /**
   * Puts {@code records} in their order, {@code bytes[i]} being the size of record i: what a reader
   * produced from one page. A sink may take them under one lock and wake its reader once.
   */
  default void putAll(List<SourceRecord> records, long[] bytes) throws InterruptedException {
    for (int i = 0; i < records.size(); i++) {
      put(records.get(i), bytes[i]);
    }
  }
}
