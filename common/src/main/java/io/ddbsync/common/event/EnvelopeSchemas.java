package io.ddbsync.common.event;

import io.ddbsync.common.model.SchemaParameters;
import io.ddbsync.common.names.AvroNames;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/** Names and schemas of the envelope around item images; shared by encoder and consumers. */
public final class EnvelopeSchemas {
  public static final String OP = "op";
  public static final String BEFORE = "before";
  public static final String AFTER = "after";
  public static final String SOURCE = "source";
  public static final String TS_MS = "ts_ms";

  public static final String SOURCE_TABLE = "table";
  public static final String SOURCE_STREAM_ARN = "stream_arn";
  public static final String SOURCE_SHARD_ID = "shard_id";
  public static final String SOURCE_SEQUENCE_NUMBER = "sequence_number";
  public static final String SOURCE_EVENT_ID = "event_id";
  public static final String SOURCE_APPROXIMATE_CREATION_TIME = "approximate_creation_time";
  public static final String SOURCE_SNAPSHOT = "snapshot";
  public static final String SOURCE_SNAPSHOT_SEGMENT = "snapshot_segment";
  public static final String SOURCE_TTL_EXPIRY = "ttl_expiry";
  public static final String SOURCE_SNAPSHOT_START = "snapshot_start";

  // Debezium's common source fields, first in the source block of the Debezium format.
  public static final String DEBEZIUM_VERSION = "version";
  public static final String DEBEZIUM_CONNECTOR = "connector";
  public static final String DEBEZIUM_NAME = "name";
  public static final String DEBEZIUM_TS_MS = "ts_ms";
  public static final String DEBEZIUM_DB = "db";
  public static final String DEBEZIUM_SEQUENCE = "sequence";

  /** The fields Debezium's format adds to the source block (for other consumers). */
  public static final java.util.Set<String> DEBEZIUM_SOURCE_FIELDS =
      java.util.Set.of(
          DEBEZIUM_VERSION,
          DEBEZIUM_CONNECTOR,
          DEBEZIUM_NAME,
          DEBEZIUM_TS_MS,
          DEBEZIUM_DB,
          DEBEZIUM_SEQUENCE);

  /** Debezium's {@code source.connector} for this connector's events. */
  public static final String DEBEZIUM_CONNECTOR_NAME = "dynamodb";

  /**
   * The header a removal's tombstone carries when the item expired by its time to live: a tombstone
   * has no envelope, and on a compacted topic it may be all that is left of the removal.
   */
  public static final String TTL_HEADER = "ddbsync.ttl_expiry";

  /**
   * The header of a SNAPSHOT_COMPLETE record: how many partitions the table's topic had when the
   * snapshot completed, each of which carries one such record (0: the topic did not exist yet).
   */
  public static final String SNAPSHOT_PARTITIONS_HEADER = "ddbsync.snapshot.partitions";

  /**
   * Headers of a heartbeat record (no key, no value, so that consumers that do not know it skip it
   * as they skip another producer's tombstone): the DynamoDB table, and the time before which every
   * change of the table has been written to the topic ahead of the heartbeat on each partition.
   */
  public static final String HEARTBEAT_TABLE_HEADER = "ddbsync.heartbeat.table";

  /** Milliseconds since the epoch: every change created before it is ahead on this partition. */
  public static final String HEARTBEAT_CAUGHT_UP_HEADER = "ddbsync.heartbeat.caught_up_to";

  /** How many partitions the topic had, each of which carries the heartbeat. */
  public static final String HEARTBEAT_PARTITIONS_HEADER = "ddbsync.heartbeat.partitions";

  private EnvelopeSchemas() {}

  /** The record name prefix of one table's schemas: {@code <namespace>.<table>}. */
  public static String tableNamespace(String namespace, String table) {
    return namespace + "." + AvroNames.candidate(table);
  }

  public static Schema sourceSchema(String namespace) {
    return sourceSchema(namespace, EnvelopeFormat.DDBSYNC);
  }

  /**
   * The {@code source} block. In Debezium's format Debezium's common fields come first ({@code
   * table} is both theirs and ours) and {@code snapshot} is Debezium's string enum; our
   * DynamoDB-specific fields follow in both formats.
   */
  public static Schema sourceSchema(String namespace, EnvelopeFormat format) {
    SchemaBuilder source = SchemaBuilder.struct().name(namespace + ".Source");
    if (format == EnvelopeFormat.DEBEZIUM) {
      source
          .field(DEBEZIUM_VERSION, Schema.STRING_SCHEMA)
          .field(DEBEZIUM_CONNECTOR, Schema.STRING_SCHEMA)
          .field(DEBEZIUM_NAME, Schema.STRING_SCHEMA)
          .field(DEBEZIUM_TS_MS, Schema.INT64_SCHEMA)
          .field(
              SOURCE_SNAPSHOT,
              SchemaBuilder.string()
                  .optional()
                  .defaultValue("false")
                  .name("io.debezium.data.Enum")
                  .version(1)
                  .parameter("allowed", "true,false")
                  .build())
          .field(DEBEZIUM_DB, Schema.STRING_SCHEMA)
          .field(DEBEZIUM_SEQUENCE, Schema.OPTIONAL_STRING_SCHEMA);
    }
    source
        .field(SOURCE_TABLE, Schema.STRING_SCHEMA)
        .field(SOURCE_STREAM_ARN, Schema.OPTIONAL_STRING_SCHEMA)
        .field(SOURCE_SHARD_ID, Schema.OPTIONAL_STRING_SCHEMA)
        .field(SOURCE_SEQUENCE_NUMBER, Schema.OPTIONAL_STRING_SCHEMA)
        .field(SOURCE_EVENT_ID, Schema.OPTIONAL_STRING_SCHEMA)
        .field(SOURCE_APPROXIMATE_CREATION_TIME, Timestamp.builder().optional().build());
    if (format == EnvelopeFormat.DDBSYNC) {
      source.field(SOURCE_SNAPSHOT, Schema.BOOLEAN_SCHEMA);
    }
    return source
        .field(SOURCE_SNAPSHOT_SEGMENT, Schema.OPTIONAL_INT32_SCHEMA)
        .field(SOURCE_TTL_EXPIRY, Schema.BOOLEAN_SCHEMA)
        // Last, and optional: added after the first release, a compatible evolution.
        .field(SOURCE_SNAPSHOT_START, Timestamp.builder().optional().build())
        .build();
  }

  public static Schema envelopeSchema(
      String namespace, String table, Schema itemSchema, Schema sourceSchema) {
    return SchemaBuilder.struct()
        .name(tableNamespace(namespace, table) + ".Envelope")
        .parameters(Map.of(SchemaParameters.TABLE, table))
        .field(OP, Schema.STRING_SCHEMA)
        .field(BEFORE, itemSchema)
        .field(AFTER, itemSchema)
        .field(SOURCE, sourceSchema)
        .field(TS_MS, Schema.INT64_SCHEMA)
        .build();
  }
}
