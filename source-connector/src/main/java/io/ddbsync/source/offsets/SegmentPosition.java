package io.ddbsync.source.offsets;

import io.ddbsync.common.json.DynamoJson;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where one snapshot segment stands: the key to resume after (Scan's ExclusiveStartKey), whether
 * the segment is finished, when its scan started (the stream replays from before that), how many
 * items it has emitted, and the snapshot generation its rows carry.
 *
 * @param generationMillis the generation of the segment's rows: its start, raised to the table's
 *     generation floor so that a later snapshot of a table is always a newer generation whatever
 *     the workers' clocks say; 0 for a segment started by a version that recorded none, whose rows
 *     then carry no generation (and whose snapshot completes none)
 */
public record SegmentPosition(
    Map<String, AttributeValue> resumeAfter,
    boolean done,
    long startedAtMillis,
    long items,
    long generationMillis) {

  /** A segment starting now, its generation the start itself. */
  public static SegmentPosition start(long nowMillis) {
    return start(nowMillis, 0);
  }

  /** A segment starting now, its generation at least {@code generationFloorMillis}. */
  public static SegmentPosition start(long nowMillis, long generationFloorMillis) {
    return new SegmentPosition(
        null, false, nowMillis, 0, Math.max(nowMillis, generationFloorMillis));
  }

  public SegmentPosition next(Map<String, AttributeValue> lastEvaluatedKey, long pageItems) {
    boolean finished = lastEvaluatedKey == null || lastEvaluatedKey.isEmpty();
    return new SegmentPosition(
        finished ? null : lastEvaluatedKey,
        finished,
        startedAtMillis,
        items + pageItems,
        generationMillis);
  }

  public Map<String, Object> toOffset() {
    Map<String, Object> offset = new HashMap<>();
    if (resumeAfter != null) {
      offset.put(OffsetKeys.RESUME_AFTER, DynamoJson.writeItem(resumeAfter));
    }
    offset.put(OffsetKeys.DONE, done);
    offset.put(OffsetKeys.STARTED_AT, startedAtMillis);
    offset.put(OffsetKeys.ITEMS, items);
    if (generationMillis > 0) {
      offset.put(OffsetKeys.GENERATION, generationMillis);
    }
    return offset;
  }

  /** The stored position, or null if none was stored. */
  public static SegmentPosition fromOffset(Map<String, Object> offset) {
    if (offset == null) {
      return null;
    }
    Object resume = offset.get(OffsetKeys.RESUME_AFTER);
    return new SegmentPosition(
        resume == null ? null : DynamoJson.readItem(resume.toString()),
        Boolean.TRUE.equals(offset.get(OffsetKeys.DONE)),
        OffsetKeys.longValue(offset, OffsetKeys.STARTED_AT),
        OffsetKeys.longValue(offset, OffsetKeys.ITEMS),
        OffsetKeys.longValue(offset, OffsetKeys.GENERATION));
  }
}
