package io.ddbsync.sink.task;

import static io.ddbsync.sink.fixtures.Batches.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.testing.MutableClock;
import io.ddbsync.sink.batch.Batch;
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
          new LoadRunner.Outcomes() {
            @Override
            public Batch without(Batch batch, List<SinkRecord> records, String reason) {
              refused.addAll(records);
              return Batches.of(
                  batch.changes().stream()
                      .map(change -> change.record())
                      .filter(record -> !records.contains(record))
                      .toArray(SinkRecord[]::new));
            }

            @Override
            public void stop(
                String table, Batch batch, io.ddbsync.sink.load.TableCollision collision) {
              throw new AssertionError("No table stops in these tests");
            }
          });

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
            batch -> assertThat(batch.rows().upserts).extracting(r -> r[0]).containsExactly("o-1"));
    assertThat(runner.hasFrozen("orders")).isFalse();
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
}
