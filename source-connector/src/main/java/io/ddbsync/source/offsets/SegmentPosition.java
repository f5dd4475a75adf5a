package io.ddbsync.source.offsets;

import io.ddbsync.common.json.DynamoJson;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where one snapshot segment stands: the key to resume after (Scan's ExclusiveStartKey), whether
 * the segment is finished, when its scan started (the stream replays from before that) and how many
 * items it has emitted.
 */
public record SegmentPosition(
    Map<String, AttributeValue> resumeAfter, boolean done, long startedAtMillis, long items) {

  public static SegmentPosition start(long nowMillis) {
    return new SegmentPosition(null, false, nowMillis, 0);
  }

  public SegmentPosition next(Map<String, AttributeValue> lastEvaluatedKey, long pageItems) {
    boolean finished = lastEvaluatedKey == null || lastEvaluatedKey.isEmpty();
    return new SegmentPosition(
        finished ? null : lastEvaluatedKey, finished, startedAtMillis, items + pageItems);
  }

  public Map<String, Object> toOffset() {
    Map<String, Object> offset = new HashMap<>();
    if (resumeAfter != null) {
      offset.put(OffsetKeys.RESUME_AFTER, DynamoJson.writeItem(resumeAfter));
    }
    offset.put(OffsetKeys.DONE, done);
    offset.put(OffsetKeys.STARTED_AT, startedAtMillis);
    offset.put(OffsetKeys.ITEMS, items);
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
        OffsetKeys.longValue(offset, OffsetKeys.ITEMS));
  }
}
