package io.ddbsync.source.stream;

import static io.ddbsync.source.fixtures.StreamHarness.STREAM;
import static io.ddbsync.source.fixtures.StreamHarness.TABLE;
import static io.ddbsync.source.fixtures.StreamHarness.TABLE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.source.fixtures.StreamHarness;
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
  void heartbeatsFollowEveryChangeBeforeTheirTimeOnEachPartition() throws Exception {
    harness.heartbeats = true;
    harness.topicPartitions = topic -> 3;
    harness.streams.shard("shard-a", null);
    for (int version = 1; version <= 5; version++) {
      put("shard-a", "item-" + version, version);
    }
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL, 2));
    harness.awaitData(r -> r.size() == 5);
    harness.drainFor(java.time.Duration.ofMillis(300));
    put("shard-a", "item-6", 6);
    harness.awaitData(r -> r.size() == 6);
    harness.drainFor(java.time.Duration.ofMillis(300));

    List<SourceRecord> emitted = new java.util.ArrayList<>(harness.emitted);
    List<SourceRecord> beats =
        emitted.stream()
            .filter(r -> r.headers().lastWithName(EnvelopeSchemas.HEARTBEAT_TABLE_HEADER) != null)
            .toList();
    assertThat(beats).isNotEmpty();
    assertThat(beats)
        .allMatch(b -> b.key() == null && b.value() == null && b.kafkaPartition() != null);
    assertThat(beats.stream().map(SourceRecord::kafkaPartition).distinct())
        .containsExactlyInAnyOrder(0, 1, 2);
    for (SourceRecord beat : beats) {
      long caughtUpTo =
          (Long) beat.headers().lastWithName(EnvelopeSchemas.HEARTBEAT_CAUGHT_UP_HEADER).value();
      assertThat(beat.headers().lastWithName(EnvelopeSchemas.HEARTBEAT_PARTITIONS_HEADER).value())
          .isEqualTo(3);
      int at = emitted.indexOf(beat);
      // Every change created before the heartbeat's time was emitted ahead of it.
      for (SourceRecord data : harness.data()) {
        if (createdMillis(data) < caughtUpTo) {
          assertThat(emitted.indexOf(data)).as("a change before %s", caughtUpTo).isLessThan(at);
        }
      }
    }
    long newest =
        harness.data().stream().mapToLong(TableStreamReaderTest::createdMillis).max().orElseThrow();
    assertThat(
            beats.stream()
                .mapToLong(
                    b ->
                        (Long)
                            b.headers()
                                .lastWithName(EnvelopeSchemas.HEARTBEAT_CAUGHT_UP_HEADER)
                                .value())
                .max()
                .orElseThrow())
        .as("an idle stream read to its end is caught up past its newest change")
        .isGreaterThanOrEqualTo(newest);
  }

  @Test
  void withHeartbeatsOffNoneIsSent() throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "item-1", 1);
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));
    harness.awaitData(r -> r.size() == 1);
    harness.drainFor(java.time.Duration.ofMillis(300));
    assertThat(harness.emitted)
        .noneMatch(r -> r.headers().lastWithName(EnvelopeSchemas.HEARTBEAT_TABLE_HEADER) != null);
  }

  private static long createdMillis(SourceRecord record) {
    Object source = ((org.apache.kafka.connect.data.Struct) record.value()).get("source");
    Object created =
        ((org.apache.kafka.connect.data.Struct) source)
            .get(EnvelopeSchemas.SOURCE_APPROXIMATE_CREATION_TIME);
    return created instanceof java.util.Date date ? date.getTime() : ((Number) created).longValue();
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

    // The end of the snapshot is announced on the table's topic, before the first change.
    assertThat(harness.controls()).hasSize(1);
    Struct complete = (Struct) harness.controls().get(0).value();
    assertThat(complete.getString("op")).isEqualTo("SNAPSHOT_COMPLETE");
    Instant start = Instant.ofEpochMilli(scanStart.toEpochMilli());
    assertThat(snapshotStartOf(harness.controls().get(0))).isEqualTo(start);
    assertThat(harness.emitted.indexOf(harness.controls().get(0)))
        .isLessThan(harness.emitted.indexOf(records.get(0)));
    // Streamed changes carry the start of the snapshot they follow: the rows' generation.
    assertThat(snapshotStartOf(records.get(0))).isEqualTo(start);
  }

  @Test
  void withCompletionRecordsOffTheHandoffPutsNothingWithoutAKeyOnTheTopic() throws Exception {
    harness.completionRecords = false;
    harness.streams.shard("shard-a", null);
    Instant scanStart = Instant.ofEpochMilli(now() - 5_000);
    put("shard-a", "after-snapshot", 1);
    harness.offsets.put(
        segment(0, 1), SegmentPosition.start(scanStart.toEpochMilli()).next(null, 1).toOffset());

    harness.start(StreamHarness.afterSnapshot(1), StreamHarness.settings(LostPositionPolicy.FAIL));
    List<SourceRecord> records = harness.awaitData(r -> r.size() == 1);

    assertThat(harness.controls()).isEmpty();
    assertThat(snapshotStartOf(records.get(0))).isEqualTo(scanStart);
  }

  @Test
  void aTableDeletedAndCreatedAgainFailsUnderTheFailPolicyNamingTheRowsThatWouldStay()
      throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "item-1", 1);
    harness.offsets.put(
        SourcePartitions.table(TABLE),
        new TableMarker("table-id-0", STREAM, 0, 0, TableMarker.Phase.STREAMING, 0, now())
            .toOffset());

    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));

    assertThat(harness.awaitFailure())
        .hasMessageContaining("deleted and created again")
        .hasMessageContaining("table-id-0");
    assertThat(harness.data()).isEmpty();
  }

  @Test
  void aTableDeletedAndCreatedAgainIsSnapshottedAfreshUnderTheResnapshotPolicy() throws Exception {
    harness.streams.shard("shard-a", null);
    harness.offsets.put(
        SourcePartitions.table(TABLE),
        new TableMarker("table-id-0", STREAM, 0, 0, TableMarker.Phase.STREAMING, 0, now(), 1234L)
            .toOffset());

    harness.start(
        StreamHarness.afterSnapshot(1), StreamHarness.settings(LostPositionPolicy.RESNAPSHOT));
    harness.drainFor(Duration.ofMillis(300));

    TableMarker marker =
        TableMarker.fromOffset(harness.offsets.offset(SourcePartitions.table(TABLE)));
    assertThat(marker.tableId()).isEqualTo(TABLE_ID);
    assertThat(marker.phase()).isEqualTo(TableMarker.Phase.SNAPSHOT);
    assertThat(marker.snapshotStartMillis()).isZero();
    assertThat(harness.failure()).isNull();

    // Its snapshot ends as any other: announced, with the new generation.
    Instant scanStart = Instant.ofEpochMilli(now() - 2_000);
    harness.offsets.put(
        segment(0, 1), SegmentPosition.start(scanStart.toEpochMilli()).next(null, 1).toOffset());
    long deadline = System.currentTimeMillis() + 10_000;
    while (harness.controls().isEmpty() && System.currentTimeMillis() < deadline) {
      harness.drainFor(Duration.ofMillis(20));
    }
    assertThat(harness.controls()).hasSize(1);
    assertThat(snapshotStartOf(harness.controls().get(0))).isEqualTo(scanStart);
  }

  @Test
  void aRecreatedTableKeepsTheOldTablesNewestGenerationSoItsSnapshotIsPlannedAboveIt()
      throws Exception {
    // The old table's snapshot generation came from a worker whose clock ran an hour ahead.
    long skewed = now() + 3_600_000;
    harness.streams.shard("shard-a", null);
    harness.offsets.put(
        SourcePartitions.table(TABLE),
        new TableMarker("table-id-0", STREAM, 3, 4, TableMarker.Phase.STREAMING, 0, now(), skewed)
            .toOffset());

    harness.start(
        StreamHarness.afterSnapshot(1), StreamHarness.settings(LostPositionPolicy.RESNAPSHOT));
    harness.drainFor(Duration.ofMillis(300));

    TableMarker marker =
        TableMarker.fromOffset(harness.offsets.offset(SourcePartitions.table(TABLE)));
    assertThat(marker.tableId()).isEqualTo(TABLE_ID);
    assertThat(marker.generationFloorMillis()).isEqualTo(skewed + 1);
    // ... and a re-snapshot of it later keeps the floor too.
    assertThat(marker.resnapshot(STREAM, 1).generationFloorMillis()).isEqualTo(skewed + 1);
  }

  @Test
  void theEndOfASnapshotIsAnnouncedOnEveryPartitionOfTheTopicBeforeAnyChange() throws Exception {
    harness.topicPartitions = topic -> 3;
    harness.streams.shard("shard-a", null);
    Instant scanStart = Instant.ofEpochMilli(now() - 5_000);
    put("shard-a", "after-snapshot", 1);
    harness.offsets.put(
        segment(0, 1), SegmentPosition.start(scanStart.toEpochMilli()).next(null, 1).toOffset());

    harness.start(StreamHarness.afterSnapshot(1), StreamHarness.settings(LostPositionPolicy.FAIL));
    List<SourceRecord> records = harness.awaitData(r -> r.size() == 1);

    assertThat(harness.controls())
        .extracting(SourceRecord::kafkaPartition)
        .containsExactly(0, 1, 2);
    assertThat(harness.controls())
        .allMatch(
            r ->
                Integer.valueOf(3)
                    .equals(r.headers().lastWithName("ddbsync.snapshot.partitions").value()));
    assertThat(harness.controls()).allMatch(r -> scanStart.equals(snapshotStartOf(r)));
    int lastControl = harness.emitted.indexOf(harness.controls().get(2));
    assertThat(lastControl).isLessThan(harness.emitted.indexOf(records.get(0)));
  }

  @Test
  void theEndOfASnapshotOfATableWhoseTopicDoesNotExistIsOneRecordForAllPartitions()
      throws Exception {
    harness.topicPartitions = topic -> 0;
    harness.streams.shard("shard-a", null);
    harness.offsets.put(
        segment(0, 1), SegmentPosition.start(now() - 5_000).next(null, 0).toOffset());

    harness.start(StreamHarness.afterSnapshot(1), StreamHarness.settings(LostPositionPolicy.FAIL));
    long deadline = System.currentTimeMillis() + 10_000;
    while (harness.controls().isEmpty() && System.currentTimeMillis() < deadline) {
      harness.drainFor(Duration.ofMillis(20));
    }

    assertThat(harness.controls()).hasSize(1);
    assertThat(harness.controls().get(0).kafkaPartition()).isNull();
    assertThat(
            harness.controls().get(0).headers().lastWithName("ddbsync.snapshot.partitions").value())
        .isEqualTo(0);
  }

  @Test
  void aSnapshotWithASegmentBegunByAVersionWithoutGenerationsCompletesNoneAndChangesCarryNone()
      throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "after-snapshot", 1);
    Map<String, Object> older = SegmentPosition.start(now() - 5_000).next(null, 3).toOffset();
    older.remove("gen");
    harness.offsets.put(segment(0, 2), older);
    harness.offsets.put(
        segment(1, 2), SegmentPosition.start(now() - 4_000).next(null, 3).toOffset());

    harness.start(StreamHarness.afterSnapshot(2), StreamHarness.settings(LostPositionPolicy.FAIL));
    List<SourceRecord> records = harness.awaitData(r -> r.size() == 1);

    // Rows read by the older version have no generation: no completion may sweep them.
    assertThat(harness.controls()).isEmpty();
    assertThat(snapshotStartOf(records.get(0))).isNull();
  }

  @Test
  void changesOfATableStreamedWithoutASnapshotAreAGenerationOfTheirOwn() throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "item-1", 1);
    long before = now();
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));
    List<SourceRecord> records = harness.awaitData(r -> r.size() == 1);

    // Newer than nothing the table had, older than any later snapshot's: a re-snapshot after a
    // lost position may then remove the rows of items it no longer finds.
    assertThat(snapshotStartOf(records.get(0)).toEpochMilli()).isBetween(before, now());
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
  void aSnapshotThatWillNotFinishWithinTheRetentionIsReportedWhileItRuns() throws Exception {
    harness.streams.shard("shard-a", null);
    long start = now() - Duration.ofHours(20).toMillis();
    harness.offsets.put(segment(0, 2), SegmentPosition.start(start).next(null, 500).toOffset());
    harness.offsets.put(
        segment(1, 2),
        SegmentPosition.start(start).next(Map.of("pk", AttributeValue.fromS("k")), 50).toOffset());

    harness.start(
        new io.ddbsync.source.plan.StreamWork(TABLE, TABLE_ID, STREAM, true, 0, 2, 1000),
        StreamHarness.settings(LostPositionPolicy.FAIL));
    long deadline = System.currentTimeMillis() + 5_000;
    while (harness.progress.maxRetentionOverrunMillis() == 0
        && System.currentTimeMillis() < deadline) {
      harness.drainFor(Duration.ofMillis(20));
    }

    assertThat(harness.progress.maxRetentionOverrunMillis())
        .isGreaterThan(Duration.ofHours(10).toMillis());
    assertThat(harness.failure()).as("still waiting: it may yet finish").isNull();
  }

  @Test
  void aSnapshotLongerThanTheRetentionFailsWithAdviceThatHelps() throws Exception {
    harness.streams.shard("shard-a", null);
    long dayAgo = now() - Duration.ofHours(25).toMillis();
    harness.offsets.put(segment(0, 1), SegmentPosition.start(dayAgo).next(null, 1).toOffset());

    harness.start(StreamHarness.afterSnapshot(1), StreamHarness.settings(LostPositionPolicy.FAIL));

    assertThat(harness.awaitFailure())
        .hasMessageContaining("snapshot.read.budget")
        .hasMessageContaining("more segments alone do not read faster")
        .hasMessageNotContaining("use more segments");
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

  @Test
  void aChildCommittedBeforeItsParentIsReadAgainAfterTheParentSoTheNewestChangeStaysLast()
      throws Exception {
    harness.streams.shard("parent", null);
    put("parent", "item-b", 1);
    String parentA = put("parent", "item-a", 1);
    harness.streams.split("parent", "child-1", "child-2");
    String childA = put("child-1", "item-a", 2);
    // The worker died after committing the child's offset; the parent's first record was not yet
    // acknowledged, so its offset stayed behind (Connect commits each partition on its own).
    harness.offsets.put(
        SourcePartitions.shard(STREAM, "child-1"), new ShardPosition(childA, false, 0).toOffset());
    harness.offsets.put(SourcePartitions.table(TABLE), streamingMarker(0, now()).toOffset());

    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));
    List<SourceRecord> records = harness.awaitData(r -> versionsOf(r, "item-a").size() >= 2);

    assertThat(versionsOf(records, "item-a")).as("the last item-a is the child's").endsWith(2L);
    assertThat(parentA).isNotNull();
  }

  @Test
  void aChildCommittedAsDoneWhileItsParentWasNotIsReadAgainAfterItWithItsOwnChildren()
      throws Exception {
    harness.streams.shard("shard-a", null);
    String middleOfA = put("shard-a", "item-1", 1);
    put("shard-a", "item-1", 2);
    harness.streams.split("shard-a", "shard-b", "shard-x");
    String lastOfB = put("shard-b", "item-1", 3);
    harness.streams.split("shard-b", "shard-c", "shard-y");
    String middleOfC = put("shard-c", "item-1", 4);
    put("shard-c", "item-1", 5);
    // After a crash: A's offset committed only to its middle, B's "done" and C's middle were.
    harness.offsets.put(
        SourcePartitions.shard(STREAM, "shard-a"),
        new ShardPosition(middleOfA, false, 0).toOffset());
    harness.offsets.put(
        SourcePartitions.shard(STREAM, "shard-b"), new ShardPosition(lastOfB, true, 0).toOffset());
    harness.offsets.put(
        SourcePartitions.shard(STREAM, "shard-c"),
        new ShardPosition(middleOfC, false, 0).toOffset());
    harness.offsets.put(SourcePartitions.table(TABLE), streamingMarker(0, now()).toOffset());

    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL, 1));
    List<SourceRecord> records = harness.awaitData(r -> versionsOf(r, "item-1").contains(5L));

    // A's tail (2) first, then B's record (3) again, then C's from its start: the newest is last.
    assertThat(versionsOf(records, "item-1")).containsExactly(2L, 3L, 4L, 5L);
  }

  @Test
  void positionsTrimmedWhileSkippingRecordsBeforeTheCutoffAreNotALoss() throws Exception {
    harness.streams.shard("shard-a", null);
    Instant scanStart = Instant.now().minus(Duration.ofHours(20));
    for (int i = 0; i < 3; i++) {
      harness.streams.put(
          "shard-a",
          OperationType.MODIFY,
          keys("early-" + i),
          image("early-" + i, 1),
          scanStart.minus(Duration.ofHours(3)));
    }
    harness.offsets.put(
        segment(0, 1), SegmentPosition.start(scanStart.toEpochMilli()).next(null, 3).toOffset());
    harness.start(
        StreamHarness.afterSnapshot(1), StreamHarness.settings(LostPositionPolicy.FAIL, 1));
    long deadline = System.currentTimeMillis() + 10_000;
    while (harness.progress.skippedBeforeCutoff() < 3 && System.currentTimeMillis() < deadline) {
      harness.drainFor(Duration.ofMillis(20));
    }

    // The stream trims what the reader skipped, and its iterator expires meanwhile.
    harness.streams.trim("shard-a", 3);
    harness.streams.expireAllIterators();
    put("shard-a", "after-cutoff", 1);

    List<SourceRecord> records = harness.awaitData(r -> r.size() == 1);
    assertThat(keyOf(records.get(0))).isEqualTo("after-cutoff");
    assertThat(harness.failure()).isNull();
  }

  @Test
  void anIdleTableKeepsItsPositionPastTheRetentionAndResumesWithoutALostPosition()
      throws Exception {
    harness.streams.shard("shard-a", null);
    put("shard-a", "item-1", 1);
    io.ddbsync.common.testing.MutableClock clock =
        new io.ddbsync.common.testing.MutableClock(Instant.now());
    harness.clock = clock;
    harness.start(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));
    harness.awaitData(r -> r.size() == 1);
    // Thirty idle hours: empty polls keep the table's caught-up mark moving.
    for (int hour = 0; hour < 30; hour++) {
      clock.advance(Duration.ofHours(1));
      harness.drainFor(Duration.ofMillis(60));
    }
    // The one record aged out of the stream; the shard's committed position is that record.
    harness.streams.trim("shard-a", 1);

    harness.restart(StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.FAIL));
    put("shard-a", "item-1", 2);

    // The reader's clock stands still unless moved: move it so that its next polls come due.
    long deadline = System.currentTimeMillis() + 10_000;
    while (versionsOf(harness.data(), "item-1").size() < 2
        && harness.failure() == null
        && System.currentTimeMillis() < deadline) {
      clock.advance(Duration.ofSeconds(1));
      harness.drainFor(Duration.ofMillis(20));
    }
    List<SourceRecord> records = harness.data();
    assertThat(harness.failure()).isNull();
    assertThat(versionsOf(records, "item-1")).containsExactly(1L, 2L);
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

  private static Instant snapshotStartOf(SourceRecord record) {
    java.util.Date start =
        (java.util.Date) ((Struct) record.value()).getStruct("source").get("snapshot_start");
    return start == null ? null : start.toInstant();
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
