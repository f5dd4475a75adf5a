package io.ddbsync.source.snapshot;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.ItemSize;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.emit.RecordSink;
import io.ddbsync.source.export.ExportFileReader;
import io.ddbsync.source.export.ExportObjects;
import io.ddbsync.source.export.ExportRecord;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.plan.ExportFileWork;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads one data file of a table's export and emits each item as a READ event, exactly as a Scan
 * segment does: the same events, the same generation (the export's point in time, raised to the
 * table's floor), and a position per record (the lines emitted), so that a restart resumes after
 * the last committed line. Once the file is read, it is checked against its manifest entry (line
 * count and MD5); a file that fails the check fails the task rather than leave items out silently.
 * Reads no DynamoDB capacity.
 */
public final class ExportFileScanner {
  private static final Logger LOG = LoggerFactory.getLogger(ExportFileScanner.class);

  private final ExportFileWork work;
  private final ExportFileIndex index;
  private final ExportObjects objects;
  private final TableEventModel model;
  private final ChangeRecords records;
  private final RecordSink sink;
  private final Clock clock;
  private final SnapshotProgress progress;
  private final BooleanSupplier running;
  private final Map<String, Object> partition;

  public ExportFileScanner(
      ExportFileWork work,
      ExportFileIndex index,
      ExportObjects objects,
      TableEventModel model,
      ChangeRecords records,
      RecordSink sink,
      Clock clock,
      SnapshotProgress progress,
      BooleanSupplier running) {
    this.work = work;
    this.index = index;
    this.objects = objects;
    this.model = model;
    this.records = records;
    this.sink = sink;
    this.clock = clock;
    this.progress = progress;
    this.running = running;
    this.partition =
        SourcePartitions.segment(
            work.table(), work.tableId(), work.epoch(), work.file(), work.totalFiles());
  }

  public Map<String, Object> partition() {
    return partition;
  }

  /** Reads the file to its end, from after the lines {@code stored} says were emitted. */
  public void run(SegmentPosition stored) throws InterruptedException {
    SegmentPosition position =
        stored == null
            ? SegmentPosition.start(work.exportTimeMillis(), work.generationFloorMillis())
            : stored;
    if (position.done()) {
      progress.segmentDone(work.table());
      return;
    }
    ExportFileIndex.Located located;
    try {
      located = index.file(work.exportArn(), work.file(), work.totalFiles());
    } catch (IOException | SdkException e) {
      throw new RetriableException(
          "Cannot find data file "
              + work.file()
              + " of export "
              + work.exportArn()
              + ": "
              + e.getMessage(),
          e);
    }
    String key = located.file().key();
    if (stored != null) {
      LOG.info(
          "Resuming export file {}/{} of table {} after {} items",
          work.file(),
          work.totalFiles(),
          work.table(),
          stored.items());
    }
    try (ExportFileReader reader =
        new ExportFileReader(
            objects.open(located.export().bucket(), key),
            located.file(),
            located.export().format())) {
      reader.skip(position.items());
      long pageItems = 0;
      long pageBytes = 0;
      for (ExportRecord record = reader.next(); record != null; record = reader.next()) {
        if (!running.getAsBoolean()) {
          return;
        }
        if (record.isDeletion()) {
          throw new ConnectException(
              "Export " + work.exportArn() + " is incremental; a snapshot needs a full export");
        }
        position =
            new SegmentPosition(
                null,
                false,
                position.startedAtMillis(),
                position.items() + 1,
                position.generationMillis());
        pageBytes += emit(record.newImage(), position);
        if (++pageItems == 100) {
          progress.page(work.table(), (int) pageItems, pageBytes, 0);
          pageItems = 0;
          pageBytes = 0;
        }
      }
      progress.page(work.table(), (int) pageItems, pageBytes, 0);
      reader.verify();
    } catch (ExportFileReader.Mismatch e) {
      throw new ConnectException(
          "Export file "
              + key
              + " of table "
              + work.table()
              + " does not match its manifest: "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new RetriableException(
          "Reading export file " + key + " of table " + work.table() + " failed: " + e.getMessage(),
          e);
    } catch (SdkException e) {
      throw new RetriableException(
          "Reading export file " + key + " of table " + work.table() + " failed: " + e.getMessage(),
          e);
    }
    SegmentPosition done =
        new SegmentPosition(
            null, true, position.startedAtMillis(), position.items(), position.generationMillis());
    sink.put(records.progress(partition, done.toOffset(), "export file done"), 64);
    progress.segmentDone(work.table());
    LOG.info(
        "Export file {}/{} of table {} done: {} items",
        work.file(),
        work.totalFiles(),
        work.table(),
        done.items());
  }

  private long emit(Map<String, AttributeValue> item, SegmentPosition position)
      throws InterruptedException {
    long bytes = ItemSize.bytes(item);
    ChangeEvent event =
        SnapshotEvents.read(
            model, work.table(), work.file(), item, clock.instant(), position.generationMillis());
    for (SourceRecord record :
        records.records(model, event, partition, position.toOffset(), clock.millis())) {
      sink.put(record, bytes);
    }
    return bytes;
  }
}
