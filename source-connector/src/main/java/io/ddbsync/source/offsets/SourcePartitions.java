package io.ddbsync.source.offsets;

import java.util.Map;

/** Builds and recognises the source partitions described in {@link OffsetKeys}. */
public final class SourcePartitions {
  private SourcePartitions() {}

  public static Map<String, Object> segment(
      String table, String tableId, int epoch, int segment, int totalSegments) {
    return Map.of(
        OffsetKeys.KIND, OffsetKeys.KIND_SEGMENT,
        OffsetKeys.TABLE, table,
        OffsetKeys.TABLE_ID, tableId,
        OffsetKeys.EPOCH, epoch,
        OffsetKeys.SEGMENT, segment,
        OffsetKeys.TOTAL_SEGMENTS, totalSegments);
  }

  public static Map<String, Object> shard(String streamArn, String shardId) {
    return Map.of(
        OffsetKeys.KIND, OffsetKeys.KIND_SHARD,
        OffsetKeys.STREAM_ARN, streamArn,
        OffsetKeys.SHARD_ID, shardId);
  }

  public static Map<String, Object> table(String table) {
    return Map.of(OffsetKeys.KIND, OffsetKeys.KIND_TABLE, OffsetKeys.TABLE, table);
  }

  /** True for partitions this connector writes; used to vet offsets users alter by REST. */
  public static boolean isValid(Map<String, ?> partition) {
    if (partition == null) {
      return false;
    }
    Object kind = partition.get(OffsetKeys.KIND);
    if (OffsetKeys.KIND_SEGMENT.equals(kind)) {
      return partition
          .keySet()
          .containsAll(
              java.util.List.of(
                  OffsetKeys.TABLE,
                  OffsetKeys.TABLE_ID,
                  OffsetKeys.EPOCH,
                  OffsetKeys.SEGMENT,
                  OffsetKeys.TOTAL_SEGMENTS));
    }
    if (OffsetKeys.KIND_SHARD.equals(kind)) {
      return partition.containsKey(OffsetKeys.STREAM_ARN)
          && partition.containsKey(OffsetKeys.SHARD_ID);
    }
    return OffsetKeys.KIND_TABLE.equals(kind) && partition.containsKey(OffsetKeys.TABLE);
  }
}
