package io.ddbsync.common.testing;

import io.apicurio.registry.resolver.ParsedSchema;
import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.resolver.SchemaResolver;
import io.apicurio.registry.resolver.data.Record;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.resolver.strategy.ArtifactReferenceResolverStrategy;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.serde.strategy.TopicIdStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-memory schema registry for Apicurio's real {@code AvroConverter}: plugged in with {@code
 * apicurio.registry.schema-resolver}, shared by every converter in the JVM. Like a registry in FULL
 * compatibility mode it rejects a new version of an artifact (a subject, {@code <topic>-value})
 * that cannot read the previous versions' data or be read by them, so a test fails exactly where a
 * real registry would refuse the connector's schema.
 */
public final class InMemoryAvroRegistry implements SchemaResolver<Object, Object> {
  private static final AtomicLong NEXT_ID = new AtomicLong(1);
  private static final Map<String, Long> ID_BY_CONTENT = new HashMap<>();
  private static final Map<Long, ParsedSchema<Object>> SCHEMA_BY_ID = new HashMap<>();
  private static final Map<String, List<Schema>> VERSIONS_BY_ARTIFACT = new HashMap<>();
  // Like a real client's cache: the converter hands the same Avro schema object for the same
  // Connect schema, so identity lookups spare printing the schema for every record.
  private static final Map<String, Map<Object, Long>> ID_BY_SCHEMA_OBJECT = new HashMap<>();

  private SchemaParser<Object, Object> parser;
  // The converter does not hand custom resolvers a strategy; use Apicurio's default subject naming.
  private ArtifactReferenceResolverStrategy<Object, Object> strategy = new TopicIdStrategy<>();

  /** Converter settings that route Apicurio's AvroConverter to this registry. */
  public static Map<String, Object> converterConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("apicurio.registry.schema-resolver", InMemoryAvroRegistry.class.getName());
    config.put("apicurio.registry.url", "http://registry.invalid");
    config.put("apicurio.registry.auto-register", true);
    return config;
  }

  /** All versions registered for an artifact, oldest first. */
  public static synchronized List<Schema> versions(String artifactId) {
    return List.copyOf(VERSIONS_BY_ARTIFACT.getOrDefault(artifactId, List.of()));
  }

  @Override
  public void configure(Map<String, ?> configs, SchemaParser<Object, Object> schemaParser) {
    this.parser = schemaParser;
  }

  @Override
  public void setClient(RegistryClient client) {}

  @Override
  public void setArtifactResolverStrategy(
      ArtifactReferenceResolverStrategy<Object, Object> artifactResolverStrategy) {
    if (artifactResolverStrategy != null) {
      this.strategy = artifactResolverStrategy;
    }
  }

  @Override
  public SchemaParser<Object, Object> getSchemaParser() {
    return parser;
  }

  @Override
  public SchemaLookupResult<Object> resolveSchema(Record<Object> data) {
    ParsedSchema<Object> parsed = parser.getSchemaFromData(data);
    ArtifactReference reference = strategy.artifactReference(data, parsed);
    long id = register(reference.getArtifactId(), parsed);
    return SchemaLookupResult.builder()
        .parsedSchema(parsed)
        .globalId(id)
        .contentId(id)
        .groupId(reference.getGroupId())
        .artifactId(reference.getArtifactId())
        .version(Long.toString(id))
        .build();
  }

  @Override
  public synchronized SchemaLookupResult<Object> resolveSchemaByArtifactReference(
      ArtifactReference reference) {
    Long id = reference.getGlobalId() != null ? reference.getGlobalId() : reference.getContentId();
    ParsedSchema<Object> parsed = SCHEMA_BY_ID.get(id);
    if (parsed == null) {
      throw new IllegalStateException("No schema with id " + id);
    }
    return SchemaLookupResult.builder().parsedSchema(parsed).globalId(id).contentId(id).build();
  }

  @Override
  public void reset() {}

  @Override
  public void close() {}

  private static synchronized long register(String artifactId, ParsedSchema<Object> parsed) {
    Map<Object, Long> byObject =
        ID_BY_SCHEMA_OBJECT.computeIfAbsent(artifactId, a -> new IdentityHashMap<>());
    Long seen = byObject.get(parsed.getParsedSchema());
    if (seen != null) {
      return seen;
    }
    long id = registerContent(artifactId, parsed);
    byObject.put(parsed.getParsedSchema(), id);
    return id;
  }

  private static long registerContent(String artifactId, ParsedSchema<Object> parsed) {
    // The raw schema leaves nested named records out as references; key on the full schema.
    String content = artifactId + "\n" + parsed.getParsedSchema();
    Long known = ID_BY_CONTENT.get(content);
    if (known != null) {
      return known;
    }
    Schema candidate = (Schema) parsed.getParsedSchema();
    List<Schema> versions =
        VERSIONS_BY_ARTIFACT.computeIfAbsent(artifactId, a -> new ArrayList<>());
    for (Schema previous : versions) {
      requireCompatible(artifactId, candidate, previous);
      requireCompatible(artifactId, previous, candidate);
    }
    versions.add(candidate);
    long id = NEXT_ID.getAndIncrement();
    ID_BY_CONTENT.put(content, id);
    SCHEMA_BY_ID.put(id, parsed);
    return id;
  }

  private static void requireCompatible(String artifactId, Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new IllegalStateException(
          "Registry (FULL) rejects a new version of "
              + artifactId
              + ": "
              + result.getResult().getIncompatibilities());
    }
  }
}
