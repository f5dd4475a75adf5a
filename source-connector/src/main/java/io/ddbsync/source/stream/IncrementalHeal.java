package io.ddbsync.source.stream;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.ItemSize;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.emit.RecordSink;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.export.ExportDataFile;
import io.ddbsync.source.export.ExportDescription;
import io.ddbsync.source.export.ExportFileReader;
import io.ddbsync.source.export.ExportManifest;
import io.ddbsync.source.export.ExportManifests;
import io.ddbsync.source.export.ExportObjects;
import io.ddbsync.source.export.ExportRecord;
import io.ddbsync.source.export.ExportRequests;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.snapshot.ExportSnapshot;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Heals a lost stream position without reading the table: the changes of the lost window are read
 * from DynamoDB's incremental exports (ExportType INCREMENTAL_EXPORT, windows of 15 minutes to 24
 * hours, chained in time order for a longer gap) and emitted as change events: an item with a new
 * image as an upsert (INSERT, or MODIFY when it had an old one), an item without one as a REMOVE.
 * Each export holds one line per changed item, its state at the window's end, so only changed items
 * are read and deletes are explicit (no sweep is needed). Each window's client token is derived
 * from the table and the window, so a restart gets the same exports back.
 */
public final class IncrementalHeal {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementalHeal.class);

  /** DynamoDB's bounds on an incremental export's window. */
  static final Duration MIN_WINDOW = Duration.ofMinutes(15);

  static final Duration MAX_WINDOW = Duration.ofHours(24);

  private final String table;
  private final ExportClient exports;
  private final ExportObjects objects;
  private final ExportSnapshot.Settings settings;
  private final Supplier<String> tableArn;
  private final TableEventModel model;
  private final ChangeRecords records;
  private final RecordSink sink;
  private final Clock clock;
  private final BooleanSupplier running;
  private final ExportRequests requests;

  public IncrementalHeal(
      String table,
      ExportClient exports,
      ExportObjects objects,
      ExportSnapshot.Settings settings,
      Supplier<String> tableArn,
      TableEventModel model,
      ChangeRecords records,
      RecordSink sink,
      Clock clock,
      BooleanSupplier running) {
    this.table = table;
    this.exports = exports;
    this.objects = objects;
    this.settings = settings;
    this.tableArn = tableArn;
    this.model = model;
    this.records = records;
    this.sink = sink;
    this.clock = clock;
    this.running = running;
    this.requests = new ExportRequests(table, exports, settings.pollInterval(), clock, running);
  }

  /**
   * The windows of incremental exports that cover {@code from} to {@code to}, in time order: at
   * most 24 hours each, the last one at least 15 minutes (it starts earlier if need be: exporting a
   * change again only re-emits the item's state at the window's end).
   */
  static List<TableMarker.Heal> windows(long from, long to) {
    List<TableMarker.Heal> windows = new ArrayList<>();
    long start = from;
    while (start < to) {
      long end = Math.min(to, start + MAX_WINDOW.toMillis());
      if (end - start < MIN_WINDOW.toMillis()) {
        start = end - MIN_WINDOW.toMillis();
      }
      windows.add(new TableMarker.Heal(start, end));
      start = end;
    }
    return windows;
  }

  /**
   * Emits every change of {@code marker}'s heal window, each record carrying {@code marker} as its
   * offset. Returns false if the task stops first (the heal then runs again from its start).
   */
  boolean run(TableMarker marker) throws InterruptedException {
    TableMarker.Heal heal = marker.heal();
    Map<String, Object> partition = SourcePartitions.table(table);
    Map<String, Object> offset = marker.toOffset();
    long emitted = 0;
    for (TableMarker.Heal window : windows(heal.fromMillis(), heal.toMillis())) {
      ExportDescription export = await(request(marker, window));
      if (export == null) {
        return false;
      }
      ExportManifest manifest;
      try {
        manifest = new ExportManifests(objects).read(export);
      } catch (IOException | SdkException e) {
        throw new RetriableException(
            "Cannot read the manifests of export " + export.exportArn() + ": " + e.getMessage(), e);
      }
      for (ExportDataFile file : manifest.files()) {
        emitted += emitFile(export, file, marker, partition, offset);
        if (!running.getAsBoolean()) {
          return false;
        }
      }
    }
    LOG.info(
        "Table {}: healed the changes from {} to {} from incremental exports ({} changes)",
        table,
        Instant.ofEpochMilli(heal.fromMillis()),
        Instant.ofEpochMilli(heal.toMillis()),
        emitted);
    return true;
  }

  private long emitFile(
      ExportDescription export,
      ExportDataFile file,
      TableMarker marker,
      Map<String, Object> partition,
      Map<String, Object> offset)
      throws InterruptedException {
    long count = 0;
    try (ExportFileReader reader =
        new ExportFileReader(objects.open(export.bucket(), file.key()), file, export.format())) {
      for (ExportRecord change = reader.next(); change != null; change = reader.next()) {
        ChangeEvent event = event(change, export, marker);
        long bytes = ItemSize.bytes(change.isDeletion() ? change.keys() : change.newImage());
        long written = change.writeMicros() / 1000;
        for (SourceRecord record :
            records.records(
                model, event, partition, offset, written > 0 ? written : clock.millis())) {
          sink.put(record, bytes);
        }
        count++;
        if (!running.getAsBoolean()) {
          return count;
        }
      }
      reader.verify();
    } catch (ExportFileReader.Mismatch e) {
      throw new ConnectException(
          "Incremental export file "
              + file.key()
              + " does not match its manifest: "
              + e.getMessage(),
          e);
    } catch (IOException | SdkException e) {
      throw new RetriableException(
          "Reading incremental export file " + file.key() + " failed: " + e.getMessage(), e);
    }
    return count;
  }

  private ChangeEvent event(ExportRecord change, ExportDescription export, TableMarker marker) {
    long written = change.writeMicros() / 1000;
    SourceInfo source =
        SourceInfo.stream(
                table,
                marker.streamArn(),
                null,
                null,
                export.exportId(),
                written > 0 ? Instant.ofEpochMilli(written) : null,
                false)
            .withSnapshotStart(
                marker.snapshotStartMillis() > 0
                    ? Instant.ofEpochMilli(marker.snapshotStartMillis())
                    : null);
    Map<String, AttributeValue> keys = keysOf(change);
    if (change.isDeletion()) {
      return new ChangeEvent(Operation.REMOVE, keys, null, change.oldImage(), source);
    }
    return new ChangeEvent(
        change.oldImage() == null ? Operation.INSERT : Operation.MODIFY,
        keys,
        change.newImage(),
        change.oldImage(),
        source);
  }

  /** The key attributes, from the new image when the change has one (as stream events do). */
  private Map<String, AttributeValue> keysOf(ExportRecord change) {
    Map<String, AttributeValue> image = change.isDeletion() ? change.keys() : change.newImage();
    Map<String, AttributeValue> keys = new HashMap<>(4);
    for (String name : model.keyEncoder().attributeNames()) {
      AttributeValue value = image.get(name);
      keys.put(name, value != null ? value : change.keys().get(name));
    }
    return keys;
  }

  private String request(TableMarker marker, TableMarker.Heal window) throws InterruptedException {
    String arn =
        requests.request(
            new ExportClient.Request(
                tableArn.get(),
                0,
                window.fromMillis(),
                window.toMillis(),
                settings.bucket(),
                settings.bucketOwner(),
                ExportRequests.prefix(
                    settings.prefix(),
                    table,
                    "heal-"
                        + Instant.ofEpochMilli(window.fromMillis()).toString().replace(':', '-')
                        + "-"
                        + Instant.ofEpochMilli(window.toMillis()).toString().replace(':', '-')),
                settings.format(),
                ExportRequests.token(
                    marker.tableId(), "heal", window.fromMillis(), window.toMillis())));
    if (arn != null) {
      LOG.info(
          "Table {}: requested incremental export {} of the changes from {} to {}",
          table,
          arn,
          Instant.ofEpochMilli(window.fromMillis()),
          Instant.ofEpochMilli(window.toMillis()));
    }
    return arn;
  }

  private ExportDescription await(String exportArn) throws InterruptedException {
    if (exportArn == null) {
      return null;
    }
    return requests.await(
        exportArn,
        "The heal of table " + table + " stops here; restart the connector once it is fixed.",
        (running, elapsed) -> {});
  }
}
