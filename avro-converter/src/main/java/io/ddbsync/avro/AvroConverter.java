package io.ddbsync.avro;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry's {@code AvroConverter} (2.6), with three differences: a schema registration
 * that another task won at the same moment is retried instead of failing the task, each schema is
 * rendered to text and looked up once rather than for every record ({@link CachingSchemaResolver},
 * {@link CachingAvroSerializer}, {@link CachingAvroDeserializer}), and records are read straight
 * into Connect data, the same values Apicurio's conversion makes, without an Avro {@code
 * GenericRecord} on the way ({@link ConnectValueReader}).
 *
 * <p>Why: with {@code apicurio.registry.auto-register=true}, every task that meets a new schema
 * version asks the registry to create it ({@code if-exists=RETURN_OR_UPDATE}). When two tasks ask
 * at once, the registry numbers both new versions the same and refuses the second with {@code
 * VersionAlreadyExistsException} (or {@code ArtifactAlreadyExistsException} for a topic's first
 * schema); Apicurio's serializer retries only rate-limited calls, so Connect fails the source task
 * (issue 17). Asking again is always right: the second request now finds the same content already
 * registered and returns its id. Nothing else changes: the wire format, the settings ({@code
 * apicurio.registry.*}) and the registry calls are Apicurio's.
 *
 * <p>Setting of its own: {@code ddbsync.registration.retries} (default 5), how many times a
 * conversion that lost such a race is tried again, after 20-200 ms each.
 */
public class AvroConverter extends io.apicurio.registry.utils.converter.AvroConverter<Object> {
  /** How many more attempts a conversion that lost a registration race gets. */
  public static final String RETRIES_CONFIG = "ddbsync.registration.retries";

  static final int DEFAULT_RETRIES = 5;

  /** Apicurio's setting for the schema resolver class; ours unless one is given. */
  static final String SCHEMA_RESOLVER_CONFIG = "apicurio.registry.schema-resolver";

  private static final Logger LOG = LoggerFactory.getLogger(AvroConverter.class);

  private int retries = DEFAULT_RETRIES;
  private final Sleeper sleeper;

  /** Waits between attempts; a parameter so that tests do not sleep. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  public AvroConverter() {
    this(Thread::sleep);
  }

  AvroConverter(Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object configured = configs.get(RETRIES_CONFIG);
    if (configured != null) {
      try {
        retries = Integer.parseInt(configured.toString().trim());
      } catch (NumberFormatException e) {
        throw new org.apache.kafka.common.config.ConfigException(
            RETRIES_CONFIG, configured, "must be a whole number of attempts, 0 or more");
      }
      if (retries < 0) {
        throw new org.apache.kafka.common.config.ConfigException(
            RETRIES_CONFIG, configured, "must be 0 or more");
      }
    }
    // Apicurio's configure() puts its own serializer in unless one is given: give ours.
    Map<String, Object> withSerializer = new java.util.HashMap<>(configs);
    withSerializer.putIfAbsent(
        io.apicurio.registry.utils.converter.SerdeBasedConverter
            .REGISTRY_CONVERTER_SERIALIZER_PARAM,
        new CachingAvroSerializer());
    withSerializer.putIfAbsent(
        io.apicurio.registry.utils.converter.SerdeBasedConverter
            .REGISTRY_CONVERTER_DESERIALIZER_PARAM,
        new CachingAvroDeserializer());
    withSerializer.putIfAbsent(SCHEMA_RESOLVER_CONFIG, CachingSchemaResolver.class.getName());
    super.configure(withSerializer, isKey);
    if (deserializer instanceof CachingAvroDeserializer ours) {
      ours.readIntoConnectValues();
    }
  }

  /** A record the deserializer read straight into Connect data is already converted. */
  @Override
  protected SchemaAndValue toSchemaAndValue(Object result) {
    if (result instanceof CachingAvroDeserializer.ConnectRecord record) {
      return record.value();
    }
    return super.toSchemaAndValue(result);
  }

  /** Apicurio's serializer that renders each schema once instead of for every record. */
  @Override
  @SuppressWarnings("rawtypes")
  protected Class<? extends org.apache.kafka.common.serialization.Serializer> serializerClass() {
    return CachingAvroSerializer.class;
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    return withRegistrationRetries(topic, () -> super.fromConnectData(topic, schema, value));
  }

  @Override
  public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
    return withRegistrationRetries(
        topic, () -> super.fromConnectData(topic, headers, schema, value));
  }

  /** The parser the schema resolver uses for the records it writes (for tests). */
  Object resolverParser() {
    return ((io.apicurio.registry.serde.AbstractKafkaSerDe<?, ?>) serializer)
        .getSchemaResolver()
        .getSchemaParser();
  }

  /** The deserializer that reads records straight into Connect data (for tests). */
  CachingAvroDeserializer directReader() {
    return (CachingAvroDeserializer) deserializer;
  }

  /** One conversion. */
  interface Conversion {
    byte[] convert();
  }

  byte[] withRegistrationRetries(String topic, Conversion conversion) {
    for (int attempt = 0; ; attempt++) {
      try {
        return conversion.convert();
      } catch (RuntimeException e) {
        if (attempt >= retries || !lostARegistrationRace(e)) {
          throw e;
        }
        LOG.info(
            "Another task registered the same schema for {} at the same moment ({}); asking the"
                + " registry again (attempt {} of {})",
            topic,
            e.getClass().getSimpleName(),
            attempt + 2,
            retries + 1);
        try {
          sleeper.sleep(ThreadLocalRandom.current().nextLong(20, 200));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new DataException("Interrupted while retrying a schema registration", e);
        }
      }
    }
  }

  /**
   * Whether {@code failure} is the registry refusing a version or artifact that already exists: the
   * conflict of two concurrent registrations. Matched by class name so that the check holds for the
   * exception types of the registry client whichever class loader loaded them.
   */
  static boolean lostARegistrationRace(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String name = cause.getClass().getName();
      if (name.endsWith(".VersionAlreadyExistsException")
          || name.endsWith(".ArtifactAlreadyExistsException")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
