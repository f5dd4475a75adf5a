package io.ddbsync.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.data.Metadata;
import io.apicurio.registry.resolver.data.Record;
import io.apicurio.registry.serde.data.KafkaSerdeMetadata;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class CachingSchemaResolverTest {
  /** Counts what reaches Apicurio's resolver, and answers with a new result each time. */
  private static final class Counting extends CachingSchemaResolver {
    final List<String> lookups = new ArrayList<>();

    @Override
    SchemaLookupResult<Schema> lookUp(Record<Object> data) {
      KafkaSerdeMetadata metadata = (KafkaSerdeMetadata) data.metadata();
      lookups.add(metadata.getTopic() + (metadata.isKey() ? "/key" : "/value"));
      return SchemaLookupResult.<Schema>builder().globalId((long) lookups.size()).build();
    }
  }

  private final Counting resolver = new Counting();

  @Test
  void aSchemaInstanceOnATopicSideIsResolvedOnce() {
    Schema schema = schema("Orders");
    long first = resolver.resolveSchema(record(schema, "dynamodb.Orders", false)).getGlobalId();
    for (int i = 0; i < 10; i++) {
      assertThat(resolver.resolveSchema(record(schema, "dynamodb.Orders", false)).getGlobalId())
          .isEqualTo(first);
    }
    assertThat(resolver.lookups).containsExactly("dynamodb.Orders/value");
  }

  @Test
  void anotherTopicTheKeySideOrAnEqualButDistinctInstanceIsResolvedAgain() {
    Schema schema = schema("Orders");
    resolver.resolveSchema(record(schema, "dynamodb.Orders", false));
    resolver.resolveSchema(record(schema, "dynamodb.Orders", true));
    resolver.resolveSchema(record(schema, "dynamodb.Other", false));
    resolver.resolveSchema(record(schema("Orders"), "dynamodb.Orders", false));
    assertThat(resolver.lookups)
        .containsExactly(
            "dynamodb.Orders/value",
            "dynamodb.Orders/key",
            "dynamodb.Other/value",
            "dynamodb.Orders/value");
  }

  @Test
  void keepsTheLastSchemasOnly() {
    for (int i = 0; i < CachingSchemaResolver.CAPACITY + 5; i++) {
      resolver.resolveSchema(record(schema("R" + i), "t", false));
    }
    assertThat(resolver.size()).isEqualTo(CachingSchemaResolver.CAPACITY);
  }

  private static Schema schema(String name) {
    return SchemaBuilder.record(name).fields().requiredString("id").endRecord();
  }

  private static Record<Object> record(Schema schema, String topic, boolean isKey) {
    GenericData.Record payload = new GenericData.Record(schema);
    payload.put("id", "x");
    KafkaSerdeMetadata metadata = new KafkaSerdeMetadata(topic, isKey, null);
    return new Record<>() {
      @Override
      public Metadata metadata() {
        return metadata;
      }

      @Override
      public Object payload() {
        return payload;
      }
    };
  }
}
