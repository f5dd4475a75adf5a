package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import io.ddbsync.common.event.EnvelopeFormat;
import io.ddbsync.common.event.KeyNumberMapping;
import io.ddbsync.common.event.ModelSettings;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of the change events' schemas. */
public final class SchemaSettings {
  public static final String SCHEMA_NAMESPACE = "schema.namespace";
  public static final String SCHEMA_DECIMAL_SCALE = "schema.decimal.scale";
  public static final String SCHEMA_MAX_DEPTH = "schema.max.depth";
  public static final String KEY_NUMBER_MAPPING = "key.number.mapping";
  public static final String ENVELOPE_FORMAT = "envelope.format";
  static final String SCHEMA_GROUP = "Schemas";

  private SchemaSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, SCHEMA_GROUP)
        .define(
            SCHEMA_NAMESPACE,
            ConfigDef.Type.STRING,
            ModelSettings.DEFAULT_NAMESPACE,
            Validators.matching(
                "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*", "an Avro namespace"),
            ConfigDef.Importance.LOW,
            "The Avro namespace of every schema name: <namespace>.<table>.Key, .Envelope, .Item."
                + " Fixed once data has flowed.",
            "Schema namespace")
        .define(
            SCHEMA_DECIMAL_SCALE,
            ConfigDef.Type.INT,
            ModelSettings.DEFAULT_DECIMAL_SCALE,
            ConfigDef.Range.between(0, 37),
            ConfigDef.Importance.MEDIUM,
            "The scale of decimal fields (precision 38) that hold non-integral numbers. A number"
                + " with more fractional digits, or more than 38 minus this many integer digits,"
                + " goes to a separate exact-text field instead of being rounded.",
            "Decimal scale")
        .define(
            SCHEMA_MAX_DEPTH,
            ConfigDef.Type.INT,
            ModelSettings.DEFAULT_MAX_DEPTH,
            ConfigDef.Range.between(1, 32),
            ConfigDef.Importance.LOW,
            "How many levels of nested maps and lists become structs and arrays; deeper values are"
                + " carried as DynamoDB JSON text.",
            "Maximum nesting depth")
        .define(
            KEY_NUMBER_MAPPING,
            ConfigDef.Type.STRING,
            KeyNumberMapping.INT64.name(),
            Validators.oneOf(KeyNumberMapping.class),
            ConfigDef.Importance.MEDIUM,
            "How number (N) key attributes appear in record keys: INT64 (fails the task, with this"
                + " hint, on a non-integral key), DECIMAL (with the decimal scale) or STRING (exact"
                + " text). Fixed once data has flowed, since it is the key schema.",
            "Number keys as")
        .define(
            ENVELOPE_FORMAT,
            ConfigDef.Type.STRING,
            EnvelopeFormat.DDBSYNC.name(),
            Validators.oneOf(EnvelopeFormat.class),
            ConfigDef.Importance.MEDIUM,
            "The change events' envelope. DDBSYNC: op is READ, INSERT, MODIFY or REMOVE,"
                + " source.snapshot a boolean, and each table's topic also carries SNAPSHOT_COMPLETE"
                + " and heartbeat records (see snapshot.completion.records and heartbeat.records)."
                + " DEBEZIUM: Debezium's envelope, so that Debezium's consumers (its JDBC sink,"
                + " ExtractNewRecordState, Flink's debezium-json and debezium-avro formats) read"
                + " the topics unchanged: op is r, c, u or d, and source starts with Debezium's"
                + " version, connector (dynamodb), name (this connector's name), ts_ms (when"
                + " DynamoDB made the change, in milliseconds since the epoch), snapshot (the"
                + " string true or false), db (the AWS region set in aws.region, empty when the SDK's default"
                + " chain chooses it) and sequence (the stream record's"
                + " sequence number), followed by the same DynamoDB fields as DDBSYNC. A DEBEZIUM"
                + " topic carries no record without a key, which Debezium's JDBC sink would take"
                + " for a delete and fail on: no SNAPSHOT_COMPLETE and no heartbeat records, so"
                + " the ddbsync sink reads such a topic but cannot remove the rows of items a new"
                + " snapshot did not find, and keeps no watermark for it. Fixed once data has"
                + " flowed.",
            "Envelope format");
  }
}
