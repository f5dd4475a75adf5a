package io.ddbsync.sink.batch;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A record whose key or value came without a schema: the converter is schemaless (JsonConverter
 * with schemas.enable=false, most often set on the worker), so every record would be refused alike.
 * The task stops at the first one with what to change, instead of filling the dead letter queue.
 */
public final class SchemalessRecord extends ConnectException {
  private SchemalessRecord(String message) {
    super(message);
  }

  /** The problem with {@code record}, or null when its key and value carry their schemas. */
  static SchemalessRecord of(SinkRecord record) {
    String side;
    if (record.value() != null && record.valueSchema() == null) {
      side = "value";
    } else if (record.key() != null && record.keySchema() == null) {
      side = "key";
    } else {
      return null;
    }
    return new SchemalessRecord(
        "Record "
            + Coordinates.describe(record)
            + " has a "
            + side
            + " without a schema: the "
            + side
            + " converter is schemaless (JsonConverter with schemas.enable=false?), and the sink"
            + " needs the schema of every key and value. Set "
            + side
            + ".converter.schemas.enable=true on this connector (or on the worker) and on the"
            + " source connector, whose records must have been written with schemas, or use"
            + " io.ddbsync.avro.AvroConverter on both. The task stops here rather than send every"
            + " record to the dead letter queue.");
  }
}
