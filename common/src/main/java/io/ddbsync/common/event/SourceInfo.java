package io.ddbsync.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a change event came from. Stream fields are null for snapshot events and the snapshot
 * segment is null for stream events. Sequence numbers are strings: they have up to 40 digits.
 *
 * @param snapshotStart the start of the snapshot the event's data derives from: for a snapshot row
 *     its segment's scan start, for a stream change the earliest segment start of the snapshot
 *     streaming followed; null when no snapshot preceded (STREAM_ONLY). Rows older than a completed
 *     snapshot's start were not seen by it: their items no longer exist.
 */
public record SourceInfo(
    String table,
    String streamArn,
    String shardId,
    String sequenceNumber,
    String eventId,
    Instant approximateCreationTime,
    boolean snapshot,
    Integer snapshotSegment,
    boolean ttlExpiry,
    Instant snapshotStart) {

  public SourceInfo {
    Objects.requireNonNull(table, "table");
  }

  public SourceInfo(
      String table,
      String streamArn,
      String shardId,
      String sequenceNumber,
      String eventId,
      Instant approximateCreationTime,
      boolean snapshot,
      Integer snapshotSegment,
      boolean ttlExpiry) {
    this(
        table,
        streamArn,
        shardId,
        sequenceNumber,
        eventId,
        approximateCreationTime,
        snapshot,
        snapshotSegment,
        ttlExpiry,
        null);
  }

  public static SourceInfo snapshot(String table, int segment, Instant readTime) {
    return snapshot(table, segment, readTime, null);
  }

  public static SourceInfo snapshot(
      String table, int segment, Instant readTime, Instant snapshotStart) {
    return new SourceInfo(
        table, null, null, null, null, readTime, true, segment, false, snapshotStart);
  }

  /** The marker of a completed snapshot that started at {@code snapshotStart}. */
  public static SourceInfo snapshotComplete(String table, Instant snapshotStart) {
    return new SourceInfo(
        table, null, null, null, null, Instant.now(), true, null, false, snapshotStart);
  }

  /** This source with {@code start} as the snapshot the data derives from. */
  public SourceInfo withSnapshotStart(Instant start) {
    return new SourceInfo(
        table,
        streamArn,
        shardId,
        sequenceNumber,
        eventId,
        approximateCreationTime,
        snapshot,
        snapshotSegment,
        ttlExpiry,
        start);
  }

  public static SourceInfo stream(
      String table,
      String streamArn,
      String shardId,
      String sequenceNumber,
      String eventId,
      Instant approximateCreationTime,
      boolean ttlExpiry) {
    return new SourceInfo(
        table,
        streamArn,
        shardId,
        sequenceNumber,
        eventId,
        approximateCreationTime,
        false,
        null,
        ttlExpiry);
  }
}
