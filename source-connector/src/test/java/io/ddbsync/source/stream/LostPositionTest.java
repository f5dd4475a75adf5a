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
}
