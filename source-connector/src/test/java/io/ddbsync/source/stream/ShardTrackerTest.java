package io.ddbsync.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShardTrackerTest {
  private final ShardTracker tracker = new ShardTracker();

  @Test
  void childrenWaitUntilTheirParentIsFinished() {
    tracker.update(
        List.of(
            shard("a", null, "100", "200"),
            shard("b", "a", "201", null),
            shard("c", "a", "202", null)));
    assertThat(ids()).containsExactly("a");

    tracker.finished("a");
    assertThat(ids()).containsExactly("b", "c");
  }

  @Test
  void aParentNoLongerListedWasTrimmedAndDoesNotBlockItsChildren() {
    tracker.update(List.of(shard("b", "gone", "300", null)));
    assertThat(ids()).containsExactly("b");
  }

  @Test
  void readableShardsComeOldestFirstBySequenceNumberNotByName() {
    tracker.update(
        List.of(shard("z", null, "100000000000000000000", null), shard("a", null, "99", null)));
    assertThat(ids()).containsExactly("a", "z");
  }

  @Test
  void finishedShardsThatDisappearAreForgotten() {
    tracker.update(List.of(shard("a", null, "1", "2"), shard("b", "a", "3", null)));
    tracker.finished("a");
    tracker.update(List.of(shard("b", "a", "3", null)));

    assertThat(tracker.size()).isEqualTo(1);
    assertThat(ids()).containsExactly("b");
  }

  @Test
  void updateReportsOnlyNewShards() {
    tracker.update(List.of(shard("a", null, "1", null)));
    assertThat(tracker.update(List.of(shard("a", null, "1", "5"), shard("b", "a", "6", null))))
        .extracting(ShardInfo::shardId)
        .containsExactly("b");
  }

  @Test
  void allFinishedOnlyWhenEveryListedShardIs() {
    tracker.update(List.of(shard("a", null, "1", "2"), shard("b", null, "3", "4")));
    tracker.finished("a");
    assertThat(tracker.allFinished()).isFalse();
    tracker.finished("b");
    assertThat(tracker.allFinished()).isTrue();
  }

  private List<String> ids() {
    return tracker.readable().stream().map(ShardInfo::shardId).toList();
  }

  private static ShardInfo shard(String id, String parent, String start, String end) {
    return new ShardInfo(id, parent, start, end);
  }
}
