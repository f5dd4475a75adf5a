package io.ddbsync.sink.batch;

import io.ddbsync.common.event.ChangeEnvelope;
import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.common.event.Operation;
import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
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
  public sealed interface Route permits Skip, Buffer, Expire, Complete, Beat, Refuse, Collide {}

  /** Nothing to load. */
  public record Skip() implements Route {}

  /**
   * A change of {@code dynamoTable}, loaded into {@code table}, deduplicated by {@code key}; {@code
   * change} is what the record says, read once.
   */
  public record Buffer(String table, String dynamoTable, String key, ChangeEnvelope.Change change)
      implements Route {
    /** The change is a removal by the item's time to live. */
    public boolean ttl() {
      return change.operation() == Operation.REMOVE && change.ttlExpiry();
    }
  }

  /**
   * The item of {@code key} expired by its time to live under {@code ttl.removals=KEEP}: its rows
   * stay as they were, kept from every later sweep (a re-snapshot does not find the item).
   */
  public record Expire(String table, String dynamoTable, String key, ChangeEnvelope.Change change)
      implements Route {}

  /**
   * The end, on this record's partition, of the snapshot of {@code dynamoTable} of generation
   * {@code snapshotStartMicros}, announced on {@code partitions} partitions in all (-1: the source
   * did not say): once it has come from all of them, rows of older generations in {@code table} are
   * of items the snapshot did not find.
   */
  public record Complete(String table, String dynamoTable, long snapshotStartMicros, int partitions)
      implements Route {}

  /**
   * A heartbeat of the source: every change of {@code dynamoTable} created before {@code
   * caughtUpToMillis} is ahead of it on its partition.
   */
  public record Beat(String table, String dynamoTable, int partitions, long caughtUpToMillis)
      implements Route {}

  /** Not a change event of this pipeline. */
  public record Refuse(String reason) implements Route {}

  /**
   * A change of a source whose target table takes another source's records in this task: its table
   * stops (given by {@link BatchBuilder#add}, which knows the task's tables).
   */
  public record Collide(String table, String reason) implements Route {}

  private final TableNaming naming;
  private final TtlRemovals ttlRemovals;
  // Naming applies regular expressions; a task sees few distinct (table, topic) pairs.
  private final Map<String, Map<String, String>> targetTables = new HashMap<>();

  public EventRouter(TableNaming naming) {
    this(naming, TtlRemovals.DELETE);
  }

  public EventRouter(TableNaming naming, TtlRemovals ttlRemovals) {
    this.naming = naming;
    this.ttlRemovals = ttlRemovals;
  }

  /**
   * Where {@code record} goes.
   *
   * @throws SchemalessRecord when its key or value has no schema: the converter, not the record, is
   *     wrong, so the task stops
   */
  public Route route(SinkRecord record) {
    SchemalessRecord schemaless = SchemalessRecord.of(record);
    if (schemaless != null) {
      throw schemaless;
    }
    if (record.key() == null && record.value() == null) {
      Header table = record.headers().lastWithName(EnvelopeSchemas.HEARTBEAT_TABLE_HEADER);
      Header caughtUp = record.headers().lastWithName(EnvelopeSchemas.HEARTBEAT_CAUGHT_UP_HEADER);
      Header partitions =
          record.headers().lastWithName(EnvelopeSchemas.HEARTBEAT_PARTITIONS_HEADER);
      if (table != null && caughtUp != null && partitions != null) {
        String dynamoTable = String.valueOf(table.value());
        return new Beat(
            target(dynamoTable, record),
            dynamoTable,
            ((Number) partitions.value()).intValue(),
            ((Number) caughtUp.value()).longValue());
      }
    }
    ChangeEnvelope.Read read = ChangeEnvelope.read(record);
    if (read instanceof ChangeEnvelope.NotAnEvent notOurs) {
      return notOurs.skip() ? new Skip() : new Refuse(notOurs.reason());
    }
    ChangeEnvelope.Change change = (ChangeEnvelope.Change) read;
    String dynamoTable = change.table();
    if (change.operation() == Operation.SNAPSHOT_COMPLETE) {
      if (change.generationMicros() <= 0) {
        return new Refuse("A SNAPSHOT_COMPLETE record without source.snapshot_start");
      }
      return new Complete(
          target(dynamoTable, record),
          dynamoTable,
          change.generationMicros(),
          change.snapshotPartitions());
    }
    String key = keyString(change.key());
    if (change.operation() == Operation.REMOVE
        && change.ttlExpiry()
        && ttlRemovals == TtlRemovals.KEEP) {
      return new Expire(target(dynamoTable, record), dynamoTable, key, change);
    }
    return new Buffer(target(dynamoTable, record), dynamoTable, key, change);
  }

  private String target(String dynamoTable, SinkRecord record) {
    // By topic, then table: no key text made per record.
    return targetTables
        .computeIfAbsent(record.topic(), topic -> new HashMap<>())
        .computeIfAbsent(dynamoTable, table -> naming.table(table, record.topic()));
  }

  /**
   * A canonical text of a key struct, to compare keys: each field's value is preceded by its
   * length, so no string content can make two different keys read the same.
   */
  static String keyString(Struct key) {
    List<Field> fields = key.schema().fields();
    if (fields.size() == 1
        && fields.get(0).schema().type() == Schema.Type.STRING
        && key.get(fields.get(0)) instanceof String text) {
      // A table's keys all have its one key schema (DynamoDB fixes a table's key attributes and
      // their types), so a single text attribute is its own canonical text: no copy per record.
      return text;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
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
