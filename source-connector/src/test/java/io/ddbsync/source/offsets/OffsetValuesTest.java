package io.ddbsync.source.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.source.DynamoDbSourceConnector;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Offsets users PATCH through the offsets API: what the tasks write passes, the rest is refused.
 */
class OffsetValuesTest {
  private static final Map<String, Object> TABLE = SourcePartitions.table("Orders");
  private static final Map<String, Object> SEGMENT =
      SourcePartitions.segment("Orders", "id", 1, 0, 4);
  private static final Map<String, Object> SHARD = SourcePartitions.shard("arn:s", "shard-1");

  @Test
  void whatTheConnectorWritesPasses() {
    TableMarker marker =
        new TableMarker("id", "arn:s", 1, 4, TableMarker.Phase.STREAMING, 5, 9, 5, 5)
            .withExport(new TableMarker.Export("arn:e", 3), 2);
    assertThat(OffsetValues.problem(TABLE, marker.toOffset())).isNull();
    assertThat(OffsetValues.problem(TABLE, marker.resnapshot("arn:s", 0).toOffset())).isNull();
    assertThat(
            OffsetValues.problem(
                SEGMENT,
                SegmentPosition.start(10)
                    .next(Map.of("k", AttributeValue.fromS("x")), 3)
                    .toOffset()))
        .isNull();
    assertThat(
            OffsetValues.problem(
                SHARD, new ShardPosition("12345678901234567890", false, 1, 7).toOffset()))
        .isNull();
    assertThat(OffsetValues.problem(TABLE, null)).as("a reset").isNull();
  }

  @Test
  void eachMistakeIsNamedByItsKey() {
    Map<String, Object> marker =
        new HashMap<>(
            new TableMarker("id", "arn:s", 1, 4, TableMarker.Phase.SNAPSHOT, 0, 0).toOffset());
    marker.put("phase", "STREAM");
    assertThat(OffsetValues.problem(TABLE, marker))
        .startsWith("phase must be one of [SNAPSHOT, STREAMING]");
    marker.put("phase", "SNAPSHOT");
    marker.put("epoch", -1);
    assertThat(OffsetValues.problem(TABLE, marker)).startsWith("epoch must be a whole number");
    marker.put("epoch", 1);
    marker.put("epcoh", 2);
    assertThat(OffsetValues.problem(TABLE, marker)).startsWith("unknown key epcoh");
    marker.remove("epcoh");
    marker.remove("table_id");
    assertThat(OffsetValues.problem(TABLE, marker)).isEqualTo("table_id is required");

    assertThat(OffsetValues.problem(SEGMENT, Map.of("done", "yes", "started_at", 1, "items", 0)))
        .startsWith("done must be true or false");
    assertThat(
            OffsetValues.problem(
                SEGMENT,
                Map.of("done", false, "started_at", 1, "items", 0, "resume_after", "{not json")))
        .startsWith("resume_after must be a DynamoDB key");
    assertThat(
            OffsetValues.problem(
                SHARD, Map.of("sequence_number", "12a", "done", false, "epoch", 0)))
        .startsWith("sequence_number must be a stream sequence number");
  }

  @Test
  void theConnectorRefusesABadValueWhenItIsSent() {
    Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
    offsets.put(TABLE, Map.of("table_id", "id", "phase", "DONE", "epoch", 1, "of", 4));
    assertThatThrownBy(() -> new DynamoDbSourceConnector().alterOffsets(Map.of(), offsets))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("phase must be one of");
  }
}
