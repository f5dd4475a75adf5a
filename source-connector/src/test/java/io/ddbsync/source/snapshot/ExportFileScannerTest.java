package io.ddbsync.source.snapshot;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.export.ExportDescription;
import io.ddbsync.source.export.ExportFormat;
import io.ddbsync.source.export.ExportManifests;
import io.ddbsync.source.fixtures.ExportFixtures;
import io.ddbsync.source.fixtures.FakeExportClient;
import io.ddbsync.source.fixtures.InMemoryExportObjects;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.plan.ExportFileWork;
import io.ddbsync.source.task.RecordQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A data file of an export becomes the same READ events a Scan segment emits. */
class ExportFileScannerTest {
  private static final long EXPORT_TIME = 1_796_600_000_000L;

  private final InMemoryExportObjects objects = new InMemoryExportObjects();
  private final FakeExportClient exports = new FakeExportClient();
  private final SnapshotProgress progress = new SnapshotProgress();
  private final RecordQueue queue = new RecordQueue(100_000, 1L << 30);
  private ExportDescription export;

  private void export(int files, int itemsPerFile) {
    List<List<String>> lines = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (int i = 0; i < itemsPerFile; i++) {
        items.add(item("pk", s("f" + f + "-i" + i), "Total", n(Integer.toString(i))));
      }
      lines.add(ExportFixtures.jsonItems(items));
    }
    export =
        new ExportFixtures(objects)
            .write("p", "01", ExportFormat.DYNAMODB_JSON, false, EXPORT_TIME, lines);
    exports.existing(export);
  }

  @Test
  void everyItemIsAReadEventOfTheExportsTimeWithItsLineAsPosition() throws Exception {
    export(2, 5);

    scanner(work(1, 2, 0)).run(null);
    List<SourceRecord> records = queue.drain(1000, Duration.ZERO);

    assertThat(records).hasSize(6); // five items, then the file's end
    List<SourceRecord> items = records.subList(0, 5);
    assertThat(items)
        .extracting(ExportFileScannerTest::key)
        .containsExactly("f1-i0", "f1-i1", "f1-i2", "f1-i3", "f1-i4");
    assertThat(items).allMatch(r -> "READ".equals(((Struct) r.value()).get("op")));
    assertThat(items).allMatch(r -> snapshotStartMillis(r) == EXPORT_TIME);
    assertThat(position(items.get(2)).items()).isEqualTo(3);
    assertThat(position(items.get(2)).done()).isFalse();
    assertThat(position(records.get(5)).done()).isTrue();
    assertThat(position(records.get(5)).startedAtMillis())
        .as("the handoff's cutoff comes from the export's time")
        .isEqualTo(EXPORT_TIME);
    assertThat(records)
        .allMatch(
            r ->
                r.sourcePartition().get("segment").equals(1)
                    && r.sourcePartition().get("of").equals(2));
    assertThat(progress.capacityUnits()).as("read capacity consumed").isZero();
    assertThat(progress.segmentsDone()).isEqualTo(1);
  }

  @Test
  void aRestartResumesAfterTheLastCommittedLineWithoutEmittingAnyItemTwice() throws Exception {
    export(1, 5);
    scanner(work(0, 1, 0)).run(null);
    List<SourceRecord> first = queue.drain(1000, Duration.ZERO);
    SegmentPosition committed = position(first.get(1)); // two lines committed

    scanner(work(0, 1, 0)).run(committed);
    List<SourceRecord> resumed = queue.drain(1000, Duration.ZERO);

    assertThat(resumed.subList(0, 3))
        .extracting(ExportFileScannerTest::key)
        .containsExactly("f0-i2", "f0-i3", "f0-i4");
    assertThat(position(resumed.get(3)).done()).isTrue();
    assertThat(position(resumed.get(3)).items()).isEqualTo(5);
  }

  @Test
  void rowsAreOfTheTablesGenerationFloorWhenTheExportIsOlderThanIt() throws Exception {
    export(1, 1);
    long floor = EXPORT_TIME + 600_000;

    scanner(work(0, 1, floor)).run(null);

    assertThat(queue.drain(10, Duration.ZERO).get(0))
        .satisfies(r -> assertThat(snapshotStartMillis(r)).isEqualTo(floor));
  }

  @Test
  void aFileThatDoesNotMatchItsManifestFailsTheTaskInsteadOfLosingItemsSilently() throws Exception {
    export(1, 3);
    String key = new ExportManifests(objects).read(export).files().get(0).key();
    objects.put(
        ExportFixtures.BUCKET,
        key,
        ExportFixtures.gzip(ExportFixtures.jsonItem(item("pk", s("f0-i0"))) + "\n"));

    assertThatThrownBy(() -> scanner(work(0, 1, 0)).run(null))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("manifest");
  }

  private ExportFileWork work(int file, int files, long floor) {
    return new ExportFileWork(
        "Orders", "id-1", 2, file, files, export.exportArn(), EXPORT_TIME, floor);
  }

  private ExportFileScanner scanner(ExportFileWork work) {
    TableEventModel model =
        new TableEventModel(
            "Orders",
            List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S)),
            ModelSettings.defaults(),
            new InMemorySchemaHistory(),
            Clock.systemUTC());
    return new ExportFileScanner(
        work,
        new ExportFileIndex(exports, new ExportManifests(objects)),
        objects,
        model,
        new ChangeRecords("ddb.", "progress", false),
        queue,
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

  private static long snapshotStartMillis(SourceRecord record) {
    Object start = ((Struct) record.value()).getStruct("source").get("snapshot_start");
    return ((java.util.Date) start).getTime();
  }
}
