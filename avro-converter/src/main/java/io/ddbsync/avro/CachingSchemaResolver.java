package io.ddbsync.avro;

import io.apicurio.registry.resolver.DefaultSchemaResolver;
import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.data.Record;
import io.apicurio.registry.serde.data.KafkaSerdeMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;

/**
 * Apicurio's schema resolver, remembering its answer for each schema instance it met on a topic.
 *
 * <p>Why: for every record written, Apicurio's resolver turns the record's schema into its text and
 * looks the registered id up by that text, hashing some ten kilobytes of JSON per record even when
 * the schema is cached (the largest cost of writing Avro after the schema rendering itself).
 * Connect's Avro conversion hands out one {@link Schema} instance per Connect schema, so the
 * resolver's result is kept per (schema instance, topic, key or value), for the last {@value
 * #CAPACITY} of them; anything else (a record with an explicit artifact reference, a payload
 * without a schema) goes to Apicurio's resolver as before. The result is exactly what Apicurio's
 * resolver returned the first time: the id in each record and header is unchanged.
 */
public class CachingSchemaResolver extends DefaultSchemaResolver<Schema, Object> {
  static final int CAPACITY = 512;

  private final Map<Key, SchemaLookupResult<Schema>> resolved =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SchemaLookupResult<Schema>> eldest) {
          return size() > CAPACITY;
        }
      };

  /** A schema instance on a topic's key or value. */
  private record Key(Schema schema, String topic, boolean isKey) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && key.schema == schema
          && key.isKey == isKey
          && key.topic.equals(topic);
    }

    @Override
    public int hashCode() {
      return (System.identityHashCode(schema) * 31 + topic.hashCode()) * 2 + (isKey ? 1 : 0);
    }
  }

  @Override
  public SchemaLookupResult<Schema> resolveSchema(Record<Object> data) {
    Key key = keyOf(data);
    if (key == null) {
      return super.resolveSchema(data);
    }
    synchronized (resolved) {
      SchemaLookupResult<Schema> known = resolved.get(key);
      if (known != null) {
        return known;
      }
    }
    SchemaLookupResult<Schema> result = lookUp(data);
    synchronized (resolved) {
      resolved.put(key, result);
    }
    return result;
  }

  /** Apicurio's resolution (a seam for tests). */
  SchemaLookupResult<Schema> lookUp(Record<Object> data) {
    return super.resolveSchema(data);
  }

  @Override
  public void reset() {
    synchronized (resolved) {
      resolved.clear();
    }
    super.reset();
  }

  int size() {
    synchronized (resolved) {
      return resolved.size();
    }
  }

  private static Key keyOf(Record<Object> data) {
    if (!(data.payload() instanceof GenericContainer container)
        || !(data.metadata() instanceof KafkaSerdeMetadata metadata)
        || metadata.artifactReference() != null
        || metadata.getTopic() == null) {
      return null;
    }
    return new Key(container.getSchema(), metadata.getTopic(), metadata.isKey());
  }
}
