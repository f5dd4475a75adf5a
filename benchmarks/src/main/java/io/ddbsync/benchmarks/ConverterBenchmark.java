package io.ddbsync.benchmarks;

import io.apicurio.registry.utils.converter.AvroConverter;
import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.testing.ApicurioRegistry;
import io.ddbsync.testing.MotoServer;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.apache.kafka.connect.storage.Converter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Records per second on one thread through the converters a user can install, both ways, on the
 * connector's change events (realistic orders, one schema version): Connect's JsonConverter with
 * schemas, Apicurio's AvroConverter 2.6.13 against a real Apicurio Registry 2.6 (auto-register, its
 * default caching), and the AWS Glue Schema Registry converter 1.1.9 against moto's Glue API,
 * loaded from its shaded jar in a plugin class loader as a worker would. The registries are called
 * for the first record of a schema only; what is measured is each converter's own work.
 *
 * <p>Run after {@code mvn -B install -DskipTests}: {@code cd benchmarks && java -cp
 * "target/classes:target/lib/*" org.openjdk.jmh.Main ConverterBenchmark}; the Glue jar comes from
 * {@code target/glue-converter} (copied by the build).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ConverterBenchmark {
  private static final int RECORDS = 1024;
  private static final String TOPIC = "dynamodb.Orders";

  @Param({"json", "apicurio-2.6.13", "ddbsync-avro", "glue-1.1.9"})
  public String converter;

  private final List<SchemaAndValue> records = new ArrayList<>(RECORDS);
  private final List<byte[]> serialized = new ArrayList<>(RECORDS);
  private final List<Headers> headers = new ArrayList<>(RECORDS);
  private Converter values;
  private AutoCloseable service;
  private MotoServer moto;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    TableEventModel model = RealisticItems.ordersModel();
    List<Map<String, AttributeValue>> items = RealisticItems.generate(RECORDS, 42);
    // The schema of every item first, so that all records share the last version.
    for (Map<String, AttributeValue> item : items) {
      model.encode(event(item));
    }
    for (Map<String, AttributeValue> item : items) {
      EncodedEvent event = model.encode(event(item));
      records.add(new SchemaAndValue(event.valueSchema(), event.value()));
    }
    values = create();
    for (SchemaAndValue record : records) {
      Headers recordHeaders = new RecordHeaders();
      serialized.add(values.fromConnectData(TOPIC, recordHeaders, record.schema(), record.value()));
      headers.add(recordHeaders);
    }
    SchemaAndValue back = values.toConnectData(TOPIC, headers.get(0), serialized.get(0));
    if (!(back.value() instanceof Struct)) {
      throw new IllegalStateException(converter + " did not read its own record back");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (service != null) {
      service.close();
    }
    if (moto != null) {
      moto.stop();
    }
  }

  @Benchmark
  public byte[] serialize() {
    int i = next++ & (RECORDS - 1);
    SchemaAndValue record = records.get(i);
    return values.fromConnectData(TOPIC, new RecordHeaders(), record.schema(), record.value());
  }

  @Benchmark
  public SchemaAndValue deserialize() {
    int i = next++ & (RECORDS - 1);
    return values.toConnectData(TOPIC, headers.get(i), serialized.get(i));
  }

  private Converter create() throws Exception {
    switch (converter) {
      case "json" -> {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true"), false);
        return json;
      }
      case "apicurio-2.6.13", "ddbsync-avro" -> {
        if (System.getProperty("ddbsync.apicurio.registry") == null) {
          System.setProperty(
              "ddbsync.apicurio.registry",
              Paths.get("../e2e/target/apicurio-registry").toAbsolutePath().normalize().toString());
        }
        ApicurioRegistry registry = ApicurioRegistry.start();
        service = registry;
        // Ours is Apicurio's with a registration retry and each schema rendered once.
        AvroConverter<Object> avro =
            converter.equals("ddbsync-avro")
                ? new io.ddbsync.avro.AvroConverter()
                : new AvroConverter<>();
        avro.configure(
            Map.of(
                "apicurio.registry.url",
                registry.apiUrl(),
                "apicurio.registry.auto-register",
                "true"),
            false);
        return avro;
      }
      case "glue-1.1.9" -> {
        moto = MotoServer.start();
        createGlueRegistry(moto, "ddbsync");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        Path jar =
            Files.list(Paths.get("target/glue-converter"))
                .filter(p -> p.toString().endsWith(".jar"))
                .findFirst()
                .orElseThrow();
        PluginClassLoader loader =
            new PluginClassLoader(
                jar.toUri().toURL(), new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
        Converter glue =
            (Converter)
                loader
                    .loadClass(
                        "com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter")
                    .getDeclaredConstructor()
                    .newInstance();
        Map<String, Object> config = new HashMap<>();
        config.put("region", "us-east-1");
        config.put("endpoint", moto.endpoint().toString());
        config.put("registry.name", "ddbsync");
        config.put("schemaAutoRegistrationEnabled", "true");
        config.put("avroRecordType", "GENERIC_RECORD");
        config.put("compatibility", "NONE");
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
          glue.configure(config, false);
        } finally {
          current.setContextClassLoader(previous);
        }
        return glue;
      }
      default -> throw new IllegalArgumentException(converter);
    }
  }

  /** moto has no registry of its own: made with boto3, which moto's server ships with. */
  private static void createGlueRegistry(MotoServer moto, String name) throws Exception {
    Process python =
        new ProcessBuilder(
                "python3",
                "-c",
                "import boto3; boto3.client('glue', endpoint_url='"
                    + moto.endpoint()
                    + "', region_name='us-east-1', aws_access_key_id='test',"
                    + " aws_secret_access_key='test').create_registry(RegistryName='"
                    + name
                    + "')")
            .inheritIO()
            .start();
    if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
      python.destroyForcibly();
      throw new IllegalStateException("Could not create the Glue registry in moto");
    }
  }

  private static ChangeEvent event(Map<String, AttributeValue> item) {
    return new ChangeEvent(
        Operation.READ,
        Map.of("OrderId", item.get("OrderId")),
        item,
        null,
        SourceInfo.snapshot("Orders", 0, Instant.EPOCH));
  }
}
