package io.ddbsync.sink.batch;

import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.common.model.SchemaParameters;
import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decides where a record goes. A change event goes to its table's buffer under its key; so does a
 * tombstone (null value) whose key is a ddbsync key, as a removal of that key: on a compacted topic
 * it may be all that is left of the removal. A TTL removal under {@code ttl.removals=KEEP} never
 * replaces the item's last change: it only marks the item's rows as kept history ({@link Expire}),
 * which no sweep of a later snapshot removes. A SNAPSHOT_COMPLETE record (no key) announces that
 * its partition holds every row of a snapshot generation; the source sends one on each partition,
 * saying how many there are. Anything else is refused with a reason for the dead letter queue, or,
 * for a tombstone of another producer, skipped.
 */
public final class EventRouter {
  /** The routing of one record. */
  public sealed interface Route permits Skip, Buffer, Expire, Complete, Refuse, Collide {}

  /** Nothing to load. */
  public record Skip() implements Route {}

  /**
   * A change of {@code dynamoTable}, loaded into {@code table}, deduplicated by {@code key}.
   *
   * @param ttl the change is a removal by the item's time to live
   */
  public record Buffer(String table, String dynamoTable, String key, boolean ttl)
      implements Route {}

  /**
   * The item of {@code key} expired by its time to live under {@code ttl.removals=KEEP}: its rows
   * stay as they were, kept from every later sweep (a re-snapshot does not find the item).
   */
  public record Expire(String table, String dynamoTable, String key) implements Route {}

  /**
   * The end, on this record's partition, of the snapshot of {@code dynamoTable} of generation
   * {@code snapshotStartMicros}, announced on {@code partitions} partitions in all (-1: the source
   * did not say): once it has come from all of them, rows of older generations in {@code table} are
   * of items the snapshot did not find.
   */
  public record Complete(String table, String dynamoTable, long snapshotStartMicros, int partitions)
      implements Route {}

  /** Not a change event of this pipeline. */
  public record Refuse(String reason) implements Route {}

  /**
   * A change of a source whose target table takes another source's records in this task: its table
   * stops (given by {@link BatchBuilder#add}, which knows the task's tables).
   */
  public record Collide(String table, String reason) implements Route {}

  private static final String SNAPSHOT_COMPLETE = "SNAPSHOT_COMPLETE";

  private final TableNaming naming;
  private final TtlRemovals ttlRemovals;
  // Naming applies regular expressions; a task sees few distinct (table, topic) pairs.
  private final Map<String, String> targetTables = new HashMap<>();

  public EventRouter(TableNaming naming) {
    this(naming, TtlRemovals.DELETE);
  }

  public EventRouter(TableNaming naming, TtlRemovals ttlRemovals) {
    this.naming = naming;
    this.ttlRemovals = ttlRemovals;
  }

  public Route route(SinkRecord record) {
    if (record.value() == null) {
      return tombstone(record);
    }
    if (!(record.value() instanceof Struct value)
        || value.schema().field(EnvelopeSchemas.OP) == null
        || value.schema().field(EnvelopeSchemas.AFTER) == null
        || value.getString(EnvelopeSchemas.OP) == null) {
      return new Refuse(
          "The value is not a ddbsync change event (a struct with op, before, after and source); check the"
              + " topic and the value converter");
    }
    String dynamoTable =
        value.schema().parameters() == null
            ? null
            : value.schema().parameters().get(SchemaParameters.TABLE);
    if (dynamoTable == null) {
      return new Refuse(
          "The change event schema lacks the " + SchemaParameters.TABLE + " parameter");
    }
    String op = value.getString(EnvelopeSchemas.OP);
    long snapshotStart = snapshotStartMicros(value);
    if (SNAPSHOT_COMPLETE.equals(op)) {
      if (snapshotStart <= 0) {
        return new Refuse("A SNAPSHOT_COMPLETE record without source.snapshot_start");
      }
      return new Complete(
          target(dynamoTable, record), dynamoTable, snapshotStart, announcedPartitions(record));
    }
    if (!(record.key() instanceof Struct key)) {
      return new Refuse(
          "The record has no key struct; the sink needs the item's primary key as the record key");
    }
    boolean ttl = "REMOVE".equals(op) && ttlExpiry(value);
    if (ttl && ttlRemovals == TtlRemovals.KEEP) {
      return new Expire(target(dynamoTable, record), dynamoTable, keyString(key));
    }
    return new Buffer(target(dynamoTable, record), dynamoTable, keyString(key), ttl);
  }

