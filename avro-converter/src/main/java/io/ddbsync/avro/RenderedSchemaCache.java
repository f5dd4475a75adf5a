package io.ddbsync.avro;

import io.apicurio.registry.resolver.ParsedSchema;
import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.resolver.data.Record;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;

/**
 * Apicurio's Avro schema parser, remembering what it derived from each schema instance.
 *
 * <p>Why: for every record it writes, Apicurio's serializer asks the parser for the record's schema
 * and its rendered JSON text ({@code Schema.toString()}), which it then looks up in its cache of
 * registered schemas by that text. Rendering a schema of some 60 fields for every record is most of
 * the converter's cost. Connect's Avro conversion hands out one {@link Schema} instance per Connect
 * schema, so the rendering is kept per schema instance (by identity: an equal but distinct instance
 * is rendered again, which is merely slower), for the last {@value #CAPACITY} schemas a converter
 * met. The text and parsed schema are exactly what the parser returned the first time.
 */
final class RenderedSchemaCache implements SchemaParser<Schema, Object> {
  static final int CAPACITY = 256;

  private final SchemaParser<Schema, Object> parser;
  private final Map<Key, ParsedSchema<Schema>> rendered =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ParsedSchema<Schema>> eldest) {
          return size() > CAPACITY;
        }
      };

  /** A schema instance and the dereference flag it was parsed with. */
  private record Key(Schema schema, boolean dereference) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.schema == schema && key.dereference == dereference;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(schema) * 31 + (dereference ? 1 : 0);
    }
  }

  RenderedSchemaCache(SchemaParser<Schema, Object> parser) {
    this.parser = parser;
  }

  SchemaParser<Schema, Object> parser() {
    return parser;
  }

  /**
   * The cache in front of {@code parser}: {@code current} when it already is, else a new one (null
   * while the serde is not configured, as its own {@code schemaParser()} then is).
   */
  static RenderedSchemaCache around(
      RenderedSchemaCache current, SchemaParser<Schema, Object> parser) {
    if (parser == null) {
      return null;
    }
    return current != null && current.parser() == parser
        ? current
        : new RenderedSchemaCache(parser);
  }

  @Override
  public String artifactType() {
    return parser.artifactType();
  }

  @Override
  public Schema parseSchema(byte[] rawSchema, Map<String, ParsedSchema<Schema>> references) {
    return parser.parseSchema(rawSchema, references);
  }

  @Override
  public ParsedSchema<Schema> getSchemaFromData(Record<Object> data) {
    return getSchemaFromData(data, false);
  }

  @Override
  public ParsedSchema<Schema> getSchemaFromData(Record<Object> data, boolean dereference) {
    Schema schema = schemaOf(data.payload());
    if (schema == null) {
      return parser.getSchemaFromData(data, dereference);
    }
    Key key = new Key(schema, dereference);
    synchronized (rendered) {
      ParsedSchema<Schema> known = rendered.get(key);
      if (known != null) {
        return known;
      }
    }
    ParsedSchema<Schema> parsed = parser.getSchemaFromData(data, dereference);
    synchronized (rendered) {
      rendered.put(key, parsed);
    }
    return parsed;
  }

  @Override
  public ParsedSchema<Schema> getSchemaFromLocation(String location) {
    return parser.getSchemaFromLocation(location);
  }

  @Override
  public boolean supportsExtractSchemaFromData() {
    return parser.supportsExtractSchemaFromData();
  }

  @Override
  public boolean supportsGetSchemaFromLocation() {
    return parser.supportsGetSchemaFromLocation();
  }

  /** The schema Apicurio derives from a payload: a record's own; else none (not cached). */
  private static Schema schemaOf(Object payload) {
    return payload instanceof GenericContainer container ? container.getSchema() : null;
  }

  int size() {
    synchronized (rendered) {
      return rendered.size();
    }
  }
}
