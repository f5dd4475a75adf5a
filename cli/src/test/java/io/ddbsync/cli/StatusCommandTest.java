package io.ddbsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.connect.SourceOffsets.TableState;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.TableMarker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `status` says of a table from its stored state: progress, rate and ETA, or stream lag. */
class StatusCommandTest {
  private static final long NOW = 1_000_000_000L;

  @Test
  void aSnapshotShowsItsProgressRateAndTimeLeft() {
    TableMarker marker = new TableMarker("id", "arn:s", 1, 4, TableMarker.Phase.SNAPSHOT, 0, 0);
    // Started 100 s ago; 2,000 of about 10,000 items read: 20 items/s, 400 s left.
    TableState state =
        new TableState(
            "Orders",
            marker,
            List.of(
                new SegmentPosition(null, true, NOW - 100_000, 1_500, NOW - 100_000),
                new SegmentPosition(java.util.Map.of(), false, NOW - 50_000, 500, NOW - 50_000)),
            0,
            0);
    ObjectNode status = StatusCommand.describe("Orders", state, 10_000, 42L, NOW);
    assertThat(status.path("phase").asText()).isEqualTo("SNAPSHOT");
    assertThat(status.path("snapshotItems").asLong()).isEqualTo(2_000);
    assertThat(status.path("segmentsDone").asLong()).isEqualTo(1);
    assertThat(status.path("segments").asInt()).isEqualTo(4);
    assertThat(status.path("itemsPerSecond").asLong()).isEqualTo(20);
    assertThat(status.path("etaSeconds").asLong()).isEqualTo(400);
    assertThat(status.path("sinkRecordsBehind").asLong()).isEqualTo(42);
    assertThat(StatusCommand.render(wrap(status))).contains("2,000 of ~10,000 items", "ETA 6:40");
  }

  @Test
  void aStreamedTableShowsHowFarBehindItIsAndANewOneThatItHasNotStarted() {
    TableMarker marker =
        new TableMarker("id", "arn:s", 0, 4, TableMarker.Phase.STREAMING, 5, NOW - 12_000);
    ObjectNode streaming =
        StatusCommand.describe(
            "Orders", new TableState("Orders", marker, List.of(), 3, 1), 0, null, NOW);
    assertThat(streaming.path("phase").asText()).isEqualTo("STREAMING");
    assertThat(streaming.path("streamLagSeconds").asLong()).isEqualTo(12);
    assertThat(streaming.path("shards").asInt()).isEqualTo(3);
    assertThat(StatusCommand.describe("New", null, 0, null, NOW).path("phase").asText())
        .isEqualTo("NOT STARTED");
  }

  private static ObjectNode wrap(ObjectNode table) {
    ObjectNode root = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    root.put("source", "s");
    root.put("sourceState", "RUNNING");
    root.put("sink", "k");
    root.put("sinkState", "RUNNING");
    root.putArray("tables").add(table);
    return root;
  }
}