  /**
   * The partition count a SNAPSHOT_COMPLETE record's header gives (Connect's header converters give
   * it as a number, or as text); -1 without the header (a source that announced the end on one
   * partition only).
   */
  private static int announcedPartitions(SinkRecord record) {
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

  /**
   * The event's source.snapshot_start in microseconds since the epoch: the generation of the row it
   * writes; 0 when it has none (an older source, a table streamed without a snapshot).
   */
  public static long snapshotStartMicros(Struct value) {
    Struct source = value.getStruct(EnvelopeSchemas.SOURCE);
    if (source == null || source.schema().field(EnvelopeSchemas.SOURCE_SNAPSHOT_START) == null) {
      return 0;
    }
    return source.get(EnvelopeSchemas.SOURCE_SNAPSHOT_START) instanceof java.util.Date start
        ? start.getTime() * 1000
        : 0;
  }

  /** A tombstone removes its key when the key is a ddbsync key; others are not ours to apply. */
  private Route tombstone(SinkRecord record) {
    if (!(record.key() instanceof Struct key)
        || key.schema().parameters() == null
        || key.schema().parameters().get(SchemaParameters.KEY_ATTRIBUTES) == null
        || key.schema().parameters().get(SchemaParameters.TABLE) == null) {
      return new Skip();
    }
    String dynamoTable = key.schema().parameters().get(SchemaParameters.TABLE);
    Header header = record.headers().lastWithName(EnvelopeSchemas.TTL_HEADER);
    boolean ttl = header != null && Boolean.TRUE.equals(header.value());
    if (ttl && ttlRemovals == TtlRemovals.KEEP) {
      return new Expire(target(dynamoTable, record), dynamoTable, keyString(key));
    }
    return new Buffer(target(dynamoTable, record), dynamoTable, keyString(key), ttl);
  }

  private String target(String dynamoTable, SinkRecord record) {
    return targetTables.computeIfAbsent(
        dynamoTable + '\u0000' + record.topic(), pair -> naming.table(dynamoTable, record.topic()));
  }

  private static boolean ttlExpiry(Struct value) {
    Struct source = value.getStruct(EnvelopeSchemas.SOURCE);
    return source != null
        && source.schema().field(EnvelopeSchemas.SOURCE_TTL_EXPIRY) != null
        && Boolean.TRUE.equals(source.get(EnvelopeSchemas.SOURCE_TTL_EXPIRY));
  }

  /**
   * A canonical text of a key struct, to compare keys: each field's value is preceded by its
   * length, so no string content can make two different keys read the same.
   */
  static String keyString(Struct key) {
    StringBuilder text = new StringBuilder();
    for (Field field : key.schema().fields()) {
      Object value = key.get(field);
      String part;
      if (value instanceof byte[] bytes) {
        part = Base64.getEncoder().encodeToString(bytes);
      } else if (value instanceof ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        part = Base64.getEncoder().encodeToString(bytes);
      } else if (value instanceof BigDecimal decimal) {
        part = decimal.stripTrailingZeros().toPlainString();
      } else {
        part = String.valueOf(value);
      }
      text.append(field.name())
          .append(field.schema().type() == Schema.Type.STRING ? ":s" : ":v")
          .append(part.length())
          .append('=')
          .append(part);
    }
    return text.toString();
  }
}
