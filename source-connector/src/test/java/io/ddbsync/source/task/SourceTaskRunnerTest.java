package io.ddbsync.source.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.model.Assignment;
import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.common.model.SchemaHistory;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.fixtures.FakeCatalog;
import io.ddbsync.source.fixtures.FakeOffsets;
import io.ddbsync.source.fixtures.FakeScanClient;
import io.ddbsync.source.fixtures.FakeStreamClient;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.SegmentWork;
import io.ddbsync.source.plan.TablePlanning;
import io.ddbsync.source.plan.TaskAssignment;
import io.ddbsync.source.plan.WorkPlanner;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.SourceMode;
import io.ddbsync.source.settings.StreamStartPosition;
import io.ddbsync.source.snapshot.SegmentScanner;
import io.ddbsync.source.stream.TableStreamReader;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task's readers: a reader that fails is started again, or the task fails; it never idles dead.
 */
class SourceTaskRunnerTest {
  private final RecordQueue queue = new RecordQueue(10_000, 64L << 20);
  private final FakeOffsets offsets = new FakeOffsets();
  private SourceTaskRunner runner;

  @AfterEach
  void stop() {
    if (runner != null) {
      runner.stop();
    }
  }

  @Test
  void aReaderWhoseSchemaHistoryTimesOutOnceIsStartedAgainAndItsTableKeepsFlowing()
      throws Exception {
    runner = runner(new FlakyHistory(1));
    runner.start();

    Set<String> keys = new HashSet<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (keys.size() < 20 && System.nanoTime() < deadline) {
      // A RetriableException from poll() would only make Connect poll again: never one here.
      for (SourceRecord record : queue.drain(100, Duration.ofMillis(50))) {
        offsets.commit(List.of(record));
        if (record.key() instanceof Struct key) {
          keys.add(key.getString("pk"));
        }
      }
    }
    assertThat(keys).hasSize(20);
  }

  @Test
  void aReaderThatKeepsFailingFailsTheTaskWithANonRetriableError() throws Exception {
    runner = runner(new FlakyHistory(Integer.MAX_VALUE), Duration.ofMillis(10));
    runner.start();

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Throwable failure = null;
    while (failure == null && System.nanoTime() < deadline) {
      try {
        queue.drain(100, Duration.ofMillis(50));
      } catch (ConnectException e) {
        failure = e;
      }
    }
    assertThat(failure)
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("Orders");
    Throwable thrown = failure;
    assertThatThrownBy(() -> queue.drain(1, Duration.ZERO)).isSameAs(thrown);
  }

  @Test
  void aSnapshotOnlyTaskRecordsItsTablesSegmentCountSoARestartPlansTheSameSegments()
      throws Exception {
    SegmentWork first = new SegmentWork("Orders", "id-1", 0, 0, 3, 1_000_000, 20, 100, true);
    runner =
        runner(
            new InMemorySchemaHistory(),
            Duration.ofMillis(10),
            new TaskAssignment(
                List.of(first),
                List.of(),
                Map.of("Orders", List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S)))));
    runner.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    TableMarker marker = null;
    while (marker == null && System.nanoTime() < deadline) {
      offsets.commit(queue.drain(100, Duration.ofMillis(50)));
      marker = TableMarker.fromOffset(offsets.offset(SourcePartitions.table("Orders")));
    }

    assertThat(marker).isNotNull();
    assertThat(marker.segments()).isEqualTo(3);
    assertThat(marker.phase()).isEqualTo(TableMarker.Phase.SNAPSHOT);
    // A restart with twice the tasks plans the three segments the marker records.
    TableInfo table =
        new TableInfo(
            "Orders",
            "id-1",
            List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S)),
            null,
            null,
            20,
            1L << 40,
            0);
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_ONLY, 0, 25, 1000);
    assertThat(
            TablePlanning.workFor(
                    table, marker, SourceMode.SNAPSHOT_ONLY, planner, 8, 0, LostPositionPolicy.FAIL)
                .segments())
        .isEqualTo(3);
  }

  private SourceTaskRunner runner(SchemaHistory history) {
    return runner(history, Duration.ofMillis(10));
  }

  private SourceTaskRunner runner(SchemaHistory history, Duration restartBackoff) {
    return runner(
        history,
        restartBackoff,
        new TaskAssignment(
            List.of(new SegmentWork("Orders", "id-1", 0, 0, 1, 1_000_000, 20, 100)),
            List.of(),
            Map.of("Orders", List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S)))));
  }

  private SourceTaskRunner runner(
      SchemaHistory history, Duration restartBackoff, TaskAssignment assignment) {
    RunnerSettings settings =
        new RunnerSettings(
            new ChangeRecords.Settings("ddb.", "progress", false, true),
            new SegmentScanner.Settings(5, false, Duration.ofMillis(50)),
            2,
            new TableStreamReader.Settings(
                Duration.ofMillis(20),
                100,
                Duration.ofMillis(50),
                Duration.ofMillis(20),
                LostPositionPolicy.FAIL,
                StreamStartPosition.TRIM_HORIZON,
                TableStreamReader.Settings.MARKER_INTERVAL,
                Duration.ofMillis(50)),
            ModelSettings.defaults(),
            restartBackoff);
    return new SourceTaskRunner(
        "test",
        settings,
        assignment,
        new FakeScanClient(20, 5),
        new FakeStreamClient("arn"),
        new FakeCatalog(),
        offsets,
        history,
        queue,
        io.ddbsync.source.emit.TopicPartitions.ONE,
        Clock.systemUTC());
  }

  /** A schema history whose first {@code failures} appends time out, as during a broker restart. */
  private static final class FlakyHistory implements SchemaHistory {
    private final InMemorySchemaHistory history = new InMemorySchemaHistory();
    private final AtomicInteger failuresLeft;

    FlakyHistory(int failures) {
      this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public List<Assignment> load(String table) {
      return history.load(table);
    }

    @Override
    public List<Assignment> append(String table, List<Assignment> proposals) {
      if (failuresLeft.getAndDecrement() > 0) {
        throw new RetriableException("Cannot write to the schema history topic: timed out");
      }
      return history.append(table, proposals);
    }

    @Override
    public void close() {}
  }
}
