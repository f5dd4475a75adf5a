package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of the schema history topic. */
public final class HistorySettings {
  /** The prefix of the Kafka client settings of the schema history's producer and consumer. */
  public static final String HISTORY_KAFKA_PREFIX = "schema.history.kafka.";

  public static final String HISTORY_TOPIC = "schema.history.topic";
  public static final String HISTORY_BOOTSTRAP = HISTORY_KAFKA_PREFIX + "bootstrap.servers";
  public static final String HISTORY_REPLICATION_FACTOR = "schema.history.replication.factor";
  static final String HISTORY_GROUP = "Schema history";

  private HistorySettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, HISTORY_GROUP)
        .define(
            HISTORY_TOPIC,
            ConfigDef.Type.STRING,
            "_ddbsync_schema_history",
            Validators.matching("[a-zA-Z0-9._-]+", "a topic name"),
            ConfigDef.Importance.MEDIUM,
            "The single-partition topic where tasks record, in one order, which field each"
                + " attribute type gets. Every task and every restart derives the same schemas from"
                + " it, which is what keeps type conflicts from producing incompatible schemas. It"
                + " is created on start with infinite retention; never delete it while its topics"
                + " are in use.",
            "Schema history topic")
        .required(
            HISTORY_BOOTSTRAP,
            ConfigDef.Type.STRING,
            new ConfigDef.NonEmptyString(),
            ConfigDef.Importance.HIGH,
            "The Kafka cluster of the schema history topic, normally the worker's own. Further"
                + " client settings (security.protocol, sasl.*, ssl.*) go under the same"
                + " schema.history.kafka. prefix.",
            "Schema history bootstrap servers")
        .define(
            HISTORY_REPLICATION_FACTOR,
            ConfigDef.Type.SHORT,
            (short) -1,
            ConfigDef.Importance.LOW,
            "The replication factor of the schema history topic when the connector creates it;"
                + " -1 uses the broker's default.",
            "Schema history replication factor");
  }
}
