package io.ddbsync.sink.task;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.testing.MutableClock;
import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.batch.BatchBuilder;
import io.ddbsync.sink.batch.EventRouter;
import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.fixtures.FakeLoader;
import io.ddbsync.sink.fixtures.RecordingContext;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.load.LoadResult;
import io.ddbsync.sink.load.Loader;
import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.settings.SinkEnums;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SinkWriterTest {
  private static final TopicPartition P0 = new TopicPartition("dynamodb.Orders", 0);
  private static final TopicPartition P1 = new TopicPartition("dynamodb.Orders", 1);

  private final SinkEvents events = SinkEvents.orders();
  private final FakeLoader loader = new FakeLoader();
  private final List<String> deadLetters = new ArrayList<>();
  private final RecordingContext context = new RecordingContext(java.util.Set.of(P0, P1));
  private final MutableClock clock = new MutableClock();

  @Test
  void aBatchKeepsOnlyTheLastChangeOfEachItemInKafkaOrder() {
    SinkWriter writer = writer(3);
    writer.put(List.of(order("o-1", 1, 0), order("o-2", 1, 1), order("o-1", 2, 2)));

    assertThat(loader.loaded)
        .singleElement()
        .satisfies(
            batch -> {
              assertThat(batch.rows().upserts().rows()).hasSize(2);
              assertThat(batch.rows().upserts().rows())
                  .extracting(r -> r[0])
                  .containsExactly("o-2", "o-1");
            });
  }

  @Test
  void offsetsAreOnlyCommittedForRecordsInCommittedLoads() {
    SinkWriter writer = writer(100);
    writer.put(List.of(order("o-1", 1, 10), order("o-2", 1, 11)));
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(10));

    clock.advance(Duration.ofMinutes(2));
    writer.put(List.of());
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(12));
  }

  /**
   * Connect calls put() only when its consumer poll returns, and a poll with nothing to fetch waits
   * until the worker's next offset commit (offset.flush.interval.ms: a minute on a stock worker).
   * Buffered records must not wait for that: the writer asks for the next call (context.timeout)
   * when their flush interval ends.
   */
  @Test
  void bufferedRecordsAskConnectToCallAgainWhenTheirFlushIntervalEnds() {
    SinkWriter writer = writer(100);
    context.timeout = -1;
    writer.put(List.of());
    assertThat(context.timeout).as("nothing buffered: Connect's own schedule").isEqualTo(-1);

    writer.put(List.of(order("o-1", 1, 10), order("o-2", 1, 11)));
    assertThat(context.timeout).isEqualTo(Duration.ofMinutes(1).toMillis());

    clock.advance(Duration.ofSeconds(45));
    writer.put(List.of());
    assertThat(context.timeout).isEqualTo(Duration.ofSeconds(15).toMillis());

    clock.advance(Duration.ofSeconds(15));
    context.timeout = -1;
    writer.put(List.of());
    assertThat(loader.loaded).as("loaded when due").hasSize(1);
    assertThat(context.timeout).as("nothing buffered any more").isEqualTo(-1);
  }

  @Test
  void aTransientFailureKeepsTheBatchFrozenRetriesItAndHoldsItsOffsets() {
    SinkWriter writer = writer(2);
    loader.failuresLeft = 2;
    assertThatThrownBy(() -> writer.put(List.of(order("o-1", 1, 0), order("o-2", 1, 1))))
        .isInstanceOf(RetriableException.class);
    assertThat(context.timeout).isPositive();
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(0));

    // The framework re-delivers the same records; they merge into the frozen batch's successor.
    assertThatThrownBy(() -> writer.put(List.of(order("o-1", 1, 0), order("o-2", 1, 1))))
        .isInstanceOf(RetriableException.class);
    writer.put(List.of(order("o-1", 1, 0), order("o-2", 1, 1)));

    assertThat(loader.attempts).hasSizeGreaterThanOrEqualTo(3);
    assertThat(loader.attempts.get(0).stageKey("p/"))
        .isEqualTo(loader.attempts.get(2).stageKey("p/"));
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(2));
  }

  @Test
  void afterTooManyRetriesTheTaskFailsWithTheBatchInTheMessage() {
    SinkWriter writer = writer(1);
    loader.failuresLeft = 100;
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> writer.put(List.of(order("o-1", 1, 5))))
          .isInstanceOf(RetriableException.class);
    }
    assertThatThrownBy(() -> writer.put(List.of(order("o-1", 1, 5))))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("dynamodb.Orders+0-5-5");
  }

  @Test
  void aSchemalessRecordStopsTheTaskNamingTheConverterSettingInsteadOfFillingTheQueue() {
    SinkWriter writer = writer(100);
    // What JsonConverter with schemas.enable=false makes of an envelope: a map, no schema.
    SinkRecord schemaless =
        new SinkRecord(
            "dynamodb.Orders",
            0,
            null,
            Map.of("OrderId", "o-1"),
            null,
            Map.of("op", "INSERT", "after", Map.of("OrderId", "o-1")),
            7);

    assertThatThrownBy(() -> writer.put(List.of(schemaless)))
        .isInstanceOf(io.ddbsync.sink.batch.SchemalessRecord.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("value.converter.schemas.enable=true")
        .hasMessageContaining("dynamodb.Orders");
    assertThat(deadLetters).isEmpty();
    assertThat(writer.preCommit(current())).doesNotContainKey(P0);
  }

  @Test
  void somethingThatIsNotAChangeEventGoesToTheDeadLetterQueueWithItsReason() {
    SinkWriter writer = writer(100);
    SinkRecord foreign =
        new SinkRecord(
            "dynamodb.Orders",
            0,
            null,
            null,
            org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
            "hello",
            7);
    writer.put(List.of(foreign));

    assertThat(deadLetters).singleElement().asString().contains("not a ddbsync change event");
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(8));
  }

  @Test
  void aTombstoneOfADdbsyncKeyRemovesThatKeySoDeletesSurviveCompaction() {
    SinkWriter writer = writer(1);
    // On a compacted topic the REMOVE before it may be gone: the tombstone alone must delete.
    writer.put(List.of(events.tombstone(item("OrderId", s("o-1")), 0, 3)));

    assertThat(loader.loaded)
        .singleElement()
        .satisfies(
            batch -> {
              assertThat(batch.rows().deletes().rows()).hasSize(1);
              assertThat(batch.rows().deletes().rows().get(0)[0]).isEqualTo("o-1");
              assertThat(batch.rows().upserts().rows()).isEmpty();
            });
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(4));
  }

  @Test
  void aTombstoneWhoseKeyIsNotADdbsyncKeyIsSkippedAndCountsAsProcessed() {
    SinkWriter writer = writer(1);
    writer.put(
        List.of(
            new SinkRecord(
                "dynamodb.Orders",
                0,
                org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                "o-1",
                null,
                null,
                3)));
    assertThat(loader.loaded).isEmpty();
    assertThat(deadLetters).isEmpty();
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(4));
  }

  @Test
  void revokedPartitionsAreDroppedAndAFrozenBatchRewindsThePartitionsKept() {
    SinkWriter writer = writer(10);
    loader.failuresLeft = 100;
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(order("o-" + i, 1, i % 2, 100 + i));
    }
    assertThatThrownBy(() -> writer.put(records)).isInstanceOf(RetriableException.class);
    // Newer records of the partition kept are buffered behind the frozen batch.
    List<SinkRecord> newer = new ArrayList<>();
    for (int offset = 200; offset <= 250; offset++) {
      newer.add(order("n-" + offset, 1, 0, offset));
    }
    assertThatThrownBy(() -> writer.put(newer)).isInstanceOf(RetriableException.class);

    writer.close(List.of(P1));
    assertThat(context.rewinds).containsEntry(P0, 100L);
    assertThat(writer.preCommit(Map.of(P0, new OffsetAndMetadata(0))))
        .containsEntry(P0, new OffsetAndMetadata(100));

    // Records polled before the seek takes effect still arrive, and load; nothing past the
    // rewind point may be committed until the rewound records come again.
    loader.failuresLeft = 0;
    List<SinkRecord> polledBeforeTheSeek = new ArrayList<>();
    for (int offset = 251; offset <= 260; offset++) {
      polledBeforeTheSeek.add(order("p-" + offset, 1, 0, offset));
    }
    writer.put(polledBeforeTheSeek);
    writer.flushDue(true);
    assertThat(writer.preCommit(Map.of(P0, new OffsetAndMetadata(0))))
        .containsEntry(P0, new OffsetAndMetadata(100));

    // The re-delivery from the rewind point: once it is loaded, the partition moves on.
    List<SinkRecord> again = new ArrayList<>();
    for (int i = 0; i < 10; i += 2) {
      again.add(order("o-" + i, 1, 0, 100 + i));
    }
    writer.put(again);
    assertThat(writer.preCommit(Map.of(P0, new OffsetAndMetadata(0))).get(P0).offset())
        .isLessThanOrEqualTo(100);
    writer.flushDue(true);
    assertThat(writer.preCommit(Map.of(P0, new OffsetAndMetadata(0))))
        .containsEntry(P0, new OffsetAndMetadata(261));
  }

  @Test
  void aRecordTheDeadLetterQueueTookIsNotReportedAgainWhenConnectDeliversItAgain() {
    SinkWriter writer = writer(1);
    loader.failuresLeft = 1;
    SinkRecord foreign =
        new SinkRecord(
            "dynamodb.Orders",
            0,
            null,
            null,
            org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
            "hello",
            7);
    SinkRecord overlong = overlongNote("o-2", 8);
    List<SinkRecord> records = List.of(foreign, order("o-1", 1, 0, 6), overlong);

    assertThatThrownBy(() -> writer.put(records)).isInstanceOf(RetriableException.class);
    // After a RetriableException the framework delivers the same records again.
    writer.put(records);
    writer.flushDue(true);

    assertThat(deadLetters).hasSize(2);
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(9));
  }

  @Test
  void twoDynamoDbTablesThatMapToOneTableStopOnlyTheSecondNamingBothAndTheOverrideToUse() {
    SinkWriter writer = writer(100);
    SinkEvents dashed =
        new SinkEvents(
            "user-events",
            List.of(
                new io.ddbsync.common.event.KeyAttribute(
                    "id", io.ddbsync.common.event.KeyAttribute.ScalarType.S)),
            "dynamodb.user-events");
    SinkEvents underscored =
        new SinkEvents(
            "user_events",
            List.of(
                new io.ddbsync.common.event.KeyAttribute(
                    "id", io.ddbsync.common.event.KeyAttribute.ScalarType.S)),
            "dynamodb.user_events");
    writer.put(List.of(dashed.upsert(item("id", s("u-1")), 0, 0)));

    TopicPartition second = new TopicPartition("dynamodb.user_events", 0);
    writer.put(
        List.of(
            underscored.upsert(item("id", s("u-1")), 0, 7),
            underscored.upsert(item("id", s("u-2")), 0, 8),
            order("o-1", 1, 0, 3)));

    // The second source's partition is paused and rewound to its first record, nothing of it is
    // committed, and the other tables go on.
    assertThat(writer.stopReasons())
        .singleElement()
        .asString()
        .contains("user-events", "user_events", "table.name.overrides");
    assertThat(context.paused).containsExactly(second);
    assertThat(context.rewinds).containsEntry(second, 7L);
    writer.flushDue(true);
    assertThat(loader.loaded)
        .extracting(batch -> batch.layout().name())
        .containsExactlyInAnyOrder("user_events", "orders");
    assertThat(loader.loaded)
        .filteredOn(batch -> batch.layout().name().equals("user_events"))
        .singleElement()
        .satisfies(batch -> assertThat(batch.sourceTopic()).isEqualTo("dynamodb.user-events"));
    // Never past the first record not loaded.
    assertThat(writer.preCommit(Map.of(second, new OffsetAndMetadata(0))).get(second).offset())
        .isEqualTo(7);
  }

  @Test
  void offsetsFollowTheOriginalTopicWhenATransformRenamedIt() {
    SinkWriter writer = writer(2);
    // What a RegexRouter does: the record's topic changes, its original coordinates stay.
    List<SinkRecord> renamed = new ArrayList<>();
    for (SinkRecord record : List.of(order("o-1", 1, 0, 40), order("o-2", 1, 0, 41))) {
      renamed.add(
          record.newRecord(
              "orders",
              record.kafkaPartition(),
              record.keySchema(),
              record.key(),
              record.valueSchema(),
              record.value(),
              record.timestamp()));
    }
    writer.put(renamed);

    assertThat(loader.loaded).hasSize(1);
    assertThat(loader.loaded.get(0).ranges()).containsOnlyKeys(P0);
    // The framework asks with the original partitions; they are what gets committed.
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(42));
  }

  @Test
  void theBufferCapLoadsTheLargestTableEarly() {
    SinkWriter writer =
        writer(
            loader,
            new SinkWriter.Limits(
                1_000_000, Long.MAX_VALUE, Duration.ofHours(1), 2_000, 3, Duration.ofMillis(10)),
            Runnable::run);
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(order("o-" + i, 1, 0, i));
    }
    writer.put(records);
    assertThat(loader.loaded).isNotEmpty();
  }

  @Test
  void whileABatchLoadsInTheBackgroundTheNextIsBufferedAndNoOffsetRunsAhead() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    GatedLoader blocking = new GatedLoader(release::await);
    java.util.concurrent.ExecutorService background =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    SinkWriter writer = backgroundWriter(blocking, background);

    writer.put(List.of(order("o-1", 1, 0), order("o-2", 1, 1)));
    blocking.started.await();
    // put() returned while the load runs, and takes the next records.
    writer.put(List.of(order("o-3", 1, 2)));
    assertThat(writer.preCommit(current()))
        .as("nothing of the running load is committable")
        .containsEntry(P0, new OffsetAndMetadata(0));

    release.countDown();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Map<TopicPartition, OffsetAndMetadata> committable = writer.preCommit(current());
    while (!committable.get(P0).equals(new OffsetAndMetadata(2)) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      committable = writer.preCommit(current());
    }
    assertThat(committable)
        .as("the loaded batch is committable, the buffered record is not")
        .containsEntry(P0, new OffsetAndMetadata(2));
    writer.stop();
    assertThat(background.isShutdown()).isTrue();
  }

  @Test
  void aTableThatFillsAgainWhileItsBatchLoadsWaitsAndLosesNothing() throws Exception {
    GatedLoader slow = new GatedLoader(() -> Thread.sleep(200));
    SinkWriter writer =
        backgroundWriter(slow, java.util.concurrent.Executors.newSingleThreadExecutor());

    writer.put(List.of(order("o-1", 1, 0), order("o-2", 1, 1)));
    slow.started.await();
    writer.put(List.of(order("o-3", 1, 2), order("o-4", 1, 3)));
    writer.flushDue(true);

    List<String> loadedKeys = new ArrayList<>();
    for (Batch batch : slow.loaded) {
      batch.changes().forEach(change -> loadedKeys.add(change.key().getString("OrderId")));
    }
    assertThat(loadedKeys).containsExactly("o-1", "o-2", "o-3", "o-4");
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(4));
    writer.stop();
  }

  @Test
  void theNextBatchIsBuiltAndOfferedForStagingWhileThePreviousLoadsAndItsRejectsAreReportedOnce()
      throws Exception {
    GatedLoader slow = new GatedLoader(() -> Thread.sleep(300));
    SinkWriter writer =
        backgroundWriter(slow, java.util.concurrent.Executors.newSingleThreadExecutor());

    writer.put(List.of(order("o-1", 1, 0), order("o-2", 1, 1)));
    slow.started.await();
    SinkRecord overlong = overlongNote("o-4", 3);
    writer.put(List.of(order("o-3", 1, 2), overlong));
    writer.flushDue(true);

    assertThat(slow.loaded).hasSize(2);
    // Built while o-1 and o-2 were still loading, and loaded as it was built.
    assertThat(slow.prestaged).singleElement().isSameAs(slow.loaded.get(1));
    assertThat(slow.loadedWhenPrestaged).containsExactly(0);
    assertThat(slow.loaded.get(1).rows().upserts().rows())
        .extracting(row -> row[0])
        .containsExactly("o-3");
    assertThat(deadLetters).singleElement().asString().contains("65535");
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(4));
    writer.stop();
  }

  @Test
  void aBatchBuiltEarlyAndForgottenWhenThePreviousLoadFailedReportsItsRejectsOnlyOnce()
      throws Exception {
    GatedLoader slow = new GatedLoader(() -> Thread.sleep(300));
    slow.failuresLeft = 1;
    SinkWriter writer =
        backgroundWriter(slow, java.util.concurrent.Executors.newSingleThreadExecutor());
    SinkRecord overlong = overlongNote("o-4", 3);

    writer.put(List.of(order("o-1", 1, 0), order("o-2", 1, 1)));
    slow.started.await();
    // The next batch is built while the first loads; the first load fails and put() says retry.
    assertThatThrownBy(() -> writer.put(List.of(order("o-3", 1, 2), overlong)))
        .isInstanceOf(RetriableException.class);
    // The framework delivers the same records again; the batch is built again.
    writer.put(List.of(order("o-3", 1, 2), overlong));
    writer.flushDue(true);

    assertThat(slow.prestaged).hasSize(2);
    assertThat(slow.loaded).hasSize(2);
    assertThat(deadLetters).hasSize(1);
    assertThat(writer.preCommit(current())).containsEntry(P0, new OffsetAndMetadata(4));
    writer.stop();
  }

  @Test
  void closingPartitionsWhileALoadHangsCutsItsConnectionWithinTheBoundAndCommitsNothing()
      throws Exception {
    // A load stuck on a connection the network dropped: only cutting the connection ends it.
    java.util.concurrent.CountDownLatch cut = new java.util.concurrent.CountDownLatch(1);
    FakeLoader hanging =
        new FakeLoader() {
          @Override
          public LoadResult load(Batch batch) throws SQLException {
            try {
              cut.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new SQLException("An I/O error occurred while sending to the backend", "08006");
          }

          @Override
          public void reset() {
            super.reset();
            cut.countDown();
          }
        };
    java.util.concurrent.ExecutorService loads =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    SinkWriter writer =
        writer(
            hanging,
            new SinkWriter.Limits(
                2,
                Long.MAX_VALUE,
                Duration.ofMinutes(1),
                Long.MAX_VALUE,
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(300)),
            loads);
    writer.put(List.of(order("o-1", 1, 0), order("o-2", 1, 1)));

    long start = System.nanoTime();
    writer.close(List.of(P0));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(tookMillis).isLessThan(3_000);
    assertThat(hanging.resets).isPositive();
    assertThat(hanging.loaded).isEmpty();
    writer.stop();
    loads.shutdownNow();
  }

  /** A writer that loads in the background and flushes a table every two records. */
  private SinkWriter backgroundWriter(Loader loader, java.util.concurrent.Executor loads) {
    return writer(
        loader,
        new SinkWriter.Limits(
            2, Long.MAX_VALUE, Duration.ofMinutes(1), Long.MAX_VALUE, 3, Duration.ofMillis(10)),
        loads);
  }

  /** Something a load waits for: a latch, or just time. */
  @FunctionalInterface
  private interface Gate {
    void pass() throws InterruptedException;
  }

  /** Signals when a load starts, then holds it at {@code gate} before loading as usual. */
  private static final class GatedLoader extends FakeLoader {
    final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    private final Gate gate;

    GatedLoader(Gate gate) {
      this.gate = gate;
    }

    @Override
    public LoadResult load(Batch batch) throws SQLException {
      started.countDown();
      try {
        gate.pass();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return super.load(batch);
    }
  }

  private SinkWriter writer(int maxRecords) {
    return writer(
        loader,
        new SinkWriter.Limits(
            maxRecords,
            Long.MAX_VALUE,
            Duration.ofMinutes(1),
            Long.MAX_VALUE,
            3,
            Duration.ofMillis(10)),
        Runnable::run);
  }

  private SinkWriter writer(
      Loader loader, SinkWriter.Limits limits, java.util.concurrent.Executor loads) {
    return new SinkWriter(
        new BatchBuilder(new EventRouter(naming()), flatten(), PostgresDialect.LIMITS),
        loader,
        new ErrantRecords(reporter()),
        context,
        limits,
        clock,
        new SinkMetrics(),
        loads);
  }

  private ErrantRecordReporter reporter() {
    return (record, error) -> {
      deadLetters.add(error.getMessage());
      return CompletableFuture.completedFuture(null);
    };
  }

  private static TableNaming naming() {
    return new TableNaming("${table}", "${parent_singular}_${attribute}", Map.of(), Map.of());
  }

  private static FlattenSettings flatten() {
    return new FlattenSettings(
        naming(),
        3,
        SinkEnums.ListsMode.SUPER,
        List.of(),
        SinkEnums.OverflowPolicy.DLQ,
        SinkEnums.DeleteMode.HARD);
  }

  /** A change whose note is longer than a VARCHAR can hold: dead-lettered under policy DLQ. */
  private SinkRecord overlongNote(String id, long offset) {
    return events.upsert(item("OrderId", s(id), "note", s("x".repeat(70_000))), 0, offset);
  }

  private SinkRecord order(String id, int version, long offset) {
    return order(id, version, 0, offset);
  }

  private SinkRecord order(String id, int version, int partition, long offset) {
    return events.upsert(
        item("OrderId", s(id), "version", n(Integer.toString(version))), partition, offset);
  }

  private static Map<TopicPartition, OffsetAndMetadata> current() {
    return Map.of(P0, new OffsetAndMetadata(0));
  }
}
