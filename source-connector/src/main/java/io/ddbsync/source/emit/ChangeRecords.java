package io.ddbsync.source.emit;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.TableEventModel;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/** Turns change events into source records, and writes progress markers. */
public final class ChangeRecords {
  private final String topicPrefix;
  private final String progressTopic;
  private final boolean tombstones;

  public ChangeRecords(String topicPrefix, String progressTopic, boolean tombstones) {
    this.topicPrefix = topicPrefix;
    this.progressTopic = progressTopic;
    this.tombstones = tombstones;
  }

  public String topicFor(String table) {
    return topicPrefix + table;
  }

  /**
   * The record of one event, followed by a tombstone for removes when configured. Both carry the
   * same offset: the tombstone adds no position of its own.
   */
  public List<SourceRecord> records(
      TableEventModel model,
      ChangeEvent event,
      Map<String, ?> partition,
      Map<String, ?> offset,
      long timestampMillis) {
    EncodedEvent encoded = model.encode(event);
    String topic = topicFor(model.table());
    SourceRecord record =
        new SourceRecord(
            partition,
            offset,
            topic,
            null,
            encoded.keySchema(),
            encoded.key(),
            encoded.valueSchema(),
            encoded.value(),
            timestampMillis);
    if (tombstones && event.operation() == Operation.REMOVE) {
      SourceRecord tombstone =
          new SourceRecord(
              partition,
              offset,
              topic,
              null,
              encoded.keySchema(),
              encoded.key(),
              null,
              null,
              timestampMillis);
      if (event.source().ttlExpiry()) {
        tombstone.headers().addBoolean(EnvelopeSchemas.TTL_HEADER, true);
      }
      return List.of(record, tombstone);
    }
    return List.of(record);
  }

  /**
   * A record on the progress topic whose only purpose is to make Connect commit {@code offset} for
   * {@code partition}: a segment that ended on an empty page, a table's phase change.
   */
  public SourceRecord progress(
      Map<String, ?> partition, Map<String, ?> offset, String description) {
    return new SourceRecord(
        partition,
        offset,
        progressTopic,
        null,
        Schema.STRING_SCHEMA,
        String.valueOf(partition),
        Schema.STRING_SCHEMA,
        description + " " + offset,
        System.currentTimeMillis());
  }
}
