package io.ddbsync.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.model.InMemorySchemaHistory;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the source writes, the sink reads back: the envelope's two sides kept in step. */
class ChangeEnvelopeTest {
  private static final List<KeyAttribute> KEY =
      List.of(new KeyAttribute("OrderId", KeyAttribute.ScalarType.S));
  private static final Instant CREATED = Instant.parse("2026-12-01T10:15:30.123Z");
  private static final Instant GENERATION = Instant.parse("2026-11-30T08:00:00.456Z");

  private final TableEventModel model =
      new TableEventModel(
          "Orders", KEY, ModelSettings.defaults(), new InMemorySchemaHistory(), Clock.systemUTC());

  @Test
  void everyFieldOfTheSourceStructIsReadOrDeclaredForOthers() {
    Set<String> written = new HashSet<>();
    for (Field field : EnvelopeSchemas.sourceSchema("ddbsync").fields()) {
      written.add(field.name());
    }
    Set<String> known = new HashSet<>(ChangeEnvelope.SOURCE_FIELDS_READ);
    known.addAll(ChangeEnvelope.SOURCE_FIELDS_FOR_OTHERS);
    // A field added to the writer fails here until the reader reads it or says it need not.
    assertThat(known).isEqualTo(written);
  }

  @Test
  void debeziumsFormatAddsOnlyDebeziumsCommonSourceFields() {
    Set<String> written = new HashSet<>();
    for (Field field : EnvelopeSchemas.sourceSchema("ddbsync", EnvelopeFormat.DEBEZIUM).fields()) {
      written.add(field.name());
    }
    Set<String> known = new HashSet<>(ChangeEnvelope.SOURCE_FIELDS_READ);
    known.addAll(ChangeEnvelope.SOURCE_FIELDS_FOR_OTHERS);
    known.addAll(EnvelopeSchemas.DEBEZIUM_SOURCE_FIELDS);
    assertThat(written).isEqualTo(known);
  }

  @Test
  void everyChangeInDebeziumsFormatCarriesItsCodeAndReadsBackAsInOurs() {
    TableEventModel debezium =
        new TableEventModel(
            "Orders",
            KEY,
            new ModelSettings(
                "ddbsync",
                9,
                8,
                KeyNumberMapping.INT64,
                new ModelSettings.Envelope(EnvelopeFormat.DEBEZIUM, "orders-source", "eu-west-1")),
            new InMemorySchemaHistory(),
            Clock.systemUTC());
    Map<String, AttributeValue> keys = Map.of("OrderId", AttributeValue.fromS("o-9"));
    Map<String, AttributeValue> item = Map.of("OrderId", keys.get("OrderId"), "N", num("1.5"));
    Map<String, AttributeValue> changed = Map.of("OrderId", keys.get("OrderId"), "N", num("2"));
    SourceInfo stream =
        SourceInfo.stream("Orders", "arn", "shard-1", "4200", "e-1", CREATED, false)
            .withSnapshotStart(GENERATION);
    List<ChangeEvent> events =
        List.of(
            new ChangeEvent(
                Operation.READ,
                keys,
                item,
                null,
                SourceInfo.snapshot("Orders", 3, CREATED, GENERATION)),
            new ChangeEvent(Operation.INSERT, keys, item, null, stream),
            new ChangeEvent(Operation.MODIFY, keys, changed, item, stream),
            new ChangeEvent(Operation.REMOVE, keys, null, changed, stream));
    List<String> codes = new java.util.ArrayList<>();
    for (ChangeEvent event : events) {
      EncodedEvent theirs = debezium.encode(event);
      org.apache.kafka.connect.data.Struct value =
          (org.apache.kafka.connect.data.Struct) theirs.value();
      codes.add(value.getString(EnvelopeSchemas.OP));
      assertThat(theirs.valueSchema().name()).endsWith(".Envelope");
      org.apache.kafka.connect.data.Struct source = value.getStruct(EnvelopeSchemas.SOURCE);
      assertThat(source.getString(EnvelopeSchemas.DEBEZIUM_CONNECTOR)).isEqualTo("dynamodb");
      assertThat(source.getString(EnvelopeSchemas.DEBEZIUM_NAME)).isEqualTo("orders-source");
      assertThat(source.getString(EnvelopeSchemas.DEBEZIUM_DB)).isEqualTo("eu-west-1");
      assertThat(source.getString(EnvelopeSchemas.DEBEZIUM_VERSION)).isNotBlank();
      assertThat(source.getInt64(EnvelopeSchemas.DEBEZIUM_TS_MS)).isEqualTo(CREATED.toEpochMilli());
      assertThat(source.getString(EnvelopeSchemas.SOURCE_SNAPSHOT))
          .isEqualTo(event.operation() == Operation.READ ? "true" : "false");
      assertThat(source.getString(EnvelopeSchemas.DEBEZIUM_SEQUENCE))
          .isEqualTo(event.operation() == Operation.READ ? null : "4200");
      // The sink reads the same change from either format.
      assertThat(ChangeEnvelope.read(record(theirs)))
          .isEqualTo(ChangeEnvelope.read(record(model.encode(event))));
    }
    assertThat(codes).containsExactly("r", "c", "u", "d");
  }

