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
  /**
   * How change events become records.
   *
   * @param topicPrefix the prefix of each table's topic name
   * @param progressTopic the topic of progress markers
   * @param tombstones whether a remove is followed by a tombstone of its key
   * @param completionRecords whether {@link #snapshotComplete} announces the end of a snapshot on
   *     the table's topic (Kafka refuses its null key on compacted topics)
   * @param heartbeats whether {@link #heartbeats} writes heartbeat records (no key either)
   */
  public record Settings(
      String topicPrefix,
      String progressTopic,
      boolean tombstones,
      boolean completionRecords,
      boolean heartbeats) {
    public Settings(
        String topicPrefix, String progressTopic, boolean tombstones, boolean completionRecords) {
      this(topicPrefix, progressTopic, tombstones, completionRecords, false);
    }
  }

  private final String topicPrefix;
  private final String progressTopic;
  private final boolean tombstones;
  private final boolean completionRecords;
  private final boolean heartbeats;
  private final TopicPartitions topicPartitions;

  public ChangeRecords(String topicPrefix, String progressTopic, boolean tombstones) {
    this(new Settings(topicPrefix, progressTopic, tombstones, true), TopicPartitions.ONE);
  }

  /**
   * @param topicPartitions the partition count of a table's topic, to announce the end of a
   *     snapshot on each partition
   */
  public ChangeRecords(Settings settings, TopicPartitions topicPartitions) {
    this.topicPrefix = settings.topicPrefix();
    this.progressTopic = settings.progressTopic();
    this.tombstones = settings.tombstones();
    this.completionRecords = settings.completionRecords();
    this.heartbeats = settings.heartbeats();
    this.topicPartitions = topicPartitions;
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
   * The table topic's records that the snapshot of generation {@code snapshotStart} is complete
   * (see {@link Operation#SNAPSHOT_COMPLETE}): one on each partition of the topic, after every
   * snapshot row of that partition, each saying in the header {@link
   * EnvelopeSchemas#SNAPSHOT_PARTITIONS_HEADER} how many partitions there are, so that a consumer
   * knows the snapshot complete only once it has seen the end on all of them (0: the topic did not
   * exist, so no partition holds a row of the snapshot, and one record without a partition says
   * so). They carry the table marker's offset, committed once all are written. None when completion
   * records are off.
   */
  public List<SourceRecord> snapshotComplete(
      TableEventModel model,
      Map<String, ?> partition,
      Map<String, ?> offset,
      java.time.Instant snapshotStart) {
    if (!completionRecords) {
      return List.of();
    }
    String topic = topicFor(model.table());
    int partitions = topicPartitions.count(topic);
    EncodedEvent encoded =
        model.control(
            Operation.SNAPSHOT_COMPLETE, SourceInfo.snapshotComplete(model.table(), snapshotStart));
    long now = System.currentTimeMillis();
    List<SourceRecord> records = new java.util.ArrayList<>(Math.max(1, partitions));
    for (int p = 0; p < Math.max(1, partitions); p++) {
      SourceRecord record =
          new SourceRecord(
              partition,
              offset,
              topic,
              partitions == 0 ? null : p,
              null,
              null,
              encoded.valueSchema(),
              encoded.value(),
              now);
      record.headers().addInt(EnvelopeSchemas.SNAPSHOT_PARTITIONS_HEADER, partitions);
      records.add(record);
    }
    return records;
  }

  /**
   * Heartbeats of a streamed table: one record on each partition of its topic, without key or
   * value, whose headers say that every change of the table created before {@code caughtUpToMillis}
   * has been written ahead of it (records of one partition keep their order), so that a consumer
   * that has applied a partition up to its heartbeat has every change of that partition before that
   * time. The ddbsync sink records it as the table's applied-through watermark. They carry the
   * table marker's offset. None when heartbeats are off or the topic does not exist yet.
   */
  public List<SourceRecord> heartbeats(
      String table, Map<String, ?> partition, Map<String, ?> offset, long caughtUpToMillis) {
    if (!heartbeats) {
      return List.of();
    }
    String topic = topicFor(table);
    int partitions = topicPartitions.count(topic);
    long now = System.currentTimeMillis();
    List<SourceRecord> records = new java.util.ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      SourceRecord record =
          new SourceRecord(partition, offset, topic, p, null, null, null, null, now);
      record.headers().addString(EnvelopeSchemas.HEARTBEAT_TABLE_HEADER, table);
      record.headers().addLong(EnvelopeSchemas.HEARTBEAT_CAUGHT_UP_HEADER, caughtUpToMillis);
      record.headers().addInt(EnvelopeSchemas.HEARTBEAT_PARTITIONS_HEADER, partitions);
      records.add(record);
    }
    return records;
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
