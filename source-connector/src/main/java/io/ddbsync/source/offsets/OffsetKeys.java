package io.ddbsync.source.offsets;

import java.util.Map;

/**
 * Keys of source partitions and offsets. Partitions say what is being read, offsets how far:
 *
 * <ul>
 *   <li>{@code {"kind":"segment","table","table_id","epoch","segment","of"}}: a snapshot segment (a
 *       Scan segment, or the data file of an export with the same position shape);
 *   <li>{@code {"kind":"shard","stream_arn","shard_id"}}: a stream shard, keyed by stream ARN so
 *       that a recreated table never reuses old positions;
 *   <li>{@code {"kind":"table","table"}}: the table's {@link TableMarker}.
 * </ul>
 */
public final class OffsetKeys {
  public static final String KIND = "kind";
  public static final String KIND_SEGMENT = "segment";
  public static final String KIND_SHARD = "shard";
  public static final String KIND_TABLE = "table";

  public static final String TABLE = "table";
  public static final String TABLE_ID = "table_id";
  public static final String EPOCH = "epoch";
  public static final String SEGMENT = "segment";
  public static final String TOTAL_SEGMENTS = "of";
  public static final String STREAM_ARN = "stream_arn";
  public static final String SHARD_ID = "shard_id";

  public static final String RESUME_AFTER = "resume_after";
  public static final String DONE = "done";
  public static final String STARTED_AT = "started_at";
  public static final String ITEMS = "items";
  public static final String SEQUENCE_NUMBER = "sequence_number";
  public static final String CREATED_AT = "created_at";
  public static final String PHASE = "phase";
  public static final String CUTOFF = "cutoff";
  public static final String CAUGHT_UP_TO = "caught_up_to";
  public static final String SNAPSHOT_START = "snapshot_start";
  public static final String GENERATION = "gen";
  public static final String NEWEST_GENERATION = "newest_gen";
  public static final String METHOD = "method";
  public static final String EXPORT_ARN = "export_arn";
  public static final String EXPORT_TIME = "export_time";
  public static final String HEAL_FROM = "heal_from";
  public static final String HEAL_TO = "heal_to";

  private OffsetKeys() {}

  /** Offsets come back from JSON with integers as Long or Integer; read either. */
  static long longValue(Map<String, Object> offset, String key) {
    Object value = offset.get(key);
    return value instanceof Number ? ((Number) value).longValue() : 0L;
  }
}
