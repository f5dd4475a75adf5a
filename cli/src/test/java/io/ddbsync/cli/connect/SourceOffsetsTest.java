package io.ddbsync.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.ShardPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.TableMarker;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The offsets API's answer, as the source stores it, read per table. */
class SourceOffsetsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSnapshotCountsOnlyTheSegmentsOfTheMarkersEpochAndAStreamOnlyItsShards() {
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode offsets = answer.putArray("offsets");
    TableMarker snapshotting =
        new TableMarker("id-1", "arn:stream/1", 2, 4, TableMarker.Phase.SNAPSHOT, 0, 0);
    add(offsets, SourcePartitions.table("Orders"), snapshotting.toOffset());
    add(
        offsets,
        SourcePartitions.segment("Orders", "id-1", 2, 0, 4),
        new SegmentPosition(null, true, 1_000, 300, 1_000).toOffset());
    add(
        offsets,
        SourcePartitions.segment("Orders", "id-1", 2, 1, 4),
        new SegmentPosition(Map.of(), false, 2_000, 120, 2_000).toOffset());
    // The previous epoch's segment: void after the re-snapshot.
    add(
        offsets,
        SourcePartitions.segment("Orders", "id-1", 1, 0, 4),
        new SegmentPosition(null, true, 10, 999, 10).toOffset());
    TableMarker streaming =
        new TableMarker("id-2", "arn:stream/2", 0, 2, TableMarker.Phase.STREAMING, 5, 9_000);
    add(offsets, SourcePartitions.table("Users"), streaming.toOffset());
    add(
        offsets,
        SourcePartitions.shard("arn:stream/2", "shard-1"),
        new ShardPosition("100", true, 0).toOffset());
    add(
        offsets,
        SourcePartitions.shard("arn:stream/2", "shard-2"),
        new ShardPosition("200", false, 0).toOffset());
    add(
        offsets,
        SourcePartitions.shard("arn:stream/1", "shard-9"),
        new ShardPosition("300", false, 2).toOffset());

    Map<String, SourceOffsets.TableState> states = SourceOffsets.byTable(answer);

    SourceOffsets.TableState orders = states.get("Orders");
    assertThat(orders.marker().phase()).isEqualTo(TableMarker.Phase.SNAPSHOT);
    assertThat(orders.snapshotItems()).isEqualTo(420);
    assertThat(orders.segmentsDone()).isEqualTo(1);
    assertThat(orders.snapshotStartedMillis()).isEqualTo(1_000);
    SourceOffsets.TableState users = states.get("Users");
    assertThat(users.shards()).isEqualTo(2);
    assertThat(users.shardsDone()).isEqualTo(1);
    assertThat(users.marker().caughtUpToMillis()).isEqualTo(9_000);
  }

  private static void add(ArrayNode offsets, Map<String, ?> partition, Map<String, ?> offset) {
    ObjectNode entry = offsets.addObject();
    entry.set("partition", JSON.valueToTree(partition));
    entry.set("offset", JSON.valueToTree(offset));
  }
}
