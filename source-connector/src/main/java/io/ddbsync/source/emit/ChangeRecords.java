package io.ddbsync.source.emit;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
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
  private final boolean completionRecords;

  public ChangeRecords(String topicPrefix, String progressTopic, boolean tombstones) {
    this(topicPrefix, progressTopic, tombstones, true);
  }

  /**
   * @param completionRecords whether {@link #snapshotComplete} announces the end of a snapshot on
   *     the table's topic (Kafka refuses its null key on compacted topics)
   */
  public ChangeRecords(
      String topicPrefix, String progressTopic, boolean tombstones, boolean completionRecords) {
    this.topicPrefix = topicPrefix;
    this.progressTopic = progressTopic;
    this.tombstones = tombstones;
    this.completionRecords = completionRecords;
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
   * The table topic's record that the snapshot which started at {@code snapshotStart} is complete
   * (see {@link Operation#SNAPSHOT_COMPLETE}); it carries the table marker's offset. Empty when
   * completion records are off: consumers then learn of it from the first change streamed after.
   */
  public java.util.Optional<SourceRecord> snapshotComplete(
      TableEventModel model,
      Map<String, ?> partition,
      Map<String, ?> offset,
      java.time.Instant snapshotStart) {
    if (!completionRecords) {
      return java.util.Optional.empty();
    }
    EncodedEvent encoded =
        model.control(
            Operation.SNAPSHOT_COMPLETE, SourceInfo.snapshotComplete(model.table(), snapshotStart));
    return java.util.Optional.of(
        new SourceRecord(
            partition,
            offset,
            topicFor(model.table()),
            null,
            null,
            null,
            encoded.valueSchema(),
            encoded.value(),
            System.currentTimeMillis()));
  }

  /**
   * Key and value of progress records: structs, not plain strings, because some Avro converters
   * (the AWS Glue Schema Registry converter among them) serialize records only.
   */
  static final Schema PROGRESS_KEY =
      org.apache.kafka.connect.data.SchemaBuilder.struct()
          .name("io.ddbsync.progress.Key")
          .field("partition", Schema.STRING_SCHEMA)
          .build();

  static final Schema PROGRESS_VALUE =
      org.apache.kafka.connect.data.SchemaBuilder.struct()
          .name("io.ddbsync.progress.Value")
          .field("description", Schema.STRING_SCHEMA)
          .field("offset", Schema.STRING_SCHEMA)
          .build();

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
        PROGRESS_KEY,
        new org.apache.kafka.connect.data.Struct(PROGRESS_KEY)
            .put("partition", String.valueOf(partition)),
        PROGRESS_VALUE,
        new org.apache.kafka.connect.data.Struct(PROGRESS_VALUE)
            .put("description", description)
            .put("offset", String.valueOf(offset)),
        System.currentTimeMillis());
  }
}
