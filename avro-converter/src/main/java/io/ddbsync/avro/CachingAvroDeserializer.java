package io.ddbsync.avro;

import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.avro.Schema;

/**
 * Apicurio's Avro deserializer with {@link RenderedSchemaCache} in front of its schema parser.
 *
 * <p>Why the deserializer too: Apicurio's converter hands its serializer's schema resolver to its
 * deserializer, whose configuration then gives the shared resolver the deserializer's parser. The
 * resolver's parser is the one that renders a schema for every record written, so it is this one
 * that must remember the renderings. Reading is unchanged: parsing schemas by id goes to Apicurio's
 * parser as before.
 */
public class CachingAvroDeserializer extends AvroKafkaDeserializer<Object> {
  private RenderedSchemaCache cache;

  @Override
  public synchronized SchemaParser<Schema, Object> schemaParser() {
    cache = RenderedSchemaCache.around(cache, super.schemaParser());
    return cache;
  }
}
