package io.ddbsync.source.snapshot;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The READ event of an item a snapshot read, from a Scan page or an export's data file alike. */
final class SnapshotEvents {
  private SnapshotEvents() {}

  /**
   * @param segment the Scan segment, or the export's data file
   * @param generationMillis the snapshot generation the row carries; 0 for none (a segment begun by
   *     a version that recorded no generation)
   */
  static ChangeEvent read(
      TableEventModel model,
      String table,
      int segment,
      Map<String, AttributeValue> item,
      Instant readTime,
      long generationMillis) {
    Map<String, AttributeValue> keys = new HashMap<>(4);
    for (String name : model.keyEncoder().attributeNames()) {
      keys.put(name, item.get(name));
    }
    return new ChangeEvent(
        Operation.READ,
        keys,
        item,
        null,
        SourceInfo.snapshot(
            table,
            segment,
            readTime,
            generationMillis > 0 ? Instant.ofEpochMilli(generationMillis) : null));
  }
}
