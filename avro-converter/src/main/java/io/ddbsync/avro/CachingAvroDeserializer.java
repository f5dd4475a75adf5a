package io.ddbsync.avro;

import io.apicurio.registry.resolver.ParsedSchema;
import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.serde.avro.AvroEncoding;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroSerdeHeaders;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.SchemaAndValue;

/**
 * Apicurio's Avro deserializer with {@link RenderedSchemaCache} in front of its schema parser, and,
 * inside {@link AvroConverter}, reading records straight into Connect values.
 *
 * <p>Why the deserializer has the cache too: Apicurio's converter hands its serializer's schema
 * resolver to its deserializer, whose configuration then gives the shared resolver the
 * deserializer's parser. The resolver's parser is the one that renders a schema for every record
 * written, so it is this one that must remember the renderings. Parsing schemas by id goes to
 * Apicurio's parser as before.
 *
 * <p>Reading: Apicurio decodes a record into an Avro {@code GenericRecord}, and its converter then
 * walks that into a Connect {@code Struct}. When the converter asks for it ({@link
 * #readIntoConnectValues}), this deserializer reads the bytes into the {@code Struct} at once
 * ({@link ConnectValueReader}), under the Connect schema Apicurio's {@code AvroData} derives from
 * the writer's schema, and hands back a {@link ConnectRecord}. The wire format, the schema lookup
 * by id and the registry calls stay Apicurio's; records in JSON encoding, with a custom datum
 * provider or of schemas the reader does not cover are read by Apicurio's code.
 */
public class CachingAvroDeserializer extends AvroKafkaDeserializer<Object> {
  /** A record read straight into Connect data. */
  record ConnectRecord(SchemaAndValue value) {}

  private static final int CAPACITY = RenderedSchemaCache.CAPACITY;

  private RenderedSchemaCache cache;
  private boolean intoConnectValues;
  private boolean binaryWithDefaultReader;
  // Kept between records so that strings are decoded through one buffer, not one per string; it
  // grows to the longest string read (a DynamoDB item is at most 400 KB).
  private final AtomicReference<Utf8> spareText = new AtomicReference<>();
  private AvroData avroData;
  private AvroSerdeHeaders headers;
  // The compiled reader of each writer schema (the resolver keeps one instance per id, so a lookup
  // is a cached hash and an identity check); null for schemas the reader does not cover, the last
  // CAPACITY schemas met.
  private final Map<Schema, Compiled> compiled =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Schema, Compiled> eldest) {
          return size() > CAPACITY;
        }
      };

  private record Compiled(
      org.apache.kafka.connect.data.Schema schema, ConnectValueReader.Reader reader) {}

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    super.configure(configs, isKey);
    AvroKafkaSerdeConfig config = new AvroKafkaSerdeConfig(configs);
    binaryWithDefaultReader =
        config.getAvroEncoding() == AvroEncoding.BINARY
            && config.getAvroDatumProvider() == DefaultAvroDatumProvider.class
            && !config.useSpecificAvroReader();
    avroData = new AvroData(new AvroDataConfig(configs));
    headers = new AvroSerdeHeaders(isKey);
  }

  /**
   * Called by {@link AvroConverter}: records come back as {@link ConnectRecord}s where possible.
   */
  void readIntoConnectValues() {
    intoConnectValues = true;
  }

  /** How many of the schemas met are read straight into Connect data (for tests). */
  synchronized long schemasReadDirectly() {
    return compiled.values().stream().filter(java.util.Objects::nonNull).count();
  }

  @Override
  public synchronized SchemaParser<Schema, Object> schemaParser() {
    cache = RenderedSchemaCache.around(cache, super.schemaParser());
    return cache;
  }

  @Override
  protected Object readData(
      Headers recordHeaders,
      ParsedSchema<Schema> schema,
      ByteBuffer buffer,
      int start,
      int length) {
    Compiled reader = intoConnectValues && binary(recordHeaders) ? readerOf(schema) : null;
    if (reader == null) {
      return super.readData(recordHeaders, schema, buffer, start, length);
    }
    // The strings' buffer of the last record read, unless another thread is reading with it.
    Utf8 text = spareText.getAndSet(null);
    if (text == null) {
      text = new Utf8();
    }
    try {
      Object value =
          reader.reader.read(
              DecoderFactory.get().binaryDecoder(buffer.array(), start, length, null), text);
      return new ConnectRecord(new SchemaAndValue(reader.schema, value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      spareText.set(text);
    }
  }

  /** Whether the record is in binary encoding, read by Apicurio's default datum reader. */
  private boolean binary(Headers recordHeaders) {
    if (!binaryWithDefaultReader) {
      return false;
    }
    String encoding = recordHeaders == null ? null : headers.getEncoding(recordHeaders);
    return encoding == null || AvroEncoding.valueOf(encoding) == AvroEncoding.BINARY;
  }

  private synchronized Compiled readerOf(ParsedSchema<Schema> parsed) {
    Schema writer = parsed.getParsedSchema();
    if (compiled.containsKey(writer)) {
      return compiled.get(writer);
    }
    Compiled reader = null;
    // Schemaless Connect data (Apicurio's "anything" record) is unwrapped by Apicurio's code.
    if (writer.getType() == Schema.Type.RECORD && !writer.equals(AvroData.ANYTHING_SCHEMA)) {
      org.apache.kafka.connect.data.Schema connect = avroData.toConnectSchema(writer);
      ConnectValueReader.Reader compiledReader = ConnectValueReader.compile(writer, connect);
      reader = compiledReader == null ? null : new Compiled(connect, compiledReader);
    }
    compiled.put(writer, reader);
    return reader;
  }
}
