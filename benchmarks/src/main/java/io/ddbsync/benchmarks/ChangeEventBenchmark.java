package io.ddbsync.benchmarks;

import io.apicurio.registry.utils.converter.AvroConverter;
import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.json.DynamoJson;
import io.ddbsync.common.model.AssignmentFinder;
import io.ddbsync.common.model.KindRules;
import io.ddbsync.common.model.TableLineage;
import io.ddbsync.common.testing.InMemoryAvroRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.json.JsonConverter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items per second on one thread: DynamoDB items to typed Connect records, and on to Avro
 * (Apicurio's converter) and JSON bytes; the cost of checking an item against the schema
 * (inference); and, as the baseline in the same run, what other connectors ship: the item as one
 * DynamoDB-JSON string.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ChangeEventBenchmark {
  private static final int ITEMS = 4096;

  private List<Map<String, AttributeValue>> items;
  private TableEventModel model;
  private AvroConverter<Object> avro;
  private JsonConverter json;
  private AssignmentFinder finder;
  private TableLineage complete;
  private Instant now;
  private int next;

  @Setup
  public void setUp() {
    items = RealisticItems.generate(ITEMS, 42);
    model = RealisticItems.ordersModel();
    for (Map<String, AttributeValue> item : items) {
      model.encode(event(item));
    }
    avro = new AvroConverter<>();
    avro.configure(InMemoryAvroRegistry.converterConfig(), false);
    json = new JsonConverter();
    json.configure(Map.of("schemas.enable", "true"), false);
    finder =
        new AssignmentFinder(
            new KindRules(ModelSettings.DEFAULT_DECIMAL_SCALE, ModelSettings.DEFAULT_MAX_DEPTH));
    complete = new TableLineage();
    for (Map<String, AttributeValue> item : items) {
      complete.applyAll(finder.missing(complete, item));
    }
    now = Instant.now();
  }

  private ChangeEvent event(Map<String, AttributeValue> item) {
    return new ChangeEvent(
        Operation.READ,
        Map.of("OrderId", item.get("OrderId")),
        item,
        null,
        SourceInfo.snapshot("Orders", 0, now));
  }

  private Map<String, AttributeValue> nextItem() {
    return items.get(next++ & (ITEMS - 1));
  }

  /** The baseline: the item as a DynamoDB-JSON string, untyped. */
  @Benchmark
  public byte[] baselineDynamoJsonString() {
    return DynamoJson.writeItem(nextItem()).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public EncodedEvent toConnectRecord() {
    return model.encode(event(nextItem()));
  }

  @Benchmark
  public byte[] toAvroBytes() {
    EncodedEvent event = model.encode(event(nextItem()));
    return avro.fromConnectData("orders", new RecordHeaders(), event.valueSchema(), event.value());
  }

  @Benchmark
  public byte[] toJsonBytes() {
    EncodedEvent event = model.encode(event(nextItem()));
    return json.fromConnectData("orders", event.valueSchema(), event.value());
  }

  /** Schema inference in the steady state: every value checked against the known fields. */
  @Benchmark
  public Object inferenceCheckAgainstKnownSchema() {
    return finder.missing(complete, nextItem());
  }

  /** Schema inference for a table's first item: every field is new. */
  @Benchmark
  public Object inferenceFromScratch() {
    return finder.missing(new TableLineage(), nextItem());
  }
}
