package io.ddbsync.source.stream;

import io.ddbsync.common.aws.AwsErrors;
import io.ddbsync.common.aws.AwsRetry;
import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.emit.RecordSink;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.ShardPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.StreamWork;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.StreamStartPosition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * Follows one table's stream: waits for the table's snapshot to be in Kafka (see {@link
 * HandoffRule}), then reads every shard, parents before children, from the stored sequence numbers.
 * Whenever the stream cannot continue from where it stands (trimmed records, a replaced or disabled
 * stream, a stored position older than the retention) it applies the lost-position policy: fail
 * with instructions, or record a new snapshot epoch for the connector to plan.
 */
public final class TableStreamReader {
  private static final Logger LOG = LoggerFactory.getLogger(TableStreamReader.class);
  private static final long MIN_CALL_INTERVAL_MILLIS = 200;

  /** Stream settings shared by every table. */
  public record Settings(
      Duration pollInterval,
      int recordsPerCall,
      Duration shardRefresh,
      Duration handoffCheck,
      LostPositionPolicy policy,
      StreamStartPosition startPosition,
      Duration markerInterval,
      Duration maxBackoff) {
    /**
     * How often a table marker records where a quiet stream stands, so that a restart resumes close
     * to it and the marker's time shows the position is fresh.
     */
    public static final Duration MARKER_INTERVAL = Duration.ofSeconds(30);
  }

  /** Unwinds the reader when it must stop streaming this table without failing the task. */
  private static final class StopStreaming extends Exception {
    private static final long serialVersionUID = 1L;

    StopStreaming() {
      super(null, null, false, false);
    }
  }

  private final StreamWork work;
  private final StreamClient streams;
  private final TableCatalog catalog;
  private final StoredOffsets offsets;
  private final TableEventModel model;
  private final ChangeRecords records;
  private final RecordSink sink;
  private final Settings settings;
  private final Clock clock;
  private final BooleanSupplier running;
  private final StreamProgress progress;
  private final Map<String, Object> markerPartition;
  private final ShardTracker tracker = new ShardTracker();
  private final Map<String, ShardCursor> cursors = new HashMap<>();
  private final AwsRetry retry;

  private TableMarker marker;
  private boolean disabled;
  private boolean refreshNeeded = true;
  private long lastRefreshMillis;
  private long lastMarkerMillis;

  public TableStreamReader(
      StreamWork work,
      StreamClient streams,
      TableCatalog catalog,
      StoredOffsets offsets,
      TableEventModel model,
      ChangeRecords records,
      RecordSink sink,
      Settings settings,
      Clock clock,
      BooleanSupplier running,
      StreamProgress progress) {
    this.work = work;
    this.streams = streams;
    this.catalog = catalog;
    this.offsets = offsets;
    this.model = model;
    this.records = records;
    this.sink = sink;
    this.settings = settings;
    this.clock = clock;
    this.running = running;
    this.progress = progress;
    this.markerPartition = SourcePartitions.table(work.table());
    this.retry = new AwsRetry(Duration.ofMillis(200), settings.maxBackoff());
  }

  /** Reads until the task stops. Throws ConnectException when it must fail the task. */
  public void run() throws InterruptedException {
    try {
      marker = prepare();
      if (marker.phase() == TableMarker.Phase.SNAPSHOT) {
        awaitSnapshot();
      }
      progress.streaming(work.table(), true);
      stream();
    } catch (StopStreaming stop) {
      progress.streaming(work.table(), false);
      while (running.getAsBoolean()) {
        Thread.sleep(1_000);
      }
    }
  }

  private TableMarker prepare() throws InterruptedException, StopStreaming {
    TableMarker stored = TableMarker.fromOffset(offsets.offset(markerPartition));
    TableStart.Decision decision =
        TableStart.decide(
            stored, work, settings.policy(), settings.startPosition(), clock.millis());
    if (decision instanceof TableStart.Resume resume) {
      return resume.marker();
    }
    if (decision instanceof TableStart.Replanned replanned) {
      LOG.info(
          "Table {} moved to snapshot epoch {}; waiting for the connector to plan it",
          work.table(),
          replanned.epoch());
      throw new StopStreaming();
    }
    if (decision instanceof TableStart.Lost lost) {
      throw lostPosition(lost.stored(), lost.reason());
    }
    if (decision instanceof TableStart.Refused refused) {
      throw new ConnectException(refused.message());
    }
    TableStart.Fresh fresh = (TableStart.Fresh) decision;
    if (fresh.recreated() != null) {
      LOG.warn("{}; taking a new snapshot of it (epoch {})", fresh.recreated(), work.epoch());
    }
    emitMarker(fresh.marker(), "table state");
    return fresh.marker();
  }

