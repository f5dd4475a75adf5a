package io.ddbsync.source.offsets;

import java.util.Map;

/**
 * Builds and recognises the source partitions described in {@link OffsetKeys}.
 *
 * <p>Connect stores offsets under the serialized bytes of the partition map, so a partition must
 * serialize to the same bytes in every worker JVM. {@code Map.of} iterates in an order that is
 * randomized per JVM: a task restarted on another worker would not find its own offsets. Partitions
 * are therefore insertion-ordered maps, always built in the same order.
 */
public final class SourcePartitions {
  private SourcePartitions() {}

  public static Map<String, Object> segment(
      String table, String tableId, int epoch, int segment, int totalSegments) {
    return ordered(
        OffsetKeys.KIND, OffsetKeys.KIND_SEGMENT,
        OffsetKeys.TABLE, table,
        OffsetKeys.TABLE_ID, tableId,
        OffsetKeys.EPOCH, epoch,
        OffsetKeys.SEGMENT, segment,
        OffsetKeys.TOTAL_SEGMENTS, totalSegments);
  }

  public static Map<String, Object> shard(String streamArn, String shardId) {
    return ordered(
        OffsetKeys.KIND, OffsetKeys.KIND_SHARD,
        OffsetKeys.STREAM_ARN, streamArn,
        OffsetKeys.SHARD_ID, shardId);
  }

  public static Map<String, Object> table(String table) {
    return ordered(OffsetKeys.KIND, OffsetKeys.KIND_TABLE, OffsetKeys.TABLE, table);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
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
