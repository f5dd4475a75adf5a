package io.ddbsync.common.testing;

import io.apicurio.registry.utils.converter.AvroConverter;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.SchemaHistory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Shared set-up for model tests: models, events, converters and Avro legality checks. */
public final class ModelHarness {
  public static final Clock FIXED_CLOCK =
      Clock.fixed(Instant.parse("2024-06-15T10:00:00Z"), ZoneOffset.UTC);

  private final AvroData avroData = new AvroData(1000);
  private final AvroConverter<Object> avroValues = new AvroConverter<>();
  private final AvroConverter<Object> avroKeys = new AvroConverter<>();
  private final JsonConverter jsonValues = new JsonConverter();

  public ModelHarness() {
    avroValues.configure(InMemoryAvroRegistry.converterConfig(), false);
    avroKeys.configure(InMemoryAvroRegistry.converterConfig(), true);
    Map<String, Object> json = new HashMap<>();
    json.put("schemas.enable", true);
    json.put("schemas.cache.size", 1000);
    jsonValues.configure(json, false);
  }

  public static TableEventModel model(
      String table, List<KeyAttribute> key, ModelSettings settings, SchemaHistory history) {
    return new TableEventModel(table, key, settings, history, FIXED_CLOCK);
  }

  public static ChangeEvent read(
      String table, Map<String, AttributeValue> keys, Map<String, AttributeValue> item) {
    return new ChangeEvent(
        Operation.READ, keys, item, null, SourceInfo.snapshot(table, 0, FIXED_CLOCK.instant()));
  }

  /** Converts with Apicurio's AvroData and parses the result with Avro's own parser. */
  public org.apache.avro.Schema avroLegal(Schema connectSchema) {
    org.apache.avro.Schema avro = avroData.fromConnectSchema(connectSchema);
    return new org.apache.avro.Schema.Parser().parse(avro.toString());
  }

  /** Serializes with Apicurio's AvroConverter (and the in-memory registry) and reads back. */
  public SchemaAndValue throughAvro(String topic, Schema schema, Object value, boolean isKey) {
    AvroConverter<Object> converter = isKey ? avroKeys : avroValues;
    RecordHeaders headers = new RecordHeaders();
    byte[] bytes = converter.fromConnectData(topic, headers, schema, value);
    return converter.toConnectData(topic, headers, bytes);
  }

  public SchemaAndValue throughJson(String topic, Schema schema, Object value) {
    byte[] bytes = jsonValues.fromConnectData(topic, schema, value);
    return jsonValues.toConnectData(topic, bytes);
  }
}
