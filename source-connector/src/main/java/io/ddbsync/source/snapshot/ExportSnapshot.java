package io.ddbsync.source.snapshot;

import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.export.ExportDescription;
import io.ddbsync.source.export.ExportFormat;
import io.ddbsync.source.export.ExportManifest;
import io.ddbsync.source.export.ExportManifests;
import io.ddbsync.source.export.ExportRequests;
import io.ddbsync.source.offsets.TableMarker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The export of one table's snapshot epoch, requested and awaited by one task (the table's stream
 * reader, or in SNAPSHOT_ONLY mode the task given the {@code ExportWork}).
 *
 * <p>The export's point in time T is chosen and recorded in the table's marker before the export is
 * requested; the request's client token is derived from the table, epoch and T, so a task that
 * restarts after the request asks again with the same token and parameters and gets the same export
 * back instead of a second one (ExportTableToPointInTime is idempotent per token). Once the export
 * completed, its manifests are read and the marker records its data files' count, which the
 * connector deals out to all tasks like scan segments. A failed export fails the task with AWS's
 * failure code and message.
 */
public final class ExportSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(ExportSnapshot.class);
  private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofMinutes(1);
  // Past half the stream's retention, a running export is a risk for the handoff: said loudly.
  private static final Duration RETENTION_WARNING = Duration.ofHours(12);

  /**
   * Where and how exports are written.
   *
   * @param prefix the key prefix; each export goes under {@code prefix/table/epoch-T}
   * @param bucketOwner the bucket's account when it is not the tables', else null
   * @param givenExports existing exports to read instead of requesting one, by table
   * @param pollInterval how often a running export is checked
   */
  public record Settings(
      String bucket,
      String prefix,
      String bucketOwner,
      ExportFormat format,
      Map<String, String> givenExports,
      Duration pollInterval) {
    public Settings {
      givenExports = Map.copyOf(givenExports);
    }
  }

  /** Records the table's marker. */
  @FunctionalInterface
  public interface Markers {
    void emit(TableMarker marker, String description) throws InterruptedException;
  }

  private final String table;
  private final ExportClient exports;
  private final ExportManifests manifests;
  private final Supplier<String> tableArn;
  private final Settings settings;
  private final Clock clock;
  private final BooleanSupplier running;
  private final SnapshotProgress progress;
  private final Markers markers;
  private final ExportRequests requests;

  /**
   * @param tableArn the table's ARN (DescribeTable), asked only when an export is requested
   */
  public ExportSnapshot(
      String table,
      ExportClient exports,
      ExportManifests manifests,
      Supplier<String> tableArn,
      Settings settings,
      Clock clock,
      BooleanSupplier running,
      SnapshotProgress progress,
      Markers markers) {
    this.table = table;
    this.exports = exports;
    this.manifests = manifests;
    this.tableArn = tableArn;
    this.settings = settings;
    this.clock = clock;
    this.running = running;
    this.progress = progress;
    this.markers = markers;
    this.requests = new ExportRequests(table, exports, settings.pollInterval(), clock, running);
  }

  /**
   * Runs the export of {@code marker}'s epoch to its end: returns the marker that records it with
   * its data files, or null if the task stops first.
   */
  public TableMarker run(TableMarker marker) throws InterruptedException {
    if (marker.exportSnapshot() && marker.export().requested() && marker.segments() > 0) {
      return marker; // completed and counted before a restart
    }
    TableMarker current = marker;
    if (!current.exportSnapshot()) {
      current = chooseExport(current);
      markers.emit(current, "export chosen");
    }
    if (!current.export().requested()) {
      String arn = request(current);
      if (arn == null) {
        return null;
      }
      current =
          current.withExport(new TableMarker.Export(arn, current.export().exportTimeMillis()), 0);
      markers.emit(current, "export requested");
    }
    ExportDescription done = await(current.export());
    if (done == null) {
      return null;
    }
    ExportManifest manifest;
    try {
      manifest = manifests.read(done);
    } catch (IOException | SdkException e) {
      throw new RetriableException(
          "Cannot read the manifests of export " + done.exportArn() + ": " + e.getMessage(), e);
    }
    if (manifest.files().isEmpty()) {
      throw new ConnectException(
          "Export "
              + done.exportArn()
              + " of table "
              + table
              + " completed but holds no data files under s3://"
              + done.bucket()
              + "/"
              + done.prefix());
    }
    long exportTime =
        done.exportTimeMillis() > 0 ? done.exportTimeMillis() : current.export().exportTimeMillis();
    TableMarker complete =
        current.withExport(
            new TableMarker.Export(done.exportArn(), exportTime), manifest.files().size());
    markers.emit(complete, "export complete");
    LOG.info(
        "Table {}: export {} complete at {} ({} items in {} data files); the tasks read it now",
        table,
        done.exportArn(),
        Instant.ofEpochMilli(exportTime),
        manifest.itemCount() >= 0 ? manifest.itemCount() : done.itemCount(),
        manifest.files().size());
    return complete;
  }

  /** The export's point in time: a given export's, else now (whole seconds) within recovery. */
  private TableMarker chooseExport(TableMarker marker) {
    String given = settings.givenExports().get(table);
    if (given != null) {
      ExportDescription export = exports.describe(given);
      if (export.incremental()) {
        throw new ConnectException(
            "snapshot.export.arns names an incremental export for table "
                + table
                + " ("
                + given
                + "); a snapshot needs a full export");
      }
      long time = export.exportTimeMillis() > 0 ? export.exportTimeMillis() : clock.millis();
      LOG.info("Table {}: the snapshot reads the given export {}", table, given);
      return marker.withExport(new TableMarker.Export(given, time), 0);
    }
    long now = clock.millis();
    ExportClient.PointInTimeRecovery recovery;
    try {
      recovery = exports.pointInTimeRecovery(table);
    } catch (SdkException e) {
      // Only to pick a time recovery holds; the export request says what is wrong, if anything.
      LOG.warn("Table {}: cannot read its point-in-time recovery ({})", table, e.getMessage());
      recovery = ExportClient.PointInTimeRecovery.OFF;
    }
    // An export reads the table's point-in-time recovery, whose latest restorable time trails now.
    long time = recovery.enabled() && recovery.latestMillis() < now ? recovery.latestMillis() : now;
    time -= time % 1000;
    return marker.withExport(new TableMarker.Export(null, time), 0);
  }

  private String request(TableMarker marker) throws InterruptedException {
    long time = marker.export().exportTimeMillis();
    String prefix =
        ExportRequests.prefix(
            settings.prefix(),
            table,
            marker.epoch() + "-" + Instant.ofEpochMilli(time).toString().replace(':', '-'));
    String arn =
        requests.request(
            new ExportClient.Request(
                tableArn.get(),
                time,
                0,
                0,
                settings.bucket(),
                settings.bucketOwner(),
                prefix,
                settings.format(),
                ExportRequests.token(marker.tableId(), marker.epoch(), time)));
    if (arn != null) {
      LOG.info(
          "Table {}: requested export {} of {} to s3://{}/{}",
          table,
          arn,
          Instant.ofEpochMilli(time),
          settings.bucket(),
          prefix);
    }
    return arn;
  }

  private ExportDescription await(TableMarker.Export export) throws InterruptedException {
    long[] lastLog = {0};
    progress.exportRunning(table, true);
    try {
      return requests.await(
          export.exportArn(),
          "Check that point-in-time recovery is on for the table, that the bucket "
              + settings.bucket()
              + " exists in the table's region and that DynamoDB may write to it (s3:PutObject),"
              + " then restart the connector.",
          (running, elapsed) -> {
            progress.exportElapsed(table, elapsed);
            if (elapsed - lastLog[0] >= PROGRESS_LOG_INTERVAL.toMillis()) {
              long sinceT = clock.millis() - export.exportTimeMillis();
              if (sinceT > RETENTION_WARNING.toMillis()) {
                // The stream is replayed from T: the export and the reading of its files must end
                // within the stream's 24 hours of it.
                LOG.warn(
                    "Table {}: export {} is still {} {} h after its point in time; the stream"
                        + " holds changes for 24 h after it, so the snapshot must be read by then",
                    table,
                    export.exportArn(),
                    running.status(),
                    sinceT / 3_600_000);
              } else {
                LOG.info(
                    "Table {}: export {} is {} ({} s so far)",
                    table,
                    export.exportArn(),
                    running.status(),
                    elapsed / 1000);
              }
              lastLog[0] = elapsed;
            }
          });
    } finally {
      progress.exportRunning(table, false);
    }
  }
}