  private static AttributeValue num(String n) {
    return AttributeValue.fromN(n);
  }

  @Test
  void aStreamedRemovalByTimeToLiveReadsBackWhatWasWritten() {
    SourceInfo source =
        SourceInfo.stream("Orders", "arn", "shard-1", "42", "e-1", CREATED, true)
            .withSnapshotStart(GENERATION);
    Map<String, AttributeValue> keys = Map.of("OrderId", AttributeValue.fromS("o-1"));
    EncodedEvent encoded =
        model.encode(new ChangeEvent(Operation.REMOVE, keys, null, keys, source));

    ChangeEnvelope.Change change = (ChangeEnvelope.Change) ChangeEnvelope.read(record(encoded));

    assertThat(change.operation()).isEqualTo(Operation.REMOVE);
    assertThat(change.table()).isEqualTo("Orders");
    assertThat(change.key().getString("OrderId")).isEqualTo("o-1");
    assertThat(change.after()).isNull();
    assertThat(change.ttlExpiry()).isTrue();
    assertThat(change.createdMicros()).isEqualTo(CREATED.toEpochMilli() * 1000);
    assertThat(change.generationMicros()).isEqualTo(GENERATION.toEpochMilli() * 1000);
    assertThat(change.tombstone()).isFalse();
  }

  @Test
  void aSnapshotReadAndTheEndOfASnapshotReadBack() {
    Map<String, AttributeValue> item =
        Map.of("OrderId", AttributeValue.fromS("o-2"), "Note", AttributeValue.fromS("n"));
    EncodedEvent read =
        model.encode(
            new ChangeEvent(
                Operation.READ,
                Map.of("OrderId", item.get("OrderId")),
                item,
                null,
                SourceInfo.snapshot("Orders", 3, CREATED, GENERATION)));
    ChangeEnvelope.Change change = (ChangeEnvelope.Change) ChangeEnvelope.read(record(read));
    assertThat(change.operation()).isEqualTo(Operation.READ);
    assertThat(change.after().getString("Note")).isEqualTo("n");
    assertThat(change.generationMicros()).isEqualTo(GENERATION.toEpochMilli() * 1000);

    EncodedEvent end =
        model.control(
            Operation.SNAPSHOT_COMPLETE, SourceInfo.snapshotComplete("Orders", GENERATION));
    SinkRecord announcement = new SinkRecord("t", 2, null, null, end.valueSchema(), end.value(), 9);
    announcement.headers().addInt(EnvelopeSchemas.SNAPSHOT_PARTITIONS_HEADER, 3);
    ChangeEnvelope.Change complete = (ChangeEnvelope.Change) ChangeEnvelope.read(announcement);
    assertThat(complete.operation()).isEqualTo(Operation.SNAPSHOT_COMPLETE);
    assertThat(complete.snapshotPartitions()).isEqualTo(3);
    assertThat(complete.generationMicros()).isEqualTo(GENERATION.toEpochMilli() * 1000);
  }

  @Test
  void aTombstoneOfADdbsyncKeyIsARemovalWithItsTtlHeaderAndOthersAreSkipped() {
    Map<String, AttributeValue> keys = Map.of("OrderId", AttributeValue.fromS("o-3"));
    EncodedEvent encoded =
        model.encode(
            new ChangeEvent(
                Operation.REMOVE,
                keys,
                null,
                keys,
                SourceInfo.stream("Orders", "arn", "s", "1", "e", CREATED, true)));
    SinkRecord tombstone =
        new SinkRecord("t", 0, encoded.keySchema(), encoded.key(), null, null, 5, 7L, null);
    tombstone.headers().addBoolean(EnvelopeSchemas.TTL_HEADER, true);

    ChangeEnvelope.Change change = (ChangeEnvelope.Change) ChangeEnvelope.read(tombstone);
    assertThat(change.tombstone()).isTrue();
    assertThat(change.operation()).isEqualTo(Operation.REMOVE);
    assertThat(change.ttlExpiry()).isTrue();
    assertThat(change.createdMicros()).isEqualTo(7000);

    assertThat(
            ChangeEnvelope.read(
                new SinkRecord(
                    "t",
                    0,
                    org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                    "k",
                    null,
                    null,
                    1)))
        .isEqualTo(
            new ChangeEnvelope.NotAnEvent("A tombstone of a key that is not a ddbsync key", true));
  }

  @Test
  void debeziumsOperationCodesReadAsOurOperations() {
    assertThat(Operation.fromOp("r")).isEqualTo(Operation.READ);
    assertThat(Operation.fromOp("c")).isEqualTo(Operation.INSERT);
    assertThat(Operation.fromOp("u")).isEqualTo(Operation.MODIFY);
    assertThat(Operation.fromOp("d")).isEqualTo(Operation.REMOVE);
    assertThat(Operation.fromOp("MODIFY")).isEqualTo(Operation.MODIFY);
    assertThat(Operation.fromOp("t")).isNull();
  }

  private static SinkRecord record(EncodedEvent encoded) {
    return new SinkRecord(
        "dynamodb.Orders",
        0,
        encoded.keySchema(),
        encoded.key(),
        encoded.valueSchema(),
        encoded.value(),
        1);
  }
}
