package io.ddbsync.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.resolver.ParsedSchema;
import io.apicurio.registry.resolver.ParsedSchemaImpl;
import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.resolver.data.Record;
import io.ddbsync.common.testing.InMemoryAvroRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

class CachingAvroSerializerTest {
  private static final String TOPIC = "dynamodb.CachingOrders";

  @Test
  void writesExactlyTheBytesOfApicuriosConverterAcrossSchemaVersions() {
    Converter apicurio = new io.apicurio.registry.utils.converter.AvroConverter<Object>();
    Converter ours = new AvroConverter();
    apicurio.configure(InMemoryAvroRegistry.converterConfig(), false);
    ours.configure(InMemoryAvroRegistry.converterConfig(), false);
    List<Schema> versions = List.of(version(0), version(1), version(2));
    for (int i = 0; i < 90; i++) {
      Schema schema = versions.get(i % 3);
      Struct value = value(schema, i);
      var ourHeaders = new RecordHeaders();
      var theirHeaders = new RecordHeaders();
      byte[] ourBytes = ours.fromConnectData(TOPIC, ourHeaders, schema, value);
      byte[] theirBytes = apicurio.fromConnectData(TOPIC, theirHeaders, schema, value);
      assertThat(ourBytes).as("record %d", i).isEqualTo(theirBytes);
      assertThat(ourHeaders.toArray()).isEqualTo(theirHeaders.toArray());
      SchemaAndValue back = apicurio.toConnectData(TOPIC, ourHeaders, ourBytes);
      assertThat(((Struct) back.value()).getString("OrderId")).isEqualTo("ORD-" + i);
    }
  }

  @Test
  void theSchemaResolverOfTheConverterRendersThroughTheCache() {
    AvroConverter ours = new AvroConverter();
    ours.configure(InMemoryAvroRegistry.converterConfig(), false);
    assertThat(ours.resolverParser()).isInstanceOf(RenderedSchemaCache.class);
  }

  @Test
  void rendersEachSchemaInstanceOnceAndAnEqualButDistinctOneAgain() {
    AtomicInteger renders = new AtomicInteger();
    RenderedSchemaCache cache = new RenderedSchemaCache(countingParser(renders));
    org.apache.avro.Schema schema = avro("A");
    ParsedSchema<org.apache.avro.Schema> first = cache.getSchemaFromData(record(schema));
    for (int i = 0; i < 10; i++) {
      assertThat(cache.getSchemaFromData(record(schema))).isSameAs(first);
    }
    assertThat(renders).hasValue(1);
    cache.getSchemaFromData(record(avro("A")));
    assertThat(renders).hasValue(2);
    cache.getSchemaFromData(record(schema), true);
    assertThat(renders).as("dereferenced is another rendering").hasValue(3);
  }

  @Test
  void keepsTheLastSchemasOnly() {
    AtomicInteger renders = new AtomicInteger();
    RenderedSchemaCache cache = new RenderedSchemaCache(countingParser(renders));
    List<org.apache.avro.Schema> schemas = new ArrayList<>();
    for (int i = 0; i < RenderedSchemaCache.CAPACITY + 10; i++) {
      schemas.add(avro("R" + i));
      cache.getSchemaFromData(record(schemas.get(i)));
    }
    assertThat(cache.size()).isEqualTo(RenderedSchemaCache.CAPACITY);
    int before = renders.get();
    cache.getSchemaFromData(record(schemas.get(schemas.size() - 1)));
    assertThat(renders).hasValue(before);
    cache.getSchemaFromData(record(schemas.get(0)));
    assertThat(renders).hasValue(before + 1);
  }

  private static Schema version(int extraFields) {
    SchemaBuilder builder =
        SchemaBuilder.struct()
            .name("io.ddbsync.CachingOrders")
            .field("OrderId", Schema.STRING_SCHEMA)
            .field("Total", Schema.OPTIONAL_FLOAT64_SCHEMA);
    for (int f = 0; f < extraFields; f++) {
      builder.field("Extra" + f, Schema.OPTIONAL_STRING_SCHEMA);
    }
    return builder.optional().build();
  }

  private static Struct value(Schema schema, int i) {
    Struct value = new Struct(schema).put("OrderId", "ORD-" + i).put("Total", i * 1.5);
    for (int f = 0; f < schema.fields().size() - 2; f++) {
      value.put("Extra" + f, "x" + i);
    }
    return value;
  }

  private static org.apache.avro.Schema avro(String name) {
    return org.apache.avro.SchemaBuilder.record(name).fields().requiredString("a").endRecord();
  }

  private static Record<Object> record(org.apache.avro.Schema schema) {
    GenericData.Record payload = new GenericData.Record(schema);
    payload.put("a", "x");
    return new Record<>() {
      @Override
      public io.apicurio.registry.resolver.data.Metadata metadata() {
        return null;
      }

      @Override
      public Object payload() {
        return payload;
      }
    };
  }

  private static SchemaParser<org.apache.avro.Schema, Object> countingParser(AtomicInteger count) {
    return new SchemaParser<>() {
      @Override
      public String artifactType() {
        return "AVRO";
      }

      @Override
      public org.apache.avro.Schema parseSchema(
          byte[] raw, Map<String, ParsedSchema<org.apache.avro.Schema>> references) {
        return new org.apache.avro.Schema.Parser().parse(new String(raw, StandardCharsets.UTF_8));
      }

      @Override
      public ParsedSchema<org.apache.avro.Schema> getSchemaFromData(Record<Object> data) {
        return getSchemaFromData(data, false);
      }

      @Override
      public ParsedSchema<org.apache.avro.Schema> getSchemaFromData(
          Record<Object> data, boolean dereference) {
        count.incrementAndGet();
        org.apache.avro.Schema schema = ((GenericData.Record) data.payload()).getSchema();
        return new ParsedSchemaImpl<org.apache.avro.Schema>()
            .setParsedSchema(schema)
            .setRawSchema(schema.toString().getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
