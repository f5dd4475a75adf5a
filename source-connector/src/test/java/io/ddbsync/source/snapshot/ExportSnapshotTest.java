package io.ddbsync.source.snapshot;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.testing.MutableClock;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.export.ExportDescription;
import io.ddbsync.source.export.ExportFormat;
import io.ddbsync.source.export.ExportManifests;
import io.ddbsync.source.fixtures.ExportFixtures;
import io.ddbsync.source.fixtures.FakeExportClient;
import io.ddbsync.source.fixtures.InMemoryExportObjects;
import io.ddbsync.source.offsets.TableMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class ExportSnapshotTest {
  private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T03:00:00.750Z"));
  private final InMemoryExportObjects objects = new InMemoryExportObjects();
  private final ExportFixtures fixtures = new ExportFixtures(objects);
  private final FakeExportClient exports = new FakeExportClient();
  private final List<TableMarker> markers = new ArrayList<>();
  private final SnapshotProgress progress = new SnapshotProgress();
  private final TableMarker fresh =
      new TableMarker("id-1", "stream-1", 3, 0, TableMarker.Phase.SNAPSHOT, 0, 0);

  private ExportSnapshot snapshot(Map<String, String> given) {
    return new ExportSnapshot(
        "Orders",
        exports,
        new ExportManifests(objects),
        () -> TABLE_ARN,
        new ExportSnapshot.Settings(
            ExportFixtures.BUCKET,
            "ddbsync-exports/",
            null,
            ExportFormat.ION,
            given,
            Duration.ofMillis(1)),
        clock,
        () -> true,
        progress,
        (marker, description) -> markers.add(marker));
  }

  /** Completes each export as one of two data files of three items, in the requested layout. */
  private void exportsComplete() {
    exports.completeWith =
        request ->
            fixtures.write(
                request.prefix(),
                "01796612400000-abcd",
                ExportFormat.ION,
                false,
                request.exportTimeMillis(),
                List.of(
                    List.of(
                        "$ion_1_0 {Item:{OrderId:\"o-1\"}}", "$ion_1_0 {Item:{OrderId:\"o-2\"}}"),
                    List.of("$ion_1_0 {Item:{OrderId:\"o-3\"}}")));
  }

  @Test
  void theExportTimeIsRecordedBeforeTheRequestAndTheMarkerCountsTheFilesOnceItCompletes()
      throws Exception {
    exportsComplete();
    // Point-in-time recovery's latest restorable time trails now: the export is taken there.
    exports.recovery =
        new ExportClient.PointInTimeRecovery(
            true, 0, Instant.parse("2026-12-07T02:55:10.400Z").toEpochMilli());

    TableMarker done = snapshot(Map.of()).run(fresh);

    long exportTime = Instant.parse("2026-12-07T02:55:10Z").toEpochMilli();
    assertThat(markers.get(0).export()).isEqualTo(new TableMarker.Export(null, exportTime));
    assertThat(exports.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.exportTimeMillis()).isEqualTo(exportTime);
              assertThat(r.tableArn()).isEqualTo(TABLE_ARN);
              assertThat(r.format()).isEqualTo(ExportFormat.ION);
              assertThat(r.prefix()).isEqualTo("ddbsync-exports/Orders/3-2026-12-07T02-55-10Z");
            });
    assertThat(markers.get(1).export().exportArn()).isEqualTo(exports.arns().get(0));
    assertThat(done.segments()).isEqualTo(2);
    assertThat(done.export().exportTimeMillis()).isEqualTo(exportTime);
    assertThat(done.epoch()).isEqualTo(3);
    assertThat(markers).last().isEqualTo(done);
  }

  @Test
  void aTaskRestartedAfterTheRequestGetsTheSameExportBackNotASecondOne() throws Exception {
    // The first run requests the export, then its task stops before the export completes, and
    // before the marker with the ARN was committed: only the one with the export time was.
    int[] polls = {0};
    ExportSnapshot first =
        new ExportSnapshot(
            "Orders",
            exports,
            new ExportManifests(objects),
            () -> TABLE_ARN,
            new ExportSnapshot.Settings(
                ExportFixtures.BUCKET,
                "p",
                null,
                ExportFormat.DYNAMODB_JSON,
                Map.of(),
                Duration.ofMillis(1)),
            clock,
            () -> polls[0]++ < 3,
            progress,
            (marker, description) -> markers.add(marker));
    assertThat(first.run(fresh)).isNull();
    TableMarker committed = markers.get(0);
    String arn = exports.arns().get(0);
    exports.complete(
        arn,
        fixtures.write(
            exports.requests.get(0).prefix(),
            "02",
            ExportFormat.DYNAMODB_JSON,
            false,
            1,
            List.of(ExportFixtures.jsonItems(List.of(item("OrderId", s("o-1")))))));
    clock.advance(
        Duration.ofMinutes(7)); // the restart comes later: the time stays the recorded one
    markers.clear();

    TableMarker done =
        new ExportSnapshot(
                "Orders",
                exports,
                new ExportManifests(objects),
                () -> TABLE_ARN,
                new ExportSnapshot.Settings(
                    ExportFixtures.BUCKET,
                    "p",
                    null,
                    ExportFormat.DYNAMODB_JSON,
                    Map.of(),
                    Duration.ofMillis(1)),
                clock,
                () -> true,
                progress,
                (marker, description) -> markers.add(marker))
            .run(committed);

    assertThat(exports.arns()).as("exports taken").hasSize(1);
    assertThat(exports.requests).hasSize(2);
    assertThat(exports.requests.get(1)).isEqualTo(exports.requests.get(0));
    assertThat(done.export().exportArn()).isEqualTo(arn);
    assertThat(done.segments()).isEqualTo(1);
  }

  @Test
  void aFailedExportFailsTheTaskWithAwsCodeAndMessage() {
    exports.failNewExports = new String[] {"S3NoSuchBucket", "The specified bucket does not exist"};

    assertThatThrownBy(() -> snapshot(Map.of()).run(fresh))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("S3NoSuchBucket")
        .hasMessageContaining("The specified bucket does not exist")
        .hasMessageContaining(ExportFixtures.BUCKET);
  }

  @Test
  void anExportNamedInTheSettingsIsReadInsteadOfRequestingOne() throws Exception {
    long taken = Instant.parse("2026-12-06T20:00:00Z").toEpochMilli();
    ExportDescription given =
        fixtures.write(
            "manual",
            "03",
            ExportFormat.ION,
            false,
            taken,
            List.of(List.of("$ion_1_0 {Item:{OrderId:\"o-1\"}}")));
    exports.existing(given);

    TableMarker done = snapshot(Map.of("Orders", given.exportArn())).run(fresh);

    assertThat(exports.requests).isEmpty();
    assertThat(done.export()).isEqualTo(new TableMarker.Export(given.exportArn(), taken));
    assertThat(done.segments()).isEqualTo(1);
  }

  @Test
  void anIncrementalExportCannotSeedASnapshot() {
    ExportDescription incremental =
        fixtures.write("inc", "04", ExportFormat.DYNAMODB_JSON, true, 1, List.of(List.of()));
    exports.existing(incremental);

    assertThatThrownBy(() -> snapshot(Map.of("Orders", incremental.exportArn())).run(fresh))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("incremental");
  }

  @Test
  void anExportCompletedAndCountedBeforeARestartIsNotAskedForAgain() throws Exception {
    TableMarker counted =
        fresh.withExport(new TableMarker.Export("arn:aws:dynamodb:x/export/05", 1_000), 4);

    assertThat(snapshot(Map.of()).run(counted)).isSameAs(counted);
    assertThat(exports.requests).isEmpty();
    assertThat(exports.describes).isZero();
  }
}
