package io.ddbsync.source.offsets;

import java.util.HashMap;
import java.util.Map;

/**
 * Where reading one stream shard stands: the last sequence number emitted (a string: they have up
 * to 40 digits), whether the shard was read to its end, and the table's snapshot epoch the position
 * belongs to (positions of an older epoch are void after a re-snapshot).
 */
public record ShardPosition(String sequenceNumber, boolean done, int epoch) {

  public Map<String, Object> toOffset() {
    Map<String, Object> offset = new HashMap<>();
    if (sequenceNumber != null) {
      offset.put(OffsetKeys.SEQUENCE_NUMBER, sequenceNumber);
    }
    offset.put(OffsetKeys.DONE, done);
    offset.put(OffsetKeys.EPOCH, epoch);
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
        (int) OffsetKeys.longValue(offset, OffsetKeys.EPOCH));
  }
}
