package io.ddbsync.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.settings.LostPositionPolicy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LostPositionTest {
  private static final TableMarker STREAMING =
      new TableMarker("id-1", "arn:old", 2, 8, TableMarker.Phase.STREAMING, 100, 200);

  @Test
  void failTellsBothWaysOutAndNeverAsksTheCatalog() {
    AtomicInteger describes = new AtomicInteger();
    LostPosition.Decision decision =
        LostPosition.decide(
            LostPositionPolicy.FAIL,
            "Orders",
            "the shard was trimmed",
            STREAMING,
            () -> {
              describes.incrementAndGet();
              return null;
            },
            8);

    assertThat(decision)
        .isInstanceOfSatisfying(
            LostPosition.Fail.class,
            fail ->
                assertThat(fail.message())
                    .contains("the shard was trimmed")
                    .contains("stream.lost.position.policy=RESNAPSHOT")
                    .contains("DELETE /connectors/<name>/offsets"));
    assertThat(describes).hasValue(0);
  }

  @Test
  void resnapshotStartsTheNextEpochOnTheTablesCurrentStream() {
    LostPosition.Decision decision =
        LostPosition.decide(
            LostPositionPolicy.RESNAPSHOT,
            "Orders",
            "the stream was replaced",
            STREAMING,
            () -> table("arn:new"),
            12);

    assertThat(decision)
        .isEqualTo(
            new LostPosition.Resnapshot(
                new TableMarker("id-1", "arn:new", 3, 12, TableMarker.Phase.SNAPSHOT, 0, 0)));
  }

  @Test
  void resnapshotFailsWhenTheTableHasNoStreamToFollow() {
    assertThat(
            LostPosition.decide(
                LostPositionPolicy.RESNAPSHOT, "Orders", "gone", STREAMING, () -> null, 8))
        .isInstanceOfSatisfying(
            LostPosition.Fail.class, fail -> assertThat(fail.message()).contains("does not exist"));
    assertThat(
            LostPosition.decide(
                LostPositionPolicy.RESNAPSHOT, "Orders", "gone", STREAMING, () -> table(null), 8))
        .isInstanceOfSatisfying(
            LostPosition.Fail.class,
            fail -> assertThat(fail.message()).contains("enable one to continue"));
  }

  private static TableInfo table(String streamArn) {
    return new TableInfo(
        "Orders",
        "id-1",
        List.of(new KeyAttribute("OrderId", KeyAttribute.ScalarType.S)),
        streamArn,
        streamArn == null ? null : "NEW_AND_OLD_IMAGES",
        10,
        1000,
        0);
  }

  private static final long HOUR = 3_600_000;
  private static final TableMarker CAUGHT_UP =
      new TableMarker("id-1", "arn:old", 2, 8, TableMarker.Phase.STREAMING, 100, 30 * HOUR);

  private static LostPosition.Decision heal(
      TableMarker marker,
      TableInfo now,
      io.ddbsync.source.export.ExportClient.PointInTimeRecovery pitr,
      boolean bucket) {
    return LostPosition.decide(
        LostPositionPolicy.INCREMENTAL_EXPORT,
        "Orders",
        "trimmed",
        marker,
        () -> now,
        8,
        () -> pitr,
        60 * HOUR,
        bucket);
  }

  private static TableInfo table(String id, String stream) {
    return new TableInfo(
        "Orders",
        id,
        List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S)),
        stream,
        "NEW_AND_OLD_IMAGES",
        1,
        1,
        1);
  }

  @Test
  void incrementalExportHealsFromTheLastCaughtUpTimeToTheLatestRestorableOne() {
    var pitr = new io.ddbsync.source.export.ExportClient.PointInTimeRecovery(true, HOUR, 59 * HOUR);

    assertThat(heal(CAUGHT_UP, table("id-1", "arn:old"), pitr, true))
        .isEqualTo(new LostPosition.Heal(new TableMarker.Heal(30 * HOUR - 300_000, 59 * HOUR)));
  }

  @Test
  void whatAHealCannotCoverGetsANewSnapshotInstead() {
    var pitr = new io.ddbsync.source.export.ExportClient.PointInTimeRecovery(true, HOUR, 59 * HOUR);
    var late =
        new io.ddbsync.source.export.ExportClient.PointInTimeRecovery(true, 40 * HOUR, 59 * HOUR);
    TableMarker snapshotting =
        new TableMarker("id-1", "arn:old", 2, 8, TableMarker.Phase.SNAPSHOT, 0, 0);

    assertThat(heal(CAUGHT_UP, table("id-1", "arn:new"), pitr, true))
        .as("a replaced stream")
        .isInstanceOf(LostPosition.Resnapshot.class);
    assertThat(heal(CAUGHT_UP, table("id-2", "arn:old"), pitr, true))
        .as("a recreated table")
        .isInstanceOf(LostPosition.Resnapshot.class);
    assertThat(heal(CAUGHT_UP, table("id-1", "arn:old"), late, true))
        .as("changes older than point-in-time recovery")
        .isInstanceOf(LostPosition.Resnapshot.class);
    assertThat(
            heal(
                CAUGHT_UP,
                table("id-1", "arn:old"),
                io.ddbsync.source.export.ExportClient.PointInTimeRecovery.OFF,
                true))
        .as("recovery off")
        .isInstanceOf(LostPosition.Resnapshot.class);
    assertThat(heal(CAUGHT_UP, table("id-1", "arn:old"), pitr, false))
        .as("no export bucket")
        .isInstanceOf(LostPosition.Resnapshot.class);
    assertThat(heal(snapshotting, table("id-1", "arn:old"), pitr, true))
        .as("a snapshot that never caught up")
        .isInstanceOf(LostPosition.Resnapshot.class);
  }
}
