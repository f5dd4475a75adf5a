package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SnapshotGenerationsTest {
  private static final TableSource ORDERS = TableSource.of("Orders", "dynamodb.Orders");

  @Test
  void aGenerationIsCompleteOnlyOnceEveryPartitionAnnouncedItsEnd() {
    SnapshotGenerations.Outcome first = SnapshotGenerations.NONE.complete(200, 0, 3);
    assertThat(first.sweep()).isFalse();
    SnapshotGenerations.Outcome again = first.next().complete(200, 0, 3);
    assertThat(again.sweep()).as("the same partition twice").isFalse();
    SnapshotGenerations.Outcome second = again.next().complete(200, 2, 3);
    assertThat(second.sweep()).isFalse();
    SnapshotGenerations.Outcome third = second.next().complete(200, 1, 3);
    assertThat(third.sweep()).isTrue();
    assertThat(third.next().completedMicros()).isEqualTo(200);
    assertThat(third.next().completingMicros()).isZero();
    // A replay of any partition's end afterwards changes nothing.
    assertThat(third.next().complete(200, 1, 3).sweep()).isFalse();
    assertThat(third.next().complete(100, 0, 3).next()).isEqualTo(third.next());
  }

  @Test
  void aNewerSnapshotsEndStartsOverAndAnOlderOnesIsIgnored() {
    SnapshotGenerations partial = SnapshotGenerations.NONE.complete(200, 0, 2).next();
    SnapshotGenerations newer = partial.complete(300, 1, 2).next();
    assertThat(newer.completingMicros()).isEqualTo(300);
    assertThat(newer.complete(200, 1, 2).next()).as("the older one, late").isEqualTo(newer);
    assertThat(newer.complete(300, 0, 2).sweep()).isTrue();
  }

  @Test
  void aTopicWithoutPartitionsCompletesAtOnce() {
    assertThat(SnapshotGenerations.NONE.complete(200, 0, 0).sweep()).isTrue();
  }

  @Test
  void theStateSurvivesTheTableComment() {
    SnapshotGenerations state =
        SnapshotGenerations.NONE.complete(100, 0, 1).next().complete(200, 9, 12).next();
    String comment = ORDERS.comment(state);

    assertThat(comment)
        .isEqualTo(
            "ddbsync source table=Orders topic=dynamodb.Orders snapshot=100 completing=200/12/0002");
    assertThat(SnapshotGenerations.parse(comment)).isEqualTo(state);
    assertThat(TableSource.parse(comment)).isEqualTo(ORDERS);
    // What a version before topics and partitions wrote.
    assertThat(SnapshotGenerations.parse("ddbsync source table=Orders snapshot=100"))
        .isEqualTo(SnapshotGenerations.NONE.complete(100, 0, 0).next());
    assertThat(SnapshotGenerations.parse("a comment of somebody else's"))
        .isEqualTo(SnapshotGenerations.NONE);
  }

  @Property(tries = 200)
  void whateverTheOrderOfThePartitionsTheGenerationCompletesWithTheLastOne(
      @ForAll @IntRange(min = 1, max = 40) int partitions, @ForAll long seed) {
    java.util.List<Integer> order = new java.util.ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      order.add(p);
      order.add(p); // each announced twice (a replay)
    }
    java.util.Collections.shuffle(order, new java.util.Random(seed));
    SnapshotGenerations state = SnapshotGenerations.NONE;
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    int sweeps = 0;
    for (int partition : order) {
      seen.add(partition);
      SnapshotGenerations.Outcome outcome = state.complete(500, partition, partitions);
      assertThat(outcome.sweep()).isEqualTo(seen.size() == partitions && sweeps == 0);
      sweeps += outcome.sweep() ? 1 : 0;
      state = SnapshotGenerations.parse(ORDERS.comment(outcome.next()));
    }
    assertThat(sweeps).isEqualTo(1);
    assertThat(state.completedMicros()).isEqualTo(500);
  }
}
