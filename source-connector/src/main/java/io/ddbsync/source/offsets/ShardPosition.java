package io.ddbsync.source.offsets;

import java.util.HashMap;
import java.util.Map;

/**
 * Where reading one stream shard stands: the last sequence number emitted (a string: they have up
 * to 40 digits), whether the shard was read to its end, the table's snapshot epoch the position
 * belongs to (positions of an older epoch are void after a re-snapshot), and when the record at the
 * position was created (0 when unknown), to tell a position trimmed by age from a lost one.
 */
public record ShardPosition(String sequenceNumber, boolean done, int epoch, long createdAtMillis) {

  public ShardPosition(String sequenceNumber, boolean done, int epoch) {
    this(sequenceNumber, done, epoch, 0);
  }

  public Map<String, Object> toOffset() {
    Map<String, Object> offset = new HashMap<>();
    if (sequenceNumber != null) {
      offset.put(OffsetKeys.SEQUENCE_NUMBER, sequenceNumber);
    }
    offset.put(OffsetKeys.DONE, done);
    offset.put(OffsetKeys.EPOCH, epoch);
    if (createdAtMillis > 0) {
      offset.put(OffsetKeys.CREATED_AT, createdAtMillis);
    }
    return offset;
  }

  public static ShardPosition fromOffset(Map<String, Object> offset) {
    if (offset == null) {
      return null;
    }
    Object sequence = offset.get(OffsetKeys.SEQUENCE_NUMBER);
    return new ShardPosition(
        sequence == null ? null : sequence.toString(),
        Boolean.TRUE.equals(offset.get(OffsetKeys.DONE)),
        (int) OffsetKeys.longValue(offset, OffsetKeys.EPOCH),
        OffsetKeys.longValue(offset, OffsetKeys.CREATED_AT));
  }
}
