package io.ddbsync.source.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.SnapshotMethod;
import io.ddbsync.source.settings.SourceMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkPlannerTest {
  private static final List<KeyAttribute> KEY =
      List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S));

  @Test
  void oneTablesSegmentsAreSpreadOverEveryTask() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 8, 25, 1000);
    List<TaskAssignment> tasks = planner.plan(List.of(work(table("Orders", 400), 8)), 4);

    assertThat(tasks).hasSize(4);
    assertThat(tasks).allSatisfy(t -> assertThat(t.segments()).hasSize(2));
    assertThat(tasks.stream().flatMap(t -> t.segments().stream()).map(SegmentWork::segment))
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(tasks.stream().mapToInt(t -> t.streams().size()).sum()).isEqualTo(1);
  }

  @Test
  void theReadBudgetIsAShareOfProvisionedCapacitySplitOverSegments() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 8, 25, 1000);
    List<TaskAssignment> tasks = planner.plan(List.of(work(table("Orders", 400), 8)), 2);

    double total =
        tasks.stream()
            .flatMap(t -> t.segments().stream())
            .mapToDouble(SegmentWork::readBudgetRcu)
            .sum();
    assertThat(total).isEqualTo(100.0, within(1e-9));
  }

  @Test
  void onDemandTablesUseTheAbsoluteBudget() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 4, 25, 600);
    assertThat(planner.budgetRcu(table("OnDemand", 0))).isEqualTo(600.0);
  }

  @Test
  void automaticSegmentsFollowTasksAndTableSize() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 0, 25, 1000);
    TableInfo small = table("Small", 10);
    TableInfo big =
        new TableInfo("Big", "id", KEY, "arn", "NEW_IMAGE", 1, 10L * 1024 * 1024 * 1024, 10);
    assertThat(planner.segmentsFor(small, 3)).isEqualTo(3);
    assertThat(planner.segmentsFor(big, 3)).isEqualTo(20);
  }

  @Test
  void aSnapshotOnlyPlanHasTheTaskOfTheFirstSegmentRecordTheSegmentCount() {
    WorkPlanner snapshotOnly = new WorkPlanner(SourceMode.SNAPSHOT_ONLY, 6, 25, 1000);
    List<SegmentWork> segments =
        snapshotOnly.plan(List.of(work(table("Orders", 10), 6)), 3).stream()
            .flatMap(t -> t.segments().stream())
            .toList();
    assertThat(segments)
        .filteredOn(SegmentWork::recordsPlan)
        .extracting(SegmentWork::segment)
        .containsExactly(0);
    // With a stream, the stream reader records the plan.
    WorkPlanner withStream = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 6, 25, 1000);
    assertThat(
            withStream.plan(List.of(work(table("Orders", 10), 6)), 3).stream()
                .flatMap(t -> t.segments().stream())
                .noneMatch(SegmentWork::recordsPlan))
        .isTrue();
  }

  @Test
  void streamOnlyPlansNoSegmentsAndSnapshotOnlyNoStreams() {
    TableWork orders = work(table("Orders", 10), 4);
    assertThat(new WorkPlanner(SourceMode.STREAM_ONLY, 4, 25, 1).plan(List.of(orders), 4))
        .allSatisfy(t -> assertThat(t.segments()).isEmpty());
    assertThat(new WorkPlanner(SourceMode.SNAPSHOT_ONLY, 4, 25, 1).plan(List.of(orders), 4))
        .allSatisfy(t -> assertThat(t.streams()).isEmpty());
  }

  @Test
  void aStreamingTableGetsNoSegmentsAgain() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 4, 25, 1000);
    TableInfo orders = table("Orders", 10);
    TableMarker streaming =
        new TableMarker(
            orders.tableId(), orders.streamArn(), 0, 4, TableMarker.Phase.STREAMING, 1, 1);
    TableWork work =
        TablePlanning.workFor(
            orders,
            streaming,
            SourceMode.SNAPSHOT_THEN_STREAM,
            planner,
            4,
            0,
            LostPositionPolicy.FAIL);

    List<TaskAssignment> tasks = planner.plan(List.of(work), 4);
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).segments()).isEmpty();
    assertThat(tasks.get(0).streams().get(0).snapshotFirst()).isFalse();
  }

  @Test
  void aSnapshotInProgressKeepsItsSegmentCountWhenTasksChange() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 0, 25, 1000);
    TableInfo orders = table("Orders", 10);
    TableMarker running =
        new TableMarker(
            orders.tableId(), orders.streamArn(), 2, 6, TableMarker.Phase.SNAPSHOT, 0, 0);

    TableWork work =
        TablePlanning.workFor(
            orders,
            running,
            SourceMode.SNAPSHOT_THEN_STREAM,
            planner,
            16,
            0,
            LostPositionPolicy.FAIL);
    assertThat(work.segments()).isEqualTo(6);
    assertThat(work.epoch()).isEqualTo(2);
  }

  @Test
  void aRecreatedTableStartsAfreshWhateverItsOldMarkerSays() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 4, 25, 1000);
    TableInfo recreated = table("Orders", 10);
    TableMarker old = new TableMarker("old-id", "old-arn", 3, 4, TableMarker.Phase.STREAMING, 1, 1);

    TableWork work =
        TablePlanning.workFor(
            recreated,
            old,
            SourceMode.SNAPSHOT_THEN_STREAM,
            planner,
            4,
            0,
            LostPositionPolicy.RESNAPSHOT);
    assertThat(work.needsSnapshot()).isTrue();
    assertThat(work.epoch()).isZero();
  }

  @Test
  void everySnapshotOfATableIsPlannedAboveItsNewestGenerationWhateverTheClocksSay() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 2, 25, 1000);
    TableInfo orders = table("Orders", 10);
    // The last snapshot's generation came from a worker whose clock ran hours ahead.
    long newest = System.currentTimeMillis() + 3 * 3_600_000L;
    TableMarker streaming =
        new TableMarker(
            "old-id", "old-arn", 3, 4, TableMarker.Phase.STREAMING, 1, 1, newest, newest);

    // The table deleted and created again: its snapshot is a newer generation.
    TableWork recreated =
        TablePlanning.workFor(
            orders,
            streaming,
            SourceMode.SNAPSHOT_THEN_STREAM,
            planner,
            2,
            0,
            LostPositionPolicy.RESNAPSHOT);
    assertThat(planner.plan(List.of(recreated), 2))
        .flatMap(TaskAssignment::segments)
        .extracting(SegmentWork::generationFloorMillis)
        .containsOnly(newest + 1);

    // A re-snapshot of the same table after a lost position: newer too.
    TableMarker resnapshot =
        new TableMarker(
                orders.tableId(),
                orders.streamArn(),
                3,
                4,
                TableMarker.Phase.STREAMING,
                1,
                1,
                newest,
                newest)
            .resnapshot(orders.streamArn(), 2);
    TableWork again =
        TablePlanning.workFor(
            orders,
            resnapshot,
            SourceMode.SNAPSHOT_THEN_STREAM,
            planner,
            2,
            0,
            LostPositionPolicy.RESNAPSHOT);
    assertThat(planner.plan(List.of(again), 2))
        .flatMap(TaskAssignment::segments)
        .extracting(SegmentWork::generationFloorMillis)
        .containsOnly(newest + 1);
    // The floor travels to the tasks in their JSON assignment.
    TaskAssignment sent = planner.plan(List.of(again), 2).get(0);
    assertThat(TaskAssignment.fromJson(sent.toJson()).segments().get(0).generationFloorMillis())
        .isEqualTo(newest + 1);
  }

  @Test
  void aRecreatedTableUnderTheFailPolicyGetsNoSnapshotItsStreamReaderStopsTheTask() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 4, 25, 1000);
    TableInfo recreated = table("Orders", 10);
    TableMarker old = new TableMarker("old-id", "old-arn", 3, 4, TableMarker.Phase.STREAMING, 1, 1);

    TableWork work =
        TablePlanning.workFor(
            recreated,
            old,
            SourceMode.SNAPSHOT_THEN_STREAM,
            planner,
            4,
            0,
            LostPositionPolicy.FAIL);
    assertThat(work.needsSnapshot()).isFalse();
    assertThat(planner.plan(List.of(work), 4).get(0).segments()).isEmpty();
  }

  @Test
  void assignmentsSurviveTheTaskConfigRoundTrip() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 3, 25, 1000);
    TaskAssignment assignment = planner.plan(List.of(work(table("Orders", 10), 3)), 1).get(0);
    assertThat(TaskAssignment.fromJson(assignment.toJson())).isEqualTo(assignment);
  }

  @Test
  void theDataFilesOfACompletedExportAreDealtToEveryTaskLikeSegments() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 4, 25, 1000);
    TableMarker.Export export = new TableMarker.Export("arn:export/1", 1_796_600_000_000L);
    TableWork exported =
        new TableWork(table("Orders", 10), true, 2, 7, 5, SnapshotMethod.EXPORT, export);

    List<TaskAssignment> tasks = planner.plan(List.of(exported), 3);

    assertThat(tasks).hasSize(3);
    assertThat(tasks).allSatisfy(t -> assertThat(t.segments()).isEmpty());
    assertThat(tasks).extracting(t -> t.exportFiles().size()).containsExactly(3, 2, 2);
    assertThat(tasks.stream().flatMap(t -> t.exportFiles().stream()))
        .extracting(ExportFileWork::file)
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
    assertThat(tasks.stream().flatMap(t -> t.exportFiles().stream()))
        .allMatch(
            f ->
                f.totalFiles() == 7
                    && f.exportArn().equals("arn:export/1")
                    && f.exportTimeMillis() == 1_796_600_000_000L
                    && f.generationFloorMillis() == 5
                    && f.epoch() == 2);
    StreamWork stream = tasks.stream().flatMap(t -> t.streams().stream()).findFirst().orElseThrow();
    assertThat(stream.exportSnapshot()).isTrue();
    assertThat(stream.totalSegments()).isEqualTo(7);
    assertThat(TaskAssignment.fromJson(tasks.get(0).toJson())).isEqualTo(tasks.get(0));
  }

  @Test
  void anExportNotYetCompletedIsTheStreamReadersToRequestAndAwait() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 4, 25, 1000);
    TableWork exporting =
        new TableWork(table("Orders", 10), true, 0, 0, 0, SnapshotMethod.EXPORT, null);

    List<TaskAssignment> tasks = planner.plan(List.of(exporting), 3);

    assertThat(tasks)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.segments()).isEmpty();
              assertThat(t.exportFiles()).isEmpty();
              assertThat(t.exports()).isEmpty();
              assertThat(t.streams())
                  .singleElement()
                  .satisfies(
                      s -> {
                        assertThat(s.exportSnapshot()).isTrue();
                        assertThat(s.snapshotFirst()).isTrue();
                        assertThat(s.totalSegments()).isZero();
                      });
            });
  }

  @Test
  void withoutAStreamATaskIsGivenTheExportToRequest() {
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_ONLY, 4, 25, 1000);
    TableWork exporting =
        new TableWork(table("Orders", 10), true, 0, 0, 9, SnapshotMethod.EXPORT, null);

    List<TaskAssignment> tasks = planner.plan(List.of(exporting), 3);

    assertThat(tasks)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.streams()).isEmpty();
              assertThat(t.exports()).containsExactly(new ExportWork("Orders", "Orders-id", 0, 9));
            });
  }

  @Test
  void aSnapshotThatRecordedAnExportKeepsItAndOneNotStartedTakesTheChosenMethod() {
    TableInfo orders = table("Orders", 10);
    WorkPlanner planner = new WorkPlanner(SourceMode.SNAPSHOT_THEN_STREAM, 4, 25, 1000);
    TableMarker exporting =
        new TableMarker("Orders-id", "arn:Orders", 1, 0, TableMarker.Phase.SNAPSHOT, 0, 0)
            .withExport(new TableMarker.Export("arn:export/2", 42), 3);
    int[] asked = {0};

    TableWork kept =
        TablePlanning.workFor(
            orders,
            exporting,
            SourceMode.SNAPSHOT_THEN_STREAM,
            planner,
            4,
            0,
            LostPositionPolicy.FAIL,
            () -> {
              asked[0]++;
              return SnapshotMethod.SCAN;
            });
    TableWork fresh =
        TablePlanning.workFor(
            orders,
            null,
            SourceMode.SNAPSHOT_THEN_STREAM,
            planner,
            4,
            0,
            LostPositionPolicy.FAIL,
            () -> SnapshotMethod.EXPORT);
    TableWork streaming =
        TablePlanning.workFor(
            orders,
            new TableMarker("Orders-id", "arn:Orders", 1, 4, TableMarker.Phase.STREAMING, 1, 1),
            SourceMode.SNAPSHOT_THEN_STREAM,
            planner,
            4,
            0,
            LostPositionPolicy.FAIL,
            () -> {
              asked[0]++;
              return SnapshotMethod.EXPORT;
            });

    assertThat(kept.method()).isEqualTo(SnapshotMethod.EXPORT);
    assertThat(kept.exportFilesKnown()).isTrue();
    assertThat(kept.segments()).isEqualTo(3);
    assertThat(fresh.method()).isEqualTo(SnapshotMethod.EXPORT);
    assertThat(fresh.segments()).isZero();
    assertThat(streaming.needsSnapshot()).isFalse();
    assertThat(asked[0])
        .as("the method is asked only for a snapshot that has not started")
        .isZero();
  }

  private static TableInfo table(String name, long readUnits) {
    return new TableInfo(
        name, name + "-id", KEY, "arn:" + name, "NEW_AND_OLD_IMAGES", 1000, 1_000_000, readUnits);
  }

  private static TableWork work(TableInfo table, int segments) {
    return new TableWork(table, true, 0, segments);
  }
}
