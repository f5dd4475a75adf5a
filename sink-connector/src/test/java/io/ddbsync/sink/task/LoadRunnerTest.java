package io.ddbsync.sink.task;

import static io.ddbsync.sink.fixtures.Batches.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.testing.MutableClock;
import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.batch.BatchBuilder;
import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.FakeLoader;
import io.ddbsync.sink.fixtures.RecordingContext;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.load.LoadFailure;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {
  private static final TopicPartition P0 = new TopicPartition("dynamodb.Orders", 0);
  private static final TopicPartition P1 = new TopicPartition("dynamodb.Orders", 1);

  private final SinkEvents events = SinkEvents.orders();
  private final FakeLoader loader = new FakeLoader();
  private final RecordingContext context = new RecordingContext(Set.of(P0, P1));
  private final SinkMetrics metrics = new SinkMetrics();
  private final List<SinkRecord> refused = new ArrayList<>();
  private final LoadRunner runner =
      new LoadRunner(
          loader,
          Runnable::run,
          context,
          3,
          Duration.ofMillis(100),
          new MutableClock(),
          metrics,
          repair());

  @Test
  void aLoadedBatchLeavesTheFrozenBatchesAndIsCounted() {
    runner.freezeAndStart("orders", Batches.of(order(events, "o-1", 0, 0)));

    assertThat(runner.hasFrozen("orders")).isFalse();
    assertThat(runner.pendingFirst()).isEmpty();
    assertThat(metrics.batches()).isEqualTo(1);
    assertThat(metrics.rowsMerged()).isEqualTo(1);
  }

  @Test
  void aTransientFailureKeepsTheBatchFrozenAndAsksForARetryAfterAGrowingBackoff() {
    loader.failuresLeft = 2;
    Batch batch = Batches.of(order(events, "o-1", 0, 7));

    assertThatThrownBy(() -> runner.freezeAndStart("orders", batch))
        .isInstanceOf(RetriableException.class);
    assertThat(context.timeout).isEqualTo(100);
    assertThat(runner.pendingFirst()).containsEntry(P0, 7L);
    assertThatThrownBy(runner::retryFrozen).isInstanceOf(RetriableException.class);
    assertThat(context.timeout).isEqualTo(200);
    assertThat(loader.resets).isEqualTo(2);

    runner.retryFrozen();
    assertThat(runner.hasFrozen("orders")).isFalse();
    assertThat(loader.loaded).containsExactly(batch);
    assertThat(metrics.failedLoads()).isEqualTo(2);
  }

  @Test
  void aFailureNoRetryCanCureFailsTheTaskNamingTheBatch() {
    loader.nextFailure = new SQLException("permission denied for schema public", "42501");

    assertThatThrownBy(
            () -> runner.freezeAndStart("orders", Batches.of(order(events, "o-1", 0, 3))))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("dynamodb.Orders+0-3-3")
        .hasMessageContaining("permission denied");
  }

  @Test
  void rowsTheWarehouseRefusedAreTakenOutAndTheRestLoadsAtOnce() {
    SinkRecord good = order(events, "o-1", 0, 0);
    SinkRecord bad = order(events, "o-2", 0, 1);
    loader.nextFailure =
        new LoadFailure(
            "Load into orders failed",
            new SQLException("Load failed", "XX000"),
            List.of(),
            List.of(bad));

    runner.freezeAndStart("orders", Batches.of(good, bad));

    assertThat(refused).containsExactly(bad);
    assertThat(loader.loaded)
        .singleElement()
        .satisfies(
            batch ->
                assertThat(batch.rows().upserts().rows())
                    .extracting(r -> r[0])
                    .containsExactly("o-1"));
    assertThat(runner.hasFrozen("orders")).isFalse();
  }

  @Test
  void aValueRefusedWithoutItsRowIsFoundByLoadingHalvesAndCostsOnlyItsRecord() {
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      records.add(order(events, "o-" + i, 0, 20 + i));
    }
    SinkRecord bad = records.get(7);
    List<Batch> failed = new ArrayList<>();
    // Redshift's Parquet COPY: a Spectrum Scan Error about the value, no row named.
    FakeLoader spectrum =
        new FakeLoader() {
          @Override
          public io.ddbsync.sink.load.LoadResult load(Batch batch) throws SQLException {
            if (batch.changes().stream().anyMatch(change -> change.record() == bad)) {
              failed.add(batch);
              throw spectrumScanError();
            }
            return super.load(batch);
          }
        };
    LoadRunner halving = runner(spectrum);

    halving.freezeAndStart("orders", Batches.of(records.toArray(SinkRecord[]::new)));

    assertThat(refused).containsExactly(bad);
    assertThat(spectrum.loaded)
        .flatExtracting(batch -> batch.rows().upserts().rows())
        .extracting(row -> row[0])
        .containsExactlyInAnyOrder(
            "o-0", "o-1", "o-2", "o-3", "o-4", "o-5", "o-6", "o-8", "o-9", "o-10");
    assertThat(halving.hasFrozen("orders")).isFalse();
    assertThat(halving.pendingFirst()).isEmpty();
    // One failed load per halving: the whole batch, then halves of 6, 3, 2 and 1.
    assertThat(failed).hasSizeLessThanOrEqualTo(5);
  }

  @Test
  void whileHalvesLoadNoOffsetOfTheBatchIsCommittable() {
    SinkRecord first = order(events, "o-1", 0, 40);
    SinkRecord bad = order(events, "o-2", 0, 41);
    FakeLoader spectrum =
        new FakeLoader() {
          @Override
          public io.ddbsync.sink.load.LoadResult load(Batch batch) throws SQLException {
            if (batch.changes().stream().anyMatch(change -> change.record() == bad)) {
              throw spectrumScanError();
            }
            return super.load(batch);
          }
        };
    java.util.List<Runnable> queued = new ArrayList<>();
    LoadRunner halving = runner(spectrum, queued::add);

    halving.freezeAndStart("orders", Batches.of(first, bad));
    queued.remove(0).run(); // the whole batch fails
    halving.handleFinished();
    assertThat(halving.pendingFirst()).containsEntry(P0, 40L);
    queued.remove(0).run(); // the first half loads
    halving.handleFinished();
    assertThat(halving.pendingFirst()).as("the second half waits").containsEntry(P0, 40L);
    while (!queued.isEmpty()) {
      queued.remove(0).run();
      halving.handleFinished();
    }
    assertThat(halving.pendingFirst()).isEmpty();
    assertThat(refused).containsExactly(bad);
  }

  @Test
  void aDatabaseThatRefusesEveryRowStopsTheTaskInsteadOfDeadLetteringThemAll() {
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(order(events, "o-" + i, 0, i));
    }
    FakeLoader refusesAll =
        new FakeLoader() {
          @Override
          public io.ddbsync.sink.load.LoadResult load(Batch batch) throws SQLException {
            if (batch.changes().isEmpty()) {
              return super.load(batch);
            }
            throw spectrumScanError();
          }
        };

    assertThatThrownBy(
            () ->
                runner(refusesAll)
                    .freezeAndStart("orders", Batches.of(records.toArray(SinkRecord[]::new))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("keeps refusing");
    assertThat(refused).hasSizeLessThanOrEqualTo(LoadRunner.MAX_RECORDS_FOUND_BY_HALVING);
  }

  @Test
  void rowsRefusedRoundAfterRoundStopTheTaskAfterABound() {
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(order(events, "o-" + i, 0, i));
    }
    // A database that names a different row of every attempt as refused.
    FakeLoader namesOneRowEachTime =
        new FakeLoader() {
          @Override
          public io.ddbsync.sink.load.LoadResult load(Batch batch) throws SQLException {
            throw new LoadFailure(
                "Load failed",
                new SQLException("Load failed", "XX000"),
                List.of(),
                List.of(batch.changes().get(0).record()));
          }
        };

    assertThatThrownBy(
            () ->
                runner(namesOneRowEachTime)
                    .freezeAndStart("orders", Batches.of(records.toArray(SinkRecord[]::new))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("keeps refusing");
    assertThat(refused).hasSize(LoadRunner.MAX_REFUSED_ROUNDS);
  }

  private static LoadFailure spectrumScanError() {
    return new LoadFailure(
        "Load into table 'orders' failed",
        new SQLException("Load into table 'orders' failed", "XX000"),
        List.of(
            new io.ddbsync.sink.db.Dialect.LoadError(
                "s3://b/k.parquet",
                0,
                "total",
                15007,
                "Spectrum Scan Error. Error: Numeric value out of range in column total")),
        List.of());
  }

  private LoadRunner runner(FakeLoader with) {
    return runner(with, Runnable::run);
  }

  private LoadRunner runner(FakeLoader with, java.util.concurrent.Executor loads) {
    return new LoadRunner(
        with, loads, context, 3, Duration.ofMillis(100), new MutableClock(), metrics, repair());
  }

  /**
   * The task's repair of batches, with the dead letter queue recording into {@code refused}; its
   * builder has seen a record of the Orders table, as the task's has.
   */
  private BatchRepair repair() {
    BatchBuilder builder = Batches.builder();
    builder.add(order(events, "o-seen", 0, 0), 0);
    builder.take("orders");
    ErrantRecords errant =
        new ErrantRecords(
            (record, error) -> {
              refused.add(record);
              return CompletableFuture.completedFuture(null);
            });
    return new BatchRepair(builder, new DeadLetters(errant, metrics));
  }

  @Test
  void droppingABatchWithARevokedPartitionRewindsThePartitionsKept() {
    loader.failuresLeft = 1;
    Batch mixed = Batches.of(order(events, "o-1", 0, 100), order(events, "o-2", 1, 200));
    assertThatThrownBy(() -> runner.freezeAndStart("orders", mixed))
        .isInstanceOf(RetriableException.class);

    assertThat(runner.dropBatchesOf(Set.of(P1))).containsOnlyKeys(P0).containsEntry(P0, 100L);
    assertThat(runner.hasFrozen("orders")).isFalse();
  }

  @Test
  void aTableAnotherSourceOwnsIsReportedToStopWithItsOffsetsAndNothingOfItStaysFrozen() {
    FakeLoader owned =
        new FakeLoader() {
          @Override
          public io.ddbsync.sink.load.LoadResult load(Batch batch) {
            throw new io.ddbsync.sink.load.TableCollision(
                "public",
                "orders",
                new io.ddbsync.sink.db.TableSource("Orders", "dynamodb.Orders", null),
                new io.ddbsync.sink.db.TableSource("Orders", "other.Orders", null));
          }
        };
    LoadRunner stopping = runner(owned);

    stopping.freezeAndStart("orders", Batches.of(order(events, "o-1", 0, 5)));

    assertThat(stopping.takeStops())
        .singleElement()
        .satisfies(
            stop -> {
              assertThat(stop.table()).isEqualTo("orders");
              assertThat(stop.ranges()).containsOnlyKeys(P0);
              assertThat(stop.ranges().get(P0).first()).isEqualTo(5L);
              assertThat(stop.reason()).contains("other.Orders");
            });
    assertThat(stopping.takeStops()).as("each stop is reported once").isEmpty();
    assertThat(stopping.hasFrozen("orders")).isFalse();
    assertThat(stopping.pendingFirst()).isEmpty();
    assertThat(metrics.failedLoads()).isZero();
  }
}
