package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import io.ddbsync.common.event.KeyNumberMapping;
import io.ddbsync.common.event.ModelSettings;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of the change events' schemas. */
public final class SchemaSettings {
  public static final String SCHEMA_NAMESPACE = "schema.namespace";
  public static final String SCHEMA_DECIMAL_SCALE = "schema.decimal.scale";
  public static final String SCHEMA_MAX_DEPTH = "schema.max.depth";
  public static final String KEY_NUMBER_MAPPING = "key.number.mapping";
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
            "Number keys as");
  }
}
