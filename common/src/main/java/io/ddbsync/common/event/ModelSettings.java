package io.ddbsync.common.event;

import java.util.Objects;

/**
 * The settings of the change-event model that shape schemas. Changing any of them for an existing
 * topic changes schemas incompatibly, so they are documented as fixed once data has flowed.
 *
 * @param namespace the Avro namespace of every schema name, e.g. {@code ddbsync}
 * @param decimalScale the scale of decimal fields for non-integral numbers
 * @param maxDepth how many levels of maps and lists become structs and arrays before the rest
 *     becomes DynamoDB JSON text
 * @param keyNumberMapping how number key attributes appear in the record key
 * @param envelope the envelope's format and, for Debezium's, what its {@code source} block names
 */
public record ModelSettings(
    String namespace,
    int decimalScale,
    int maxDepth,
    KeyNumberMapping keyNumberMapping,
    Envelope envelope) {
  public static final String DEFAULT_NAMESPACE = "ddbsync";
  public static final int DEFAULT_DECIMAL_SCALE = 9;
  public static final int DEFAULT_MAX_DEPTH = 8;

  public ModelSettings {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(keyNumberMapping, "keyNumberMapping");
    Objects.requireNonNull(envelope, "envelope");
  }

  /** Settings with our own envelope format. */
  public ModelSettings(
      String namespace, int decimalScale, int maxDepth, KeyNumberMapping keyNumberMapping) {
    this(namespace, decimalScale, maxDepth, keyNumberMapping, Envelope.DDBSYNC);
  }

  /**
   * The envelope's format, and for {@link EnvelopeFormat#DEBEZIUM} the values of Debezium's {@code
   * source.name} (the connector's name) and {@code source.db} (the AWS region).
   */
  public record Envelope(EnvelopeFormat format, String name, String db) {
    public static final Envelope DDBSYNC = new Envelope(EnvelopeFormat.DDBSYNC, "", "");

    public Envelope {
      Objects.requireNonNull(format, "format");
      name = name == null ? "" : name;
      db = db == null ? "" : db;
    }
  }

  public static ModelSettings defaults() {
    return new ModelSettings(
        DEFAULT_NAMESPACE, DEFAULT_DECIMAL_SCALE, DEFAULT_MAX_DEPTH, KeyNumberMapping.INT64);
  }
}
