package io.ddbsync.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a change event came from. Stream fields are null for snapshot events and the snapshot
 * segment is null for stream events. Sequence numbers are strings: they have up to 40 digits.
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
    boolean ttlExpiry) {

  public SourceInfo {
    Objects.requireNonNull(table, "table");
  }

  public static SourceInfo snapshot(String table, int segment, Instant readTime) {
    return new SourceInfo(table, null, null, null, null, readTime, true, segment, false);
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
