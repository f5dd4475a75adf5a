package io.ddbsync.sink.batch;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.s;
import static io.ddbsync.sink.fixtures.Batches.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.SinkEvents;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {
  private static final TopicPartition P0 = new TopicPartition("dynamodb.Orders", 0);
  private static final TopicPartition P1 = new TopicPartition("dynamodb.Orders", 1);

  private final SinkEvents events = SinkEvents.orders();
  private final BatchBuilder builder = Batches.builder();

  @Test
  void eachKeyKeepsItsNewestChangeAndTheBatchCoversEveryOffsetReceived() {
    builder.add(order(events, "o-1", 0, 10), 0);
    builder.add(order(events, "o-2", 1, 4), 0);
    builder.add(order(events, "o-1", 0, 12), 0);

    TableBuffer buffer = builder.take("orders");
    assertThat(buffer.received()).isEqualTo(3);
    assertThat(buffer.size()).isEqualTo(2);
    BatchBuilder.Built built = builder.build(buffer);
    assertThat(built.batch().changes())
        .as("Kafka order: topic, then partition, then offset")
        .extracting(change -> change.record().kafkaOffset())
        .containsExactly(12L, 4L);
    assertThat(built.batch().ranges())
        .containsEntry(P0, new OffsetRange(10, 12))
        .containsEntry(P1, OffsetRange.of(4));
    assertThat(built.rejected()).isEmpty();
  }

  @Test
  void theEndOfASnapshotIsAnnouncedPerPartitionAloneOrWithChangesAndItsOffsetIsCovered() {
    java.time.Instant start = java.time.Instant.parse("2026-11-20T08:30:00Z");
    long micros = start.toEpochMilli() * 1000;
    assertThat(builder.add(events.snapshotComplete(start, 0, 5, 2), 0))
        .isInstanceOf(EventRouter.Complete.class);

    TableBuffer alone = builder.take("orders");
    assertThat(alone.isEmpty()).isFalse();
    Batch completes = builder.build(alone).batch();
    assertThat(completes.completesOnly()).isTrue();
    assertThat(completes.snapshotEnds()).containsExactly(new SnapshotEnd(micros, 0, 2));
    assertThat(completes.ranges()).containsEntry(P0, OffsetRange.of(5));

    // A streamed change of the generation announces nothing: only the partition's end record can
    // say that every row of the snapshot on it came before.
    events.generation(start);
    builder.add(events.read(item("OrderId", s("o-1")), 0, 6), 0);
    builder.add(events.upsert(item("OrderId", s("o-2")), 1, 3), 0);
    builder.add(events.snapshotComplete(start, 1, 4, 2), 0);
    Batch batch = builder.build(builder.take("orders")).batch();
    assertThat(batch.snapshotEnds()).containsExactly(new SnapshotEnd(micros, 1, 2));
    assertThat(batch.changes())
        .allSatisfy(change -> assertThat(change.snapshotStartMicros()).isEqualTo(micros));
  }

  @Test
  void aRevokedPartitionTakesTheNewsOfACompletedSnapshotWithIt() {
    java.time.Instant start = java.time.Instant.parse("2026-11-20T08:30:00Z");
    builder.add(events.snapshotComplete(start, 1, 9), 0);
    builder.add(order(events, "o-1", 0, 10), 0);

    builder.removePartitions(Set.of(P1));

    assertThat(builder.build(builder.take("orders")).batch().snapshotEnds()).isEmpty();
  }

  @Test
  void aSecondSourceOfATableInTheSameTaskIsTurnedAwayNamingBothTopicsAndTheSetting() {
    SinkEvents us = SinkEvents.orders("us.Orders");
    SinkEvents eu = SinkEvents.orders("eu.Orders");
    assertThat(builder.add(order(us, "o-1", 0, 1), 0)).isInstanceOf(EventRouter.Buffer.class);

    EventRouter.Route second = builder.add(order(eu, "o-1", 0, 1), 0);

    assertThat(second).isInstanceOf(EventRouter.Collide.class);
    assertThat(((EventRouter.Collide) second).reason())
        .contains("us.Orders", "eu.Orders", "table.name.format=${topic}");
    assertThat(builder.buffer("orders").size()).isEqualTo(1);
  }

  @Test
  void aRecordThatIsNotAChangeEventIsRefusedAndBufferedNowhere() {
    SinkRecord foreign =
        new SinkRecord("dynamodb.Orders", 0, null, null, Schema.STRING_SCHEMA, "hello", 7);

    assertThat(builder.add(foreign, 0)).isInstanceOf(EventRouter.Refuse.class);
    assertThat(builder.isEmpty()).isTrue();
  }

  @Test
  void aRemoveBecomesADeleteRowAndAValueThatCannotBeStoredIsRejectedWithAReason() {
    builder.add(events.remove(item("OrderId", s("o-1")), 0, 0), 0);
    builder.add(events.upsert(item("OrderId", s("o-2"), "huge", s("x".repeat(70_000))), 0, 1), 0);

    BatchBuilder.Built built = builder.build(builder.take("orders"));
    assertThat(built.batch().rows().deletes().rows()).hasSize(1);
    assertThat(built.batch().rows().upserts().rows()).isEmpty();
    assertThat(built.rejected())
        .singleElement()
        .satisfies(rejected -> assertThat(rejected.reason()).contains("65535"));
  }

  @Test
  void revokedPartitionsLeaveTheBufferAndEmptyBuffersGo() {
    builder.add(order(events, "o-1", 0, 0), 0);
    builder.add(order(events, "o-2", 1, 0), 0);

    builder.removePartitions(Set.of(P1));
    assertThat(builder.buffer("orders").ranges()).containsOnlyKeys(P0);
    builder.removePartitions(Set.of(P0));
    assertThat(builder.isEmpty()).isTrue();
    assertThat(builder.bufferedBytes()).isZero();
  }

  @Test
  void aBatchRebuiltWithoutSomeChangesKeepsItsOffsetsAndSoItsFileNames() {
    builder.add(order(events, "o-1", 0, 5), 0);
    builder.add(order(events, "o-2", 0, 6), 0);
    Batch batch = builder.build(builder.take("orders")).batch();

    Batch rebuilt = builder.rebuild(batch, List.of(batch.changes().get(1)));
    assertThat(rebuilt.rows().upserts().rows()).extracting(row -> row[0]).containsExactly("o-2");
    assertThat(rebuilt.stageKey("p/")).isEqualTo(batch.stageKey("p/"));
  }
}
