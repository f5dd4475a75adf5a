package io.ddbsync.source.stream;

import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.emit.RecordSink;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.StreamWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait of a table's stream for its snapshot: reads the segments' committed positions until
 * {@link HandoffRule} says the stream may start, watching the snapshot against the stream's
 * retention meanwhile ({@link RetentionWatch}), and announces the snapshot's end on every partition
 * of the table's topic once all its rows are in Kafka.
 */
final class SnapshotHandoff {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotHandoff.class);

  /** How the wait ended. */
  sealed interface Result {}

  /** The snapshot is in Kafka: the table streams from {@code marker}'s cutoff. */
  record Streaming(TableMarker marker) implements Result {}

  /** The snapshot began too long ago for the stream to hold every change made since. */
  record Gap(long cutoffMillis) implements Result {}

  /** The task stops. */
  record Stopped() implements Result {}

  private final StreamWork work;
  private final StoredOffsets offsets;
  private final TableEventModel model;
  private final ChangeRecords records;
  private final RecordSink sink;
  private final Duration checkInterval;
  private final Clock clock;
  private final BooleanSupplier running;
  private final StreamProgress progress;

  SnapshotHandoff(
      StreamWork work,
      StoredOffsets offsets,
      TableEventModel model,
      ChangeRecords records,
      RecordSink sink,
      Duration checkInterval,
      Clock clock,
      BooleanSupplier running,
      StreamProgress progress) {
    this.work = work;
    this.offsets = offsets;
    this.model = model;
    this.records = records;
    this.sink = sink;
    this.checkInterval = checkInterval;
    this.clock = clock;
    this.running = running;
    this.progress = progress;
  }

  /** Waits for the snapshot {@code marker} records; the caller records the marker it returns. */
  Result await(TableMarker marker) throws InterruptedException {
    int total = marker.segments() > 0 ? marker.segments() : work.totalSegments();
    List<Map<String, Object>> partitions = new ArrayList<>(total);
    for (int segment = 0; segment < total; segment++) {
      partitions.add(
          SourcePartitions.segment(work.table(), work.tableId(), marker.epoch(), segment, total));
    }
    long lastLog = 0;
    RetentionWatch retention = new RetentionWatch(work, progress);
    while (running.getAsBoolean()) {
      Map<Map<String, Object>, Map<String, Object>> stored = offsets.offsets(partitions);
      List<SegmentPosition> positions = new ArrayList<>(total);
      for (Map<String, Object> partition : partitions) {
        positions.add(SegmentPosition.fromOffset(stored.get(partition)));
      }
      long now = clock.millis();
      HandoffRule.Decision decision = HandoffRule.decide(positions, now);
      if (decision instanceof HandoffRule.Start start) {
        TableMarker streaming = started(marker, start);
        if (streaming != null) {
          LOG.info(
              "Table {}: all {} snapshot segments are in Kafka; streaming changes created since {}",
              work.table(),
              total,
              Instant.ofEpochMilli(start.cutoffMillis()));
          return new Streaming(streaming);
        }
      } else if (decision instanceof HandoffRule.Gap gap) {
        return new Gap(gap.cutoffMillis());
      } else {
        HandoffRule.Wait wait = (HandoffRule.Wait) decision;
        retention.check(positions, total, now);
        if (now - lastLog >= 60_000) {
          LOG.info(
              "Table {}: streaming waits for the snapshot, {}/{} segments in Kafka",
              work.table(),
              wait.segmentsDone(),
              wait.segmentsTotal());
          lastLog = now;
        }
      }
      Thread.sleep(checkInterval.toMillis());
    }
    return new Stopped();
  }

  /**
   * The marker of the table streaming from the snapshot's cutoff, after announcing the snapshot's
   * end; null when the partitions of the topic cannot be read now (tried again).
   */
  private TableMarker started(TableMarker marker, HandoffRule.Start start)
      throws InterruptedException {
    long generation = start.generationMillis();
    if (generation == 0) {
      LOG.warn(
          "Table {}: a segment of the snapshot was begun by a version that recorded no"
              + " generations; the snapshot completes none, so consumers remove no rows of"
              + " items it did not find",
          work.table());
    }
    TableMarker streaming =
        marker.streaming(start.cutoffMillis(), start.cutoffMillis(), generation);
    if (generation > 0) {
      // Every row of the snapshot is in Kafka: consumers may now drop rows it did not see.
      List<SourceRecord> complete;
      try {
        complete =
            records.snapshotComplete(
                model,
                SourcePartitions.table(work.table()),
                streaming.toOffset(),
                Instant.ofEpochMilli(generation));
      } catch (RetriableException e) {
        LOG.warn(
            "Table {}: cannot read the partitions of its topic ({}); trying again",
            work.table(),
            e.getMessage());
        return null;
      }
      for (SourceRecord record : complete) {
        sink.put(record, 256);
      }
    }
    return streaming;
  }
}