  private void awaitSnapshot() throws InterruptedException, StopStreaming {
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
                    model, markerPartition, streaming.toOffset(), Instant.ofEpochMilli(generation));
          } catch (org.apache.kafka.connect.errors.RetriableException e) {
            LOG.warn(
                "Table {}: cannot read the partitions of its topic ({}); trying again",
                work.table(),
                e.getMessage());
            Thread.sleep(settings.handoffCheck().toMillis());
            continue;
          }
          for (SourceRecord record : complete) {
            sink.put(record, 256);
          }
        }
        marker = streaming;
        emitMarker(marker, "snapshot complete");
        LOG.info(
            "Table {}: all {} snapshot segments are in Kafka; streaming changes created since {}",
            work.table(),
            total,
            Instant.ofEpochMilli(start.cutoffMillis()));
        return;
      }
      if (decision instanceof HandoffRule.Gap gap) {
        throw lostPosition(
            marker,
            "the snapshot of table "
                + work.table()
                + " started before "
                + Instant.ofEpochMilli(gap.cutoffMillis())
                + ", longer ago than the stream's 24-hour retention, so changes made during it"
                + " may be gone (to finish in time, "
                + SnapshotForecast.advice()
                + ")");
      }
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
      Thread.sleep(settings.handoffCheck().toMillis());
    }
  }

  private void stream() throws InterruptedException, StopStreaming {
    while (running.getAsBoolean()) {
      long now = clock.millis();
      if (refreshNeeded || now - lastRefreshMillis >= settings.shardRefresh().toMillis()) {
        refresh();
      }
      long nextCall = Long.MAX_VALUE;
      for (ShardInfo shard : tracker.readable()) {
        ShardCursor cursor =
            cursors.computeIfAbsent(shard.shardId(), id -> new ShardCursor(id, null));
        if (now < cursor.nextCallAtMillis) {
          nextCall = Math.min(nextCall, cursor.nextCallAtMillis);
          continue;
        }
        poll(shard, cursor);
        nextCall = Math.min(nextCall, cursor.nextCallAtMillis);
      }
      if (disabled && tracker.allFinished()) {
        streamEnded();
      }
      maybeEmitCaughtUp();
      long sleep = Math.min(settings.pollInterval().toMillis(), nextCall - clock.millis());
      if (sleep > 0) {
        Thread.sleep(sleep);
      }
    }
  }

  private void refresh() throws InterruptedException, StopStreaming {
    StreamDescription description;
    try {
      description = streams.describe(work.streamArn());
    } catch (ResourceNotFoundException e) {
      streamEnded();
      return;
    } catch (SdkException e) {
      retryOrFail(e, "DescribeStream");
      return;
    }
    disabled = description.isDisabled();
    List<ShardInfo> added = tracker.update(description.shards());
    if (!added.isEmpty()) {
      List<Map<String, Object>> partitions = new ArrayList<>(added.size());
      for (ShardInfo shard : added) {
        partitions.add(SourcePartitions.shard(work.streamArn(), shard.shardId()));
      }
      Map<Map<String, Object>, Map<String, Object>> stored = offsets.offsets(partitions);
      Map<String, ShardPosition> positions = new HashMap<>();
      for (ShardInfo shard : added) {
        ShardPosition position =
            ShardPosition.fromOffset(
                stored.get(SourcePartitions.shard(work.streamArn(), shard.shardId())));
        if (position != null && position.epoch() == marker.epoch()) {
          positions.put(shard.shardId(), position);
        }
      }
      ShardTracker.Restored restored = tracker.restore(added, positions);
      for (ShardInfo shard : restored.readAgain()) {
        LOG.info(
            "Table {}: shard {} is read again from its start, after its unfinished parent {}",
            work.table(),
            shard.shardId(),
            shard.parentShardId());
      }
      restored
          .resume()
          .forEach(
              (shardId, position) ->
                  cursors.put(
                      shardId,
                      new ShardCursor(
                          shardId, position.sequenceNumber(), position.createdAtMillis())));
      LOG.debug("Table {}: {} new shards, {} in all", work.table(), added.size(), tracker.size());
    }
    lastRefreshMillis = clock.millis();
    refreshNeeded = false;
  }

  private void poll(ShardInfo shard, ShardCursor cursor)
      throws InterruptedException, StopStreaming {
    long now = clock.millis();
    if (cursor.iterator == null) {
      cursor.iterator = acquireIterator(shard, cursor);
      if (cursor.iterator == null) {
        return;
      }
    }
    RecordsPage page;
    try {
      page = streams.records(cursor.iterator, settings.recordsPerCall());
    } catch (ExpiredIteratorException e) {
      // Iterators live 15 minutes; take a new one from the last sequence number.
      progress.expired();
      cursor.iterator = null;
      return;
    } catch (TrimmedDataAccessException e) {
      cursor.iterator = null;
      if (cursor.lastSequenceNumber != null && !trimmedPositionIsSafe(cursor)) {
        throw lostPosition(marker, trimmedReason(shard));
      }
      restartFromTrimHorizon(shard, cursor);
      cursor.nextCallAtMillis = now + settings.pollInterval().toMillis();
      return;
    } catch (ResourceNotFoundException e) {
      refreshNeeded = true;
      cursor.iterator = null;
      cursor.nextCallAtMillis = now + settings.pollInterval().toMillis();
      return;
    } catch (SdkException e) {
      if (AwsErrors.classify(e) == AwsErrors.Kind.THROTTLED) {
        progress.throttled();
        cursor.nextCallAtMillis = now + retry.throttledWait();
        return;
      }
      retryOrFail(e, "GetRecords");
      return;
    }
    retry.succeeded();
    for (Record record : page.records()) {
      long created = StreamEvents.createdAtMillis(record);
      cursor.lastSequenceNumber = record.dynamodb().sequenceNumber();
      cursor.lastRecordCreatedMillis = created;
      if (created < marker.cutoffMillis()) {
        progress.skipped();
        continue;
      }
      emit(shard, record, created);
    }
    cursor.iterator = page.nextIterator();
    if (page.records().isEmpty()) {
      cursor.caughtUpAtMillis = now;
      progress.caughtUp(work.table());
      cursor.nextCallAtMillis = now + settings.pollInterval().toMillis();
    } else {
      cursor.nextCallAtMillis = now + MIN_CALL_INTERVAL_MILLIS;
    }
    if (page.nextIterator() == null) {
      finishShard(shard, cursor);
    }
  }

  private String acquireIterator(ShardInfo shard, ShardCursor cursor)
      throws InterruptedException, StopStreaming {
    try {
      if (cursor.lastSequenceNumber != null) {
        return streams.iterator(
            work.streamArn(),
            shard.shardId(),
            StreamClient.Start.AFTER_SEQUENCE_NUMBER,
            cursor.lastSequenceNumber);
      }
      return streams.iterator(
          work.streamArn(), shard.shardId(), StreamClient.Start.TRIM_HORIZON, null);
    } catch (TrimmedDataAccessException e) {
      if (cursor.lastSequenceNumber == null || !trimmedPositionIsSafe(cursor)) {
        throw lostPosition(marker, trimmedReason(shard));
      }
      restartFromTrimHorizon(shard, cursor);
      return null;
    } catch (ResourceNotFoundException e) {
      refreshNeeded = true;
      return null;
    } catch (SdkException e) {
      if (AwsErrors.classify(e) == AwsErrors.Kind.THROTTLED) {
        progress.throttled();
        cursor.nextCallAtMillis = clock.millis() + retry.throttledWait();
        return null;
      }
      retryOrFail(e, "GetShardIterator");
      return null;
    }
  }

  private boolean trimmedPositionIsSafe(ShardCursor cursor) {
    return HandoffRule.trimmedPositionLostNothing(
        cursor.lastRecordCreatedMillis,
        marker.cutoffMillis(),
        marker.caughtUpToMillis(),
        clock.millis());
  }

  private void restartFromTrimHorizon(ShardInfo shard, ShardCursor cursor) {
    LOG.info(
        "Table {}: the position in shard {} aged out of the stream with nothing unread after it;"
            + " the shard continues from its oldest record",
        work.table(),
        shard.shardId());
    cursor.lastSequenceNumber = null;
    cursor.iterator = null;
  }

  private void emit(ShardInfo shard, Record record, long createdMillis)
      throws InterruptedException {
    ChangeEvent event =
        StreamEvents.toEvent(
            work.table(), work.streamArn(), shard.shardId(), record, marker.snapshotStartMillis());
    Map<String, Object> partition = SourcePartitions.shard(work.streamArn(), shard.shardId());
    Map<String, Object> offset =
        new ShardPosition(record.dynamodb().sequenceNumber(), false, marker.epoch(), createdMillis)
            .toOffset();
    long bytes = record.dynamodb().sizeBytes() == null ? 256 : record.dynamodb().sizeBytes();
    long timestamp = createdMillis > 0 ? createdMillis : clock.millis();
    for (SourceRecord sourceRecord : records.records(model, event, partition, offset, timestamp)) {
      sink.put(sourceRecord, bytes);
    }
    progress.emitted(work.table(), clock.millis() - createdMillis);
  }

  private void finishShard(ShardInfo shard, ShardCursor cursor) throws InterruptedException {
    tracker.finished(shard.shardId());
    cursors.remove(shard.shardId());
    refreshNeeded = true;
    sink.put(
        records.progress(
            SourcePartitions.shard(work.streamArn(), shard.shardId()),
            new ShardPosition(cursor.lastSequenceNumber, true, marker.epoch()).toOffset(),
            "shard read to its end"),
        64);
    LOG.debug("Table {}: shard {} read to its end", work.table(), shard.shardId());
  }

  /** The stream ended (disabled, deleted): fine if the table is gone, a lost position if not. */
  private void streamEnded() throws InterruptedException, StopStreaming {
    TableInfo current = catalog.describe(work.table());
    if (current == null || !current.tableId().equals(work.tableId())) {
      LOG.info("Table {} was deleted; its stream is read to the end", work.table());
      throw new StopStreaming();
    }
    throw lostPosition(
        marker,
        "the stream of table "
            + work.table()
            + " was disabled"
            + (current.hasStream() ? " and replaced by " + current.streamArn() : "")
            + ", so changes made while no stream was enabled are not recorded anywhere");
  }

  private String trimmedReason(ShardInfo shard) {
    return "the stored position in shard "
        + shard.shardId()
        + " of table "
        + work.table()
        + "'s stream has been trimmed (stream records are kept for 24 hours), so changes"
        + " after it may be gone";
  }

  /** Carries out the lost-position policy's decision: fail the task, or a new snapshot epoch. */
  private StopStreaming lostPosition(TableMarker current, String reason)
      throws InterruptedException {
    int segments = current.segments() > 0 ? current.segments() : work.totalSegments();
    LostPosition.Decision decision =
        LostPosition.decide(
            settings.policy(),
            work.table(),
            reason,
            current,
            () -> catalog.describe(work.table()),
            segments);
    if (decision instanceof LostPosition.Fail fail) {
      throw new ConnectException(fail.message());
    }
    TableMarker next = ((LostPosition.Resnapshot) decision).next();
    emitMarker(next, "re-snapshot requested");
    LOG.warn(
        "{}; taking a new snapshot of table {} (epoch {}), then streaming again",
        reason,
        work.table(),
        next.epoch());
    return new StopStreaming();
  }

  private void maybeEmitCaughtUp() throws InterruptedException {
    long now = clock.millis();
    if (now - lastMarkerMillis < settings.markerInterval().toMillis()) {
      return;
    }
    long caughtUpTo = Long.MAX_VALUE;
    for (ShardInfo shard : tracker.readable()) {
      ShardCursor cursor = cursors.get(shard.shardId());
      if (cursor == null || cursor.caughtUpToMillis() == 0) {
        return;
      }
      caughtUpTo = Math.min(caughtUpTo, cursor.caughtUpToMillis());
    }
    if (caughtUpTo != Long.MAX_VALUE && caughtUpTo > marker.caughtUpToMillis()) {
      marker = marker.caughtUpTo(caughtUpTo);
      emitMarker(marker, "stream progress");
    }
    lastMarkerMillis = now;
  }

  private void emitMarker(TableMarker state, String description) throws InterruptedException {
    sink.put(records.progress(markerPartition, state.toOffset(), description), 128);
  }

  private void retryOrFail(SdkException error, String call) throws InterruptedException {
    AwsRetry.Next next = retry.after(error);
    if (next.givesUp()) {
      throw new ConnectException(
          call
              + " on the stream of table "
              + work.table()
              + " failed: "
              + error.getMessage()
              + ". Check that the connector's role may call dynamodb:DescribeStream,"
              + " GetShardIterator and GetRecords on "
              + work.streamArn(),
          error);
    }
    if (next.kind() == AwsErrors.Kind.THROTTLED) {
      progress.throttled();
    }
    LOG.warn(
        "{} on table {} failed ({}); retrying in {} ms",
        call,
        work.table(),
        error.getMessage(),
        next.waitMillis());
    Thread.sleep(next.waitMillis());
  }
}
