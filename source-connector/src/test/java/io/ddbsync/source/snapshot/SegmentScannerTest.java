package io.ddbsync.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.fixtures.FakeScanClient;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.plan.SegmentWork;
import io.ddbsync.source.task.RecordQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class SegmentScannerTest {
  private static final SegmentWork WORK =
      new SegmentWork("Orders", "id-1", 0, 3, 8, 1_000_000, 100, 100);

  private final SnapshotProgress progress = new SnapshotProgress();
  private final RecordQueue queue = new RecordQueue(100_000, 1L << 30);

  @Test
  void onlyEachPagesLastRecordCarriesTheNextPagesStart() throws Exception {
    FakeScanClient client = new FakeScanClient(10, 4);
    scan(client, null);
    List<SourceRecord> records = queue.drain(1000, Duration.ZERO);

    assertThat(records).hasSize(10);
    assertThat(position(records.get(0)).resumeAfter()).isNull();
    assertThat(position(records.get(2)).resumeAfter()).isNull();
    assertThat(position(records.get(3)).resumeAfter().get("pk").s()).isEqualTo("item-00003");
    assertThat(position(records.get(4)).resumeAfter().get("pk").s()).isEqualTo("item-00003");
    assertThat(position(records.get(7)).resumeAfter().get("pk").s()).isEqualTo("item-00007");
    assertThat(position(records.get(9)).done()).isTrue();
    assertThat(position(records.get(9)).items()).isEqualTo(10);
    assertThat(records).allMatch(r -> r.sourcePartition().get("segment").equals(3));
    assertThat(progress.segmentsDone()).isEqualTo(1);
  }

  @Test
  void aRestartResumesAtThePageWhereTheTaskStopped() throws Exception {
    FakeScanClient client = new FakeScanClient(10, 4);
    scan(client, null);
    List<SourceRecord> first = queue.drain(1000, Duration.ZERO);
    // The framework committed up to the sixth record: the second page's start.
    SegmentPosition committed = position(first.get(5));

    FakeScanClient again = new FakeScanClient(10, 4);
    scan(again, committed);
    List<SourceRecord> resumed = queue.drain(1000, Duration.ZERO);

    assertThat(again.startKeys.get(0).get("pk").s()).isEqualTo("item-00003");
    assertThat(resumed)
        .extracting(SegmentScannerTest::key)
        .containsExactly(
            "item-00004", "item-00005", "item-00006", "item-00007", "item-00008", "item-00009");
    assertThat(position(resumed.get(resumed.size() - 1)).items()).isEqualTo(10);
    // Every read of the segment, before and after the restart, carries the segment's start: the
    // generation a consumer compares with the snapshot's end.
    long start = committed.startedAtMillis();
    assertThat(first).allMatch(r -> snapshotStartMillis(r) == start);
    assertThat(resumed).allMatch(r -> snapshotStartMillis(r) == start);
  }

  @Test
  void aNewSegmentsRowsAreOfTheTablesGenerationFloorWhenTheWorkersClockIsBehindIt()
      throws Exception {
    // The table's last generation came from a worker whose clock ran ten minutes ahead.
    long floor = System.currentTimeMillis() + 600_000;
    SegmentWork work =
        new SegmentWork("Orders", "id-1", 1, 3, 8, 1_000_000, 100, 100, false, floor);
    scanner(new FakeScanClient(6, 4), work, new ReadBudget(1_000_000, System::nanoTime), 4)
        .run(null);
    List<SourceRecord> records = queue.drain(1000, Duration.ZERO);

    assertThat(records).hasSize(6).allMatch(r -> snapshotStartMillis(r) == floor);
    assertThat(position(records.get(5)).generationMillis()).isEqualTo(floor);
    assertThat(position(records.get(5)).startedAtMillis()).isLessThan(floor);
  }

  @Test
  void aSegmentBegunByAVersionWithoutGenerationsGoesOnGivingItsRowsNone() throws Exception {
    FakeScanClient client = new FakeScanClient(10, 4);
    scan(client, null);
    // What a version without generations committed: the same position without "gen".
    Map<String, Object> stored = position(queue.drain(1000, Duration.ZERO).get(5)).toOffset();
    stored.remove("gen");

    scan(new FakeScanClient(10, 4), SegmentPosition.fromOffset(stored));
    List<SourceRecord> resumed = queue.drain(1000, Duration.ZERO);

    assertThat(resumed).isNotEmpty();
    assertThat(resumed)
        .allMatch(r -> ((Struct) r.value()).getStruct("source").get("snapshot_start") == null);
  }

  private static long snapshotStartMillis(SourceRecord record) {
    Object start =
        ((org.apache.kafka.connect.data.Struct) record.value())
            .getStruct("source")
            .get("snapshot_start");
    return ((java.util.Date) start).getTime();
  }

  @Test
  void aDoneSegmentIsNotScannedAgain() throws Exception {
    FakeScanClient client = new FakeScanClient(10, 4);
    scan(client, SegmentPosition.start(0).next(null, 10));

    assertThat(client.calls).isZero();
    assertThat(queue.size()).isZero();
    assertThat(progress.segmentsDone()).isEqualTo(1);
  }

  @Test
  void aSegmentEndingOnAnEmptyPageCommitsDoneThroughAProgressRecord() throws Exception {
    FakeScanClient client = new FakeScanClient(4, 4);
    client.endWithEmptyPage = true;
    scan(client, null);
    List<SourceRecord> records = queue.drain(1000, Duration.ZERO);

    assertThat(records).hasSize(5);
    SourceRecord marker = records.get(4);
    assertThat(marker.topic()).isEqualTo("progress");
    assertThat(position(marker).done()).isTrue();
    assertThat(marker.sourcePartition()).isEqualTo(records.get(0).sourcePartition());
  }

  @Test
  void anEmptySegmentIsMarkedDone() throws Exception {
    scan(new FakeScanClient(0, 4), null);
    List<SourceRecord> records = queue.drain(1000, Duration.ZERO);

    assertThat(records).singleElement().satisfies(r -> assertThat(position(r).done()).isTrue());
  }

  @Test
  void throttlingHalvesTheReadRateButEveryItemArrivesOnce() throws Exception {
    FakeScanClient client = new FakeScanClient(20, 2);
    client.throttleEveryNthCall = 3;
    ReadBudget budget = new ReadBudget(1_000_000, System::nanoTime);
    scan(client, null, budget);
    List<SourceRecord> records = queue.drain(1000, Duration.ZERO);

    assertThat(records).extracting(SegmentScannerTest::key).doesNotHaveDuplicates().hasSize(20);
    assertThat(client.throttled).isPositive();
    assertThat(progress.throttles()).isEqualTo(client.throttled);
  }

  @Test
  void pagesAreSizedToTheBudgetWhenNoPageSizeIsSet() {
    SegmentWork slow = new SegmentWork("Orders", "id", 0, 0, 1, 10, 100, 2048);
    SegmentScanner scanner =
        scanner(new FakeScanClient(1, 1), slow, new ReadBudget(10, System::nanoTime), 0);
    // 10 RCU/s, eventually consistent: 2 s of budget buys 160 KiB, i.e. 80 items of 2 KiB.
    assertThat(scanner.pageLimit()).isEqualTo(80);

    SegmentScanner fast =
        scanner(new FakeScanClient(1, 1), WORK, new ReadBudget(1_000_000, System::nanoTime), 0);
    assertThat(fast.pageLimit()).isZero();
  }

  private void scan(FakeScanClient client, SegmentPosition stored) throws InterruptedException {
    scan(client, stored, new ReadBudget(1_000_000, System::nanoTime));
  }

  private void scan(FakeScanClient client, SegmentPosition stored, ReadBudget budget)
      throws InterruptedException {
    scanner(client, WORK, budget, 4).run(stored);
  }

  private SegmentScanner scanner(
      FakeScanClient client, SegmentWork work, ReadBudget budget, int pageSize) {
    TableEventModel model =
        new TableEventModel(
            "Orders",
            List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S)),
            ModelSettings.defaults(),
            new InMemorySchemaHistory(),
            Clock.systemUTC());
    return new SegmentScanner(
        work,
        client,
        model,
        new ChangeRecords("ddb.", "progress", false),
        queue,
        new TaskReadBudgets.Share(budget, work.readBudgetRcu()),
        new SegmentScanner.Settings(pageSize, false, Duration.ofMillis(50)),
        Clock.systemUTC(),
        progress,
        () -> true);
  }

  @SuppressWarnings("unchecked")
  private static SegmentPosition position(SourceRecord record) {
    return SegmentPosition.fromOffset((Map<String, Object>) record.sourceOffset());
  }

  private static Object key(SourceRecord record) {
    return ((Struct) record.key()).get("pk");
  }
}
