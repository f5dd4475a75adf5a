package io.ddbsync.source.stream;

import io.ddbsync.common.aws.AwsErrors;
import io.ddbsync.common.aws.AwsRetry;
import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.emit.RecordSink;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.offsets.ShardPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.StreamWork;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.StreamStartPosition;
import io.ddbsync.source.snapshot.ExportSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

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
  private final StreamShards shards;
  private final PositionLoss loss;
  // The export the epoch's snapshot is read from, which this reader requests and awaits; null
  // when the snapshot is a Scan.
  private final ExportSnapshot exportSnapshot;
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
    this(
        work, streams, catalog, offsets, model, records, sink, settings, clock, running, progress,
        null);
  }

  /**
   * @param exportSnapshot the export of the epoch's snapshot when {@code work} reads it from one
   *     (the reader requests and awaits it before waiting for its data files); else null
   */
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
      StreamProgress progress,
      ExportSnapshot exportSnapshot) {
    this(
        work,
        streams,
        catalog,
        offsets,
        model,
        records,
        sink,
        settings,
        clock,
        running,
        progress,
        exportSnapshot,
        null,
        null);
  }

  /**
   * @param heal the heal of a lost position from incremental exports, for
   *     stream.lost.position.policy=INCREMENTAL_EXPORT with an export bucket; else null
   * @param exports the export calls {@code heal} needs; null with it
   */
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
      StreamProgress progress,
      ExportSnapshot exportSnapshot,
      IncrementalHeal heal,
      ExportClient exports) {
    this.exportSnapshot = exportSnapshot;
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
    this.shards = new StreamShards(work, offsets);
    this.loss =
        new PositionLoss(work, catalog, settings.policy(), this::emitMarker, heal, exports, clock);
    this.retry = new AwsRetry(Duration.ofMillis(200), settings.maxBackoff());
  }

  /** Reads until the task stops. Throws ConnectException when it must fail the task. */
  public void run() throws InterruptedException {
    try {
      marker = prepare();
      if (marker.healing()) {
        // Stopped mid-heal: the same windows again, so the same exports.
        throw loss.heal(marker);
      }
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
    if (exportSnapshot != null) {
      TableMarker exported = exportSnapshot.run(marker);
      if (exported == null) {
        return; // the task stops
      }
      marker = exported;
    }
    SnapshotHandoff.Result result =
        new SnapshotHandoff(
                work,
                offsets,
                model,
                records,
                sink,
                settings.handoffCheck(),
                clock,
                running,
                progress)
            .await(marker);
    if (result instanceof SnapshotHandoff.Streaming streaming) {
      marker = streaming.marker();
      emitMarker(marker, "snapshot complete");
    } else if (result instanceof SnapshotHandoff.Gap gap) {
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
    // Stopped: the task stops, and stream() returns at once.
  }

  private void stream() throws InterruptedException, StopStreaming {
    while (running.getAsBoolean()) {
      long now = clock.millis();
      if (refreshNeeded || now - lastRefreshMillis >= settings.shardRefresh().toMillis()) {
        refresh();
      }
      long nextCall = Long.MAX_VALUE;
      for (ShardInfo shard : shards.readable()) {
        ShardCursor cursor = shards.cursor(shard);
        if (now < cursor.nextCallAtMillis) {
          nextCall = Math.min(nextCall, cursor.nextCallAtMillis);
          continue;
        }
        poll(shard, cursor);
        nextCall = Math.min(nextCall, cursor.nextCallAtMillis);
      }
      if (disabled && shards.allFinished()) {
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
    shards.update(description.shards(), marker.epoch());
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
    } catch (SdkException e) {
      failed(e, ShardCallFailure.Call.GET_RECORDS, "GetRecords", shard, cursor);
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
    } catch (SdkException e) {
      failed(e, ShardCallFailure.Call.GET_SHARD_ITERATOR, "GetShardIterator", shard, cursor);
      return null;
    }
  }

  /**
   * Acts on a failed shard call as {@link ShardCallFailure} classifies it. A call after which the
   * shard waits (GetRecords) is tried again a poll interval later.
   */
  private void failed(
      SdkException error,
      ShardCallFailure.Call call,
      String callName,
      ShardInfo shard,
      ShardCursor cursor)
      throws InterruptedException, StopStreaming {
    long now = clock.millis();
    boolean hasPosition = cursor.lastSequenceNumber != null;
    ShardCallFailure.Outcome outcome =
        ShardCallFailure.classify(
            error, call, hasPosition, hasPosition && trimmedPositionIsSafe(cursor));
    boolean waits = call == ShardCallFailure.Call.GET_RECORDS;
    if (outcome instanceof ShardCallFailure.Renew) {
      progress.expired();
      cursor.iterator = null;
    } else if (outcome instanceof ShardCallFailure.Lost) {
      cursor.iterator = null;
      throw lostPosition(marker, loss.trimmed(shard));
    } else if (outcome instanceof ShardCallFailure.RestartFromTrimHorizon) {
      restartFromTrimHorizon(shard, cursor);
      if (waits) {
        cursor.nextCallAtMillis = now + settings.pollInterval().toMillis();
      }
    } else if (outcome instanceof ShardCallFailure.Refresh) {
      refreshNeeded = true;
      cursor.iterator = null;
      if (waits) {
        cursor.nextCallAtMillis = now + settings.pollInterval().toMillis();
      }
    } else if (outcome instanceof ShardCallFailure.Throttled) {
      progress.throttled();
      cursor.nextCallAtMillis = now + retry.throttledWait();
    } else {
      retryOrFail(error, callName);
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
    shards.finished(shard);
    refreshNeeded = true;
    sink.put(
        records.progress(
            SourcePartitions.shard(work.streamArn(), shard.shardId()),
            new ShardPosition(cursor.lastSequenceNumber, true, marker.epoch()).toOffset(),
            "shard read to its end"),
        64);
    LOG.debug("Table {}: shard {} read to its end", work.table(), shard.shardId());
  }

  private void streamEnded() throws InterruptedException, StopStreaming {
    throw loss.streamEnded(marker);
  }

  private StopStreaming lostPosition(TableMarker current, String reason)
      throws InterruptedException {
    return loss.lost(current, reason);
  }

  private void maybeEmitCaughtUp() throws InterruptedException {
    long now = clock.millis();
    if (now - lastMarkerMillis < settings.markerInterval().toMillis()) {
      return;
    }
    long caughtUpTo = shards.caughtUpToMillis();
    if (caughtUpTo == 0) {
      return;
    }
    if (caughtUpTo > marker.caughtUpToMillis()) {
      marker = marker.caughtUpTo(caughtUpTo);
      emitMarker(marker, "stream progress");
      if (marker.phase() == TableMarker.Phase.STREAMING) {
        // Only once the snapshot is complete does "caught up" cover every item.
        for (org.apache.kafka.connect.source.SourceRecord heartbeat :
            records.heartbeats(work.table(), markerPartition, marker.toOffset(), caughtUpTo)) {
          sink.put(heartbeat, 64);
        }
      }
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
