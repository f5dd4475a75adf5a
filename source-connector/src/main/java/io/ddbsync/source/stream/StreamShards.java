package io.ddbsync.source.stream;

import io.ddbsync.source.offsets.ShardPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.plan.StreamWork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shards of one table's stream and where each is read: the lineage ({@link ShardTracker},
 * parents before children) and a cursor per shard, restored from the committed positions of the
 * snapshot epoch being streamed when a shard is first seen.
 */
final class StreamShards {
  private static final Logger LOG = LoggerFactory.getLogger(StreamShards.class);

  private final StreamWork work;
  private final StoredOffsets offsets;
  private final ShardTracker tracker = new ShardTracker();
  private final Map<String, ShardCursor> cursors = new HashMap<>();

  StreamShards(StreamWork work, StoredOffsets offsets) {
    this.work = work;
    this.offsets = offsets;
  }

  /**
   * Takes in the shards the stream has now. A new shard resumes from its committed position of
   * {@code epoch}; a child committed as done while its parent was not is read again after it.
   */
  void update(List<ShardInfo> shards, int epoch) {
    List<ShardInfo> added = tracker.update(shards);
    if (added.isEmpty()) {
      return;
    }
    List<Map<String, Object>> partitions = new ArrayList<>(added.size());
    for (ShardInfo shard : added) {
      partitions.add(SourcePartitions.shard(work.streamArn(), shard.shardId()));
    }
    Map<Map<String, Object>, Map<String, Object>> stored = offsets.offsets(partitions);
    Map<String, ShardPosition> positions = new HashMap<>();
    for (ShardInfo shard : added) {
      ShardPosition position =
          ShardPosition.fromOffset(
              stored.get(SourcePartitions.shard(work.streamArn(), shard.shardId())));
      if (position != null && position.epoch() == epoch) {
        positions.put(shard.shardId(), position);
      }
    }
    ShardTracker.Restored restored = tracker.restore(added, positions);
    for (ShardInfo shard : restored.readAgain()) {
      LOG.info(
          "Table {}: shard {} is read again from its start, after its unfinished parent {}",
          work.table(),
          shard.shardId(),
          shard.parentShardId());
    }
    restored
        .resume()
        .forEach(
            (shardId, position) ->
                cursors.put(
                    shardId,
                    new ShardCursor(
                        shardId, position.sequenceNumber(), position.createdAtMillis())));
    LOG.debug("Table {}: {} new shards, {} in all", work.table(), added.size(), tracker.size());
  }

  /** The shards that may be read now: every parent read to its end. */
  List<ShardInfo> readable() {
    return tracker.readable();
  }

  /** Where {@code shard} is read; from its oldest record if it has no position yet. */
  ShardCursor cursor(ShardInfo shard) {
    return cursors.computeIfAbsent(shard.shardId(), id -> new ShardCursor(id, null));
  }

  /** {@code shard} is read to its end: its children may be read. */
  void finished(ShardInfo shard) {
    tracker.finished(shard.shardId());
    cursors.remove(shard.shardId());
  }

  boolean allFinished() {
    return tracker.allFinished();
  }

  /**
   * How far every readable shard's changes are known to be emitted: the least of their cursors'
   * (see {@link ShardCursor#caughtUpToMillis}); 0 while a shard has none yet.
   */
  long caughtUpToMillis() {
    long caughtUpTo = Long.MAX_VALUE;
    for (ShardInfo shard : tracker.readable()) {
      ShardCursor cursor = cursors.get(shard.shardId());
      if (cursor == null || cursor.caughtUpToMillis() == 0) {
        return 0;
      }
      caughtUpTo = Math.min(caughtUpTo, cursor.caughtUpToMillis());
    }
    return caughtUpTo == Long.MAX_VALUE ? 0 : caughtUpTo;
  }
}
