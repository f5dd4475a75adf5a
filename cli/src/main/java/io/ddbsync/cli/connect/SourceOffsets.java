package io.ddbsync.cli.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.source.offsets.OffsetKeys;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.ShardPosition;
import io.ddbsync.source.offsets.TableMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The source connector's offsets as the offsets API returns them, read per table: its marker, its
 * snapshot segments of the marker's epoch and its stream shards. No I/O.
 */
public final class SourceOffsets {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One table's stored state. */
  public record TableState(
      String table,
      TableMarker marker,
      List<SegmentPosition> segments,
      int shards,
      int shardsDone) {

    /** Items the current epoch's snapshot has emitted so far. */
    public long snapshotItems() {
      return segments.stream().mapToLong(SegmentPosition::items).sum();
    }

    public long segmentsDone() {
      return segments.stream().filter(SegmentPosition::done).count();
    }

    /** When the current epoch's snapshot started (its earliest segment), 0 when none did. */
    public long snapshotStartedMillis() {
      return segments.stream()
          .mapToLong(SegmentPosition::startedAtMillis)
          .filter(t -> t > 0)
          .min()
          .orElse(0);
    }
  }

  private SourceOffsets() {}

  /** Every table's state, by table name, from {@code GET /connectors/{name}/offsets}. */
  @SuppressWarnings("unchecked")
  public static Map<String, TableState> byTable(JsonNode offsets) {
    Map<String, TableMarker> markers = new TreeMap<>();
    Map<String, List<Map<String, Object>>> segments = new TreeMap<>();
    List<Map<String, Object>> shards = new ArrayList<>();
    for (JsonNode entry : offsets.path("offsets")) {
      Map<String, Object> partition = JSON.convertValue(entry.get("partition"), Map.class);
      Map<String, Object> offset =
          entry.get("offset") == null || entry.get("offset").isNull()
              ? null
              : JSON.convertValue(entry.get("offset"), Map.class);
      if (offset == null) {
        continue;
      }
      Object kind = partition.get(OffsetKeys.KIND);
      if (OffsetKeys.KIND_TABLE.equals(kind)) {
        markers.put(
            String.valueOf(partition.get(OffsetKeys.TABLE)), TableMarker.fromOffset(offset));
      } else if (OffsetKeys.KIND_SEGMENT.equals(kind)) {
        offset.put("\u0000table", partition.get(OffsetKeys.TABLE));
        offset.put("\u0000epoch", partition.get(OffsetKeys.EPOCH));
        segments
            .computeIfAbsent(
                String.valueOf(partition.get(OffsetKeys.TABLE)), t -> new ArrayList<>())
            .add(offset);
      } else if (OffsetKeys.KIND_SHARD.equals(kind)) {
        offset.put("\u0000stream", partition.get(OffsetKeys.STREAM_ARN));
        shards.add(offset);
      }
    }
    Map<String, TableState> states = new TreeMap<>();
    for (Map.Entry<String, TableMarker> entry : markers.entrySet()) {
      TableMarker marker = entry.getValue();
      List<SegmentPosition> current = new ArrayList<>();
      for (Map<String, Object> segment : segments.getOrDefault(entry.getKey(), List.of())) {
        Object epoch = segment.remove("\u0000epoch");
        segment.remove("\u0000table");
        if (epoch instanceof Number number && number.intValue() == marker.epoch()) {
          current.add(SegmentPosition.fromOffset(segment));
        }
      }
      int shardCount = 0;
      int shardsDone = 0;
      for (Map<String, Object> shard : shards) {
        if (marker.streamArn() != null && marker.streamArn().equals(shard.get("\u0000stream"))) {
          Map<String, Object> copy = new java.util.HashMap<>(shard);
          copy.remove("\u0000stream");
          ShardPosition position = ShardPosition.fromOffset(copy);
          if (position.epoch() == marker.epoch()) {
            shardCount++;
            shardsDone += position.done() ? 1 : 0;
          }
        }
      }
      states.put(
          entry.getKey(), new TableState(entry.getKey(), marker, current, shardCount, shardsDone));
    }
    return states;
  }
}
