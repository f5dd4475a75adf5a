package io.ddbsync.sink.batch;

import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.common.model.SchemaParameters;
import io.ddbsync.sink.model.TableNaming;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decides where a record goes: tombstones are skipped (the remove before them did the work), change
 * events go to their table's buffer under their key, anything else is refused with a reason for the
 * dead letter queue.
 */
public final class EventRouter {
  /** The routing of one record. */
  public sealed interface Route permits Skip, Buffer, Refuse {}

  /** Nothing to load: a tombstone. */
  public record Skip() implements Route {}

  /** A change of {@code dynamoTable}, loaded into {@code table}, deduplicated by {@code key}. */
  public record Buffer(String table, String dynamoTable, String key) implements Route {}

  /** Not a change event of this pipeline. */
  public record Refuse(String reason) implements Route {}

  private final TableNaming naming;
  // Naming applies regular expressions; a task sees few distinct (table, topic) pairs.
  private final java.util.Map<String, String> targetTables = new java.util.HashMap<>();

  public EventRouter(TableNaming naming) {
    this.naming = naming;
  }

  public Route route(SinkRecord record) {
    if (record.value() == null) {
      return new Skip();
    }
    if (!(record.value() instanceof Struct value)
        || value.schema().field(EnvelopeSchemas.OP) == null
        || value.schema().field(EnvelopeSchemas.AFTER) == null) {
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
    if (!(record.key() instanceof Struct key)) {
      return new Refuse(
          "The record has no key struct; the sink needs the item's primary key as the record key");
    }
    String target =
        targetTables.computeIfAbsent(
            dynamoTable + '\u0000' + record.topic(),
            pair -> naming.table(dynamoTable, record.topic()));
    return new Buffer(target, dynamoTable, keyString(key));
  }

  /** A canonical text of a key struct, to compare keys. */
  static String keyString(Struct key) {
    StringBuilder text = new StringBuilder();
    for (Field field : key.schema().fields()) {
      Object value = key.get(field);
      text.append(field.name()).append('=');
      if (value instanceof byte[] bytes) {
        text.append(Base64.getEncoder().encodeToString(bytes));
      } else if (value instanceof ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        text.append(Base64.getEncoder().encodeToString(bytes));
      } else if (value instanceof java.math.BigDecimal decimal) {
        text.append(decimal.stripTrailingZeros().toPlainString());
      } else {
        text.append(value);
      }
      text.append(field.schema().type() == Schema.Type.STRING ? "\u0001" : ";");
    }
    return text.toString();
  }
}
