package io.ddbsync.source.offsets;

import io.ddbsync.common.json.DynamoJson;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an offset users PATCH through Connect's offsets API must look like, per partition kind: the
 * keys the connector writes and nothing else, each of its type and range. A value the tasks could
 * not read (a typo, a phase that does not exist, a negative count) is refused when it is sent, with
 * the key and what it must be, instead of failing the task later. A null offset (a reset of the
 * partition) is always accepted.
 */
public final class OffsetValues {
  private static final Set<String> TABLE_KEYS =
      Set.of(
          OffsetKeys.TABLE_ID,
          OffsetKeys.STREAM_ARN,
          OffsetKeys.EPOCH,
          OffsetKeys.TOTAL_SEGMENTS,
          OffsetKeys.PHASE,
          OffsetKeys.CUTOFF,
          OffsetKeys.CAUGHT_UP_TO,
          OffsetKeys.SNAPSHOT_START,
          OffsetKeys.NEWEST_GENERATION,
          OffsetKeys.HEAL_FROM,
          OffsetKeys.HEAL_TO,
          OffsetKeys.METHOD,
          OffsetKeys.EXPORT_ARN,
          OffsetKeys.EXPORT_TIME);
  private static final Set<String> SEGMENT_KEYS =
      Set.of(
          OffsetKeys.RESUME_AFTER,
          OffsetKeys.DONE,
          OffsetKeys.STARTED_AT,
          OffsetKeys.ITEMS,
          OffsetKeys.GENERATION);
  private static final Set<String> SHARD_KEYS =
      Set.of(OffsetKeys.SEQUENCE_NUMBER, OffsetKeys.DONE, OffsetKeys.EPOCH, OffsetKeys.CREATED_AT);

  private OffsetValues() {}

  /** Why {@code offset} cannot be the offset of {@code partition}; null when it can. */
  public static String problem(Map<String, ?> partition, Map<String, ?> offset) {
    if (offset == null) {
      return null;
    }
    Object kind = partition.get(OffsetKeys.KIND);
    if (OffsetKeys.KIND_TABLE.equals(kind)) {
      return firstOf(
          unknownKeys(offset, TABLE_KEYS, "table"),
          text(offset, OffsetKeys.TABLE_ID, true),
          text(offset, OffsetKeys.STREAM_ARN, false),
          oneOf(offset, OffsetKeys.PHASE, true, List.of("SNAPSHOT", "STREAMING")),
          count(offset, OffsetKeys.EPOCH, true),
          count(offset, OffsetKeys.TOTAL_SEGMENTS, true),
          count(offset, OffsetKeys.CUTOFF, false),
          count(offset, OffsetKeys.CAUGHT_UP_TO, false),
          count(offset, OffsetKeys.SNAPSHOT_START, false),
          count(offset, OffsetKeys.NEWEST_GENERATION, false),
          count(offset, OffsetKeys.HEAL_FROM, false),
          count(offset, OffsetKeys.HEAL_TO, false),
          oneOf(offset, OffsetKeys.METHOD, false, List.of("EXPORT")),
          text(offset, OffsetKeys.EXPORT_ARN, false),
          count(offset, OffsetKeys.EXPORT_TIME, false));
    }
    if (OffsetKeys.KIND_SEGMENT.equals(kind)) {
      return firstOf(
          unknownKeys(offset, SEGMENT_KEYS, "segment"),
          flag(offset, OffsetKeys.DONE),
          count(offset, OffsetKeys.STARTED_AT, true),
          count(offset, OffsetKeys.ITEMS, true),
          count(offset, OffsetKeys.GENERATION, false),
          item(offset, OffsetKeys.RESUME_AFTER));
    }
    if (OffsetKeys.KIND_SHARD.equals(kind)) {
      Object sequence = offset.get(OffsetKeys.SEQUENCE_NUMBER);
      return firstOf(
          unknownKeys(offset, SHARD_KEYS, "shard"),
          sequence != null && !sequence.toString().matches("[0-9]{1,40}")
              ? OffsetKeys.SEQUENCE_NUMBER
                  + " must be a stream sequence number (up to 40 digits), not "
                  + sequence
              : null,
          flag(offset, OffsetKeys.DONE),
          count(offset, OffsetKeys.EPOCH, true),
          count(offset, OffsetKeys.CREATED_AT, false));
    }
    return null;
  }

  private static String firstOf(String... problems) {
    for (String problem : problems) {
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String unknownKeys(Map<String, ?> offset, Set<String> known, String kind) {
    for (String key : offset.keySet()) {
      if (!known.contains(key)) {
        return "unknown key "
            + key
            + "; the offset of a "
            + kind
            + " partition has only "
            + new java.util.TreeSet<>(known);
      }
    }
    return null;
  }

  private static String text(Map<String, ?> offset, String key, boolean required) {
    Object value = offset.get(key);
    if (value == null) {
      return required ? key + " is required" : null;
    }
    return value instanceof String text && !text.isBlank()
        ? null
        : key + " must be a non-empty string, not " + value;
  }

  private static String oneOf(
      Map<String, ?> offset, String key, boolean required, List<String> allowed) {
    Object value = offset.get(key);
    if (value == null) {
      return required ? key + " is required (one of " + allowed + ")" : null;
    }
    return allowed.contains(value.toString())
        ? null
        : key + " must be one of " + allowed + ", not " + value;
  }

  private static String count(Map<String, ?> offset, String key, boolean required) {
    Object value = offset.get(key);
    if (value == null) {
      return required ? key + " is required (a whole number, 0 or more)" : null;
    }
    boolean whole =
        value instanceof Long
            || value instanceof Integer
            || value instanceof Short
            || (value instanceof Number number
                && number.doubleValue() == Math.rint(number.doubleValue()));
    return whole && ((Number) value).longValue() >= 0
        ? null
        : key + " must be a whole number, 0 or more, not " + value;
  }

  private static String flag(Map<String, ?> offset, String key) {
    Object value = offset.get(key);
    return value == null || value instanceof Boolean
        ? null
        : key + " must be true or false, not " + value;
  }

  private static String item(Map<String, ?> offset, String key) {
    Object value = offset.get(key);
    if (value == null) {
      return null;
    }
    try {
      DynamoJson.readItem(value.toString());
      return null;
    } catch (RuntimeException e) {
      return key
          + " must be a DynamoDB key in DynamoDB JSON (as the connector writes it), not "
          + value
          + ": "
          + e.getMessage();
    }
  }
}
