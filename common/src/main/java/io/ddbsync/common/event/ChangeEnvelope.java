package io.ddbsync.common.event;

import io.ddbsync.common.model.SchemaParameters;
import java.util.Date;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;

/**
 * Reads back what {@link TableEventModel} and the source's records write: the envelope's operation,
 * images, table, generation, TTL flag and event time, a tombstone's key and TTL header, a
 * SNAPSHOT_COMPLETE record's partition count. It sits beside the writer so that a field added on
 * one side and not the other fails {@code ChangeEnvelopeTest}, which writes every field with the
 * model and reads it back here.
 */
public final class ChangeEnvelope {
  /** The fields of the envelope's {@code source} struct this reader reads. */
  public static final java.util.Set<String> SOURCE_FIELDS_READ =
      java.util.Set.of(
          EnvelopeSchemas.SOURCE_TABLE,
          EnvelopeSchemas.SOURCE_APPROXIMATE_CREATION_TIME,
          EnvelopeSchemas.SOURCE_TTL_EXPIRY,
          EnvelopeSchemas.SOURCE_SNAPSHOT_START);

  /**
   * The fields of {@code source} no consumer of ours needs (where in the stream or snapshot the
   * record came from): written for other consumers and for people reading the topic.
   */
  public static final java.util.Set<String> SOURCE_FIELDS_FOR_OTHERS =
      java.util.Set.of(
          EnvelopeSchemas.SOURCE_STREAM_ARN,
          EnvelopeSchemas.SOURCE_SHARD_ID,
          EnvelopeSchemas.SOURCE_SEQUENCE_NUMBER,
          EnvelopeSchemas.SOURCE_EVENT_ID,
          EnvelopeSchemas.SOURCE_SNAPSHOT,
          EnvelopeSchemas.SOURCE_SNAPSHOT_SEGMENT);

  private ChangeEnvelope() {}

  /** What a record is. */
  public sealed interface Read permits Change, NotAnEvent {}

  /**
   * A change event (or a tombstone of a ddbsync key, read as a removal, or a SNAPSHOT_COMPLETE
   * record).
   *
   * @param key the item's key struct; null for SNAPSHOT_COMPLETE
   * @param after the item after the change; null for removals, tombstones and SNAPSHOT_COMPLETE
   * @param generationMicros {@code source.snapshot_start} in microseconds since the epoch, 0 when
   *     the record has none
   * @param ttlExpiry a removal by the item's time to live (the envelope's flag, or a tombstone's
   *     header)
   * @param createdMicros when the change happened ({@code source.approximate_creation_time}), else
   *     the record's timestamp, in microseconds since the epoch; 0 when neither is known
   * @param snapshotPartitions for SNAPSHOT_COMPLETE: how many partitions announce it (its header),
   *     -1 when the record does not say
   * @param tombstone the record has no value: a removal of its key
   */
  public record Change(
      Operation operation,
      String table,
      Struct key,
      Struct after,
      long generationMicros,
      boolean ttlExpiry,
      long createdMicros,
      int snapshotPartitions,
      boolean tombstone)
      implements Read {}

  /**
   * Not a ddbsync change event.
   *
   * @param skip a tombstone of another producer: nothing to apply, nothing to report
   */
  public record NotAnEvent(String reason, boolean skip) implements Read {}

  /** Reads {@code record}. */
  public static Read read(ConnectRecord<?> record) {
    if (record.value() == null) {
      return tombstone(record);
    }
    if (!(record.value() instanceof Struct value)
        || value.schema().field(EnvelopeSchemas.OP) == null
        || value.schema().field(EnvelopeSchemas.AFTER) == null
        || value.getString(EnvelopeSchemas.OP) == null) {
      return new NotAnEvent(
          "The value is not a ddbsync change event (a struct with op, before, after and source);"
              + " check the topic and the value converter",
          false);
    }
    String table = parameter(value.schema(), SchemaParameters.TABLE);
    if (table == null) {
      return new NotAnEvent(
          "The change event schema lacks the " + SchemaParameters.TABLE + " parameter", false);
    }
    Operation operation = Operation.fromOp(value.getString(EnvelopeSchemas.OP));
    if (operation == null) {
      return new NotAnEvent(
          "The change event's op "
              + value.getString(EnvelopeSchemas.OP)
              + " is not one of "
              + java.util.Arrays.toString(Operation.values()),
          false);
    }
    Struct key = record.key() instanceof Struct struct ? struct : null;
    if (key == null && operation != Operation.SNAPSHOT_COMPLETE) {
      return new NotAnEvent(
          "The record has no key struct; the sink needs the item's primary key as the record key",
          false);
    }
    Struct source = value.getStruct(EnvelopeSchemas.SOURCE);
    return new Change(
        operation,
        table,
        key,
        value.getStruct(EnvelopeSchemas.AFTER),
        micros(source, EnvelopeSchemas.SOURCE_SNAPSHOT_START),
        source != null
            && source.schema().field(EnvelopeSchemas.SOURCE_TTL_EXPIRY) != null
            && Boolean.TRUE.equals(source.get(EnvelopeSchemas.SOURCE_TTL_EXPIRY)),
        created(source, record),
        operation == Operation.SNAPSHOT_COMPLETE ? announcedPartitions(record) : -1,
        false);
  }

  /** A tombstone removes its key when the key is a ddbsync key; others are not ours to apply. */
  private static Read tombstone(ConnectRecord<?> record) {
    if (!(record.key() instanceof Struct key)
        || parameter(key.schema(), SchemaParameters.KEY_ATTRIBUTES) == null
        || parameter(key.schema(), SchemaParameters.TABLE) == null) {
      return new NotAnEvent("A tombstone of a key that is not a ddbsync key", true);
    }
    Header header = record.headers().lastWithName(EnvelopeSchemas.TTL_HEADER);
    return new Change(
        Operation.REMOVE,
        parameter(key.schema(), SchemaParameters.TABLE),
        key,
        null,
        0,
        header != null && Boolean.TRUE.equals(header.value()),
        record.timestamp() == null ? 0 : record.timestamp() * 1000,
        -1,
        true);
  }

  private static String parameter(Schema schema, String name) {
    return schema.parameters() == null ? null : schema.parameters().get(name);
  }

  private static long micros(Struct source, String field) {
    if (source == null || source.schema().field(field) == null) {
      return 0;
    }
    return source.get(field) instanceof Date date ? date.getTime() * 1000 : 0;
  }

  private static long created(Struct source, ConnectRecord<?> record) {
    long created = micros(source, EnvelopeSchemas.SOURCE_APPROXIMATE_CREATION_TIME);
    if (created > 0) {
      return created;
    }
    return record.timestamp() == null ? 0 : record.timestamp() * 1000;
  }

  /**
   * The partition count a SNAPSHOT_COMPLETE record's header gives (Connect's header converters give
   * it as a number, or as text); -1 without the header (a source that announced the end on one
   * partition only).
   */
  private static int announcedPartitions(ConnectRecord<?> record) {
    Header header = record.headers().lastWithName(EnvelopeSchemas.SNAPSHOT_PARTITIONS_HEADER);
    Object value = header == null ? null : header.value();
    if (value instanceof Number number) {
      return number.intValue();
    }
    if (value instanceof String text) {
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException notACount) {
        return -1;
      }
    }
    return -1;
  }
}
