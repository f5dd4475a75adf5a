package io.ddbsync.avro;

import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.Schema;

/**
 * Apicurio's Avro serializer with {@link RenderedSchemaCache} in front of its schema parser, so
 * that a schema is rendered once per converter rather than once per record. The bytes written, the
 * headers and the registry calls are Apicurio's.
 */
public class CachingAvroSerializer extends AvroKafkaSerializer<Object> {
  private RenderedSchemaCache cache;

  @Override
  public synchronized SchemaParser<Schema, Object> schemaParser() {
    cache = RenderedSchemaCache.around(cache, super.schemaParser());
    return cache;
  }
}
