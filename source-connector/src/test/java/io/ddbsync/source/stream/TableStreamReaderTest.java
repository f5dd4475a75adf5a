package io.ddbsync.source.stream;

import static io.ddbsync.source.fakes.StreamHarness.STREAM;
import static io.ddbsync.source.fakes.StreamHarness.TABLE;
import static io.ddbsync.source.fakes.StreamHarness.TABLE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.source.fakes.StreamHarness;
import io.ddbsync.source.offsets.OffsetKeys;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.ShardPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.settings.LostPositionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;

class TableStreamReaderTest {
  private final StreamHarness harness = new StreamHarness();

  @AfterEach
  void stop() throws InterruptedException {
    harness.close();
  }

  @Test
  void readsParentsToTheirEndBeforeChildrenSoEachItemStaysInOrder() throws Exception {
    harness.streams.shard("shard-a", null);
    for (int version = 1; version <= 3; version++) {
      put("shard-a", "item-1", version);
    }
    harness.streams.split("shard-a", "shard-b", "shard-c");
    put("shard-b", "item-1", 4);
    put("shard-c", "item-2", 1);
    put("shard-b", "item-1", 5);

    // One record per call: a child read too early would interleave with its parent.
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL, 1));
    List<SourceRecord> records = harness.awaitData(r -> r.size() == 6);

    assertThat(versionsOf(records, "item-1")).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(records.subList(0, 3)).allMatch(r -> shardOf(r).equals("shard-a"));
    assertThat(harness.markers())
        .anyMatch(
            m ->
                "shard-a".equals(m.sourcePartition().get(OffsetKeys.SHARD_ID))
                    && Boolean.TRUE.equals(m.sourceOffset().get(OffsetKeys.DONE)));
  }

  @Test
  void shardsCreatedWhileStreamingAreFoundAndRead() throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "item-1", 1);
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));
    harness.awaitData(r -> r.size() == 1);

    harness.streams.split("shard-a", "shard-b", "shard-c");
    put("shard-c", "item-9", 1);

    List<SourceRecord> records = harness.awaitData(r -> r.size() == 2);
    assertThat(shardOf(records.get(1))).isEqualTo("shard-c");
  }

  @Test
  void describeStreamIsPagedPastOneHundredShards() throws Exception {
    for (int i = 0; i < 250; i++) {
      harness.streams.shard(String.format("shard-%03d", i), null);
    }
    put("shard-249", "last-page-item", 1);
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));

    List<SourceRecord> records = harness.awaitData(r -> r.size() == 1);
    assertThat(shardOf(records.get(0))).isEqualTo("shard-249");
    assertThat(harness.streams.describePages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void anExpiredIteratorIsRenewedFromTheLastSequenceNumberWithoutLossOrDuplicates()
      throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "item-1", 1);
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));
    harness.awaitData(r -> r.size() == 1);

    harness.streams.expireAllIterators();
    put("shard-a", "item-1", 2);
    put("shard-a", "item-1", 3);

    List<SourceRecord> records = harness.awaitData(r -> r.size() == 3);
    assertThat(harness.drainFor(Duration.ofMillis(200))).hasSize(3);
    assertThat(versionsOf(records, "item-1")).containsExactly(1L, 2L, 3L);
    assertThat(harness.progress.expiredIterators()).isPositive();
  }

  @Test
  void aRestartResumesAfterTheStoredSequenceNumberOfEachShard() throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "item-1", 1);
    String stored = put("shard-a", "item-1", 2);
    put("shard-a", "item-1", 3);
    harness.offsets.put(
        SourcePartitions.shard(STREAM, "shard-a"), new ShardPosition(stored, false, 0).toOffset());
    harness.offsets.put(SourcePartitions.table(TABLE), streamingMarker(0, now()).toOffset());

    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));
    List<SourceRecord> records = harness.awaitData(r -> r.size() == 1);

    assertThat(harness.drainFor(Duration.ofMillis(200))).hasSize(1);
    assertThat(versionsOf(records, "item-1")).containsExactly(3L);
  }

  @Test
  void throttledGetRecordsSlowsDownButLosesNothing() throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "item-1", 1);
    harness.streams.throttleNextCalls = 3;
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));

    harness.awaitData(r -> r.size() == 1);
    assertThat(harness.progress.throttles()).isEqualTo(3);
  }

  @Test
  void streamingWaitsForEverySnapshotSegmentThenSkipsChangesTheSnapshotHolds() throws Exception {
    harness.streams.shard("shard-a", null);
    Instant scanStart = Instant.now().minus(Duration.ofMinutes(10));
    harness.streams.put(
        "shard-a",
        OperationType.MODIFY,
        keys("old"),
        image("old", 1),
        scanStart.minus(Duration.ofMinutes(30)));
    harness.streams.put(
        "shard-a",
        OperationType.MODIFY,
        keys("during"),
        image("during", 1),
        scanStart.plusSeconds(1));
    harness.offsets.put(
        segment(0, 2), SegmentPosition.start(scanStart.toEpochMilli()).next(null, 10).toOffset());

    harness.start(StreamHarness.afterSnapshot(2), StreamHarness.settings(LostPositionPolicy.FAIL));
    assertThat(harness.drainFor(Duration.ofMillis(300))).isEmpty();

    harness.offsets.put(
        segment(1, 2), SegmentPosition.start(scanStart.toEpochMilli()).next(null, 5).toOffset());
    List<SourceRecord> records = harness.awaitData(r -> r.size() == 1);

    assertThat(keyOf(records.get(0))).isEqualTo("during");
    assertThat(harness.progress.skippedBeforeCutoff()).isEqualTo(1);
    TableMarker marker =
        TableMarker.fromOffset(harness.offsets.offset(SourcePartitions.table(TABLE)));
    assertThat(marker.phase()).isEqualTo(TableMarker.Phase.STREAMING);
    assertThat(marker.cutoffMillis())
        .isEqualTo(scanStart.toEpochMilli() - HandoffRule.CUTOFF_MARGIN.toMillis());
  }

  @Test
  void aSnapshotLongerThanTheRetentionIsAGapNotASilentStart() throws Exception {
    harness.streams.shard("shard-a", null);
    long dayAgo = now() - Duration.ofHours(25).toMillis();
    harness.offsets.put(segment(0, 1), SegmentPosition.start(dayAgo).next(null, 1).toOffset());

    harness.start(StreamHarness.afterSnapshot(1), StreamHarness.settings(LostPositionPolicy.FAIL));

    assertThat(harness.awaitFailure())
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("24-hour retention")
        .hasMessageContaining("stream.lost.position.policy=RESNAPSHOT");
  }

  @Test
  void aTrimmedStoredPositionFailsWithInstructionsUnderTheFailPolicy() throws Exception {
    harness.streams.shard("shard-a", null);
    String first = put("shard-a", "item-1", 1);
    put("shard-a", "item-1", 2);
    harness.streams.trim("shard-a", 2);
    harness.offsets.put(
        SourcePartitions.shard(STREAM, "shard-a"), new ShardPosition(first, false, 0).toOffset());
    harness.offsets.put(SourcePartitions.table(TABLE), streamingMarker(0, now()).toOffset());

    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));

    assertThat(harness.awaitFailure())
        .hasMessageContaining("trimmed")
        .hasMessageContaining("Nothing was skipped");
    assertThat(harness.data()).isEmpty();
  }

  @Test
  void aTrimmedStoredPositionStartsANewSnapshotEpochUnderTheResnapshotPolicy() throws Exception {
    harness.streams.shard("shard-a", null);
    String first = put("shard-a", "item-1", 1);
    put("shard-a", "item-1", 2);
    harness.streams.trim("shard-a", 2);
    harness.offsets.put(
        SourcePartitions.shard(STREAM, "shard-a"), new ShardPosition(first, false, 0).toOffset());
    harness.offsets.put(SourcePartitions.table(TABLE), streamingMarker(0, now()).toOffset());

    harness.start(
        StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.RESNAPSHOT));
    harness.drainFor(Duration.ofMillis(400));

    TableMarker marker =
        TableMarker.fromOffset(harness.offsets.offset(SourcePartitions.table(TABLE)));
    assertThat(marker.epoch()).isEqualTo(1);
    assertThat(marker.phase()).isEqualTo(TableMarker.Phase.SNAPSHOT);
    assertThat(harness.failure()).isNull();
    assertThat(harness.data()).isEmpty();
  }

  @Test
  void aStreamLastReadLongerAgoThanTheRetentionIsALostPosition() throws Exception {
    harness.streams.shard("shard-b", "shard-a-trimmed-long-ago");
    put("shard-b", "item-1", 7);
    harness.offsets.put(
        SourcePartitions.table(TABLE),
        streamingMarker(0, now() - Duration.ofHours(30).toMillis()).toOffset());

    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));

    assertThat(harness.awaitFailure()).hasMessageContaining("was last read up to");
    assertThat(harness.data()).isEmpty();
  }

  @Test
  void aReplacedStreamIsDetectedAtStart() throws Exception {
    String newStream = STREAM.replace("stream/1", "stream/2");
    harness.catalog.put(StreamHarness.table(newStream));
    harness.offsets.put(SourcePartitions.table(TABLE), streamingMarker(0, now()).toOffset());

    harness.start(
        new io.ddbsync.source.plan.StreamWork(TABLE, TABLE_ID, newStream, false, 0, 4),
        StreamHarness.settings(LostPositionPolicy.FAIL));

    assertThat(harness.awaitFailure()).hasMessageContaining("was replaced");
  }

  @Test
  void aDisabledStreamIsReadToItsEndAndThenReportedAsLost() throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "item-1", 1);
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));
    harness.awaitData(r -> r.size() == 1);
    put("shard-a", "item-1", 2);
    harness.streams.disable();

    assertThat(harness.awaitFailure()).hasMessageContaining("was disabled");
    assertThat(versionsOf(harness.data(), "item-1")).containsExactly(1L, 2L);
  }

  @Test
  void ttlDeletionsAreFlagged() throws Exception {
    harness.streams.shard("shard-a", null);
    harness.streams.ttlRemove("shard-a", keys("expired"), Instant.now());
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));

    SourceRecord record = harness.awaitData(r -> r.size() == 1).get(0);
    Struct value = (Struct) record.value();
    assertThat(value.get("op")).isEqualTo("REMOVE");
    assertThat(value.getStruct("source").get("ttl_expiry")).isEqualTo(true);
  }

  private String put(String shard, String key, int version) {
    return harness.streams.put(
        shard, OperationType.MODIFY, keys(key), image(key, version), Instant.now());
  }

  private static Map<String, AttributeValue> keys(String key) {
    return Map.of("pk", AttributeValue.fromS(key));
  }

  private static Map<String, AttributeValue> image(String key, int version) {
    return Map.of(
        "pk",
        AttributeValue.fromS(key),
        "version",
        AttributeValue.fromN(Integer.toString(version)));
  }

  private static TableMarker streamingMarker(long cutoff, long caughtUpTo) {
    return new TableMarker(TABLE_ID, STREAM, 0, 0, TableMarker.Phase.STREAMING, cutoff, caughtUpTo);
  }

  private static Map<String, Object> segment(int segment, int total) {
    return SourcePartitions.segment(TABLE, TABLE_ID, 0, segment, total);
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static String shardOf(SourceRecord record) {
    return (String) record.sourcePartition().get(OffsetKeys.SHARD_ID);
  }

  private static String keyOf(SourceRecord record) {
    return ((Struct) record.key()).getString("pk");
  }

  private static List<Long> versionsOf(List<SourceRecord> records, String key) {
    List<Long> versions = new ArrayList<>();
    for (SourceRecord record : records) {
      if (keyOf(record).equals(key)) {
        versions.add(((Struct) record.value()).getStruct("after").getInt64("version"));
      }
    }
    return versions;
  }
}
