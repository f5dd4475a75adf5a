package io.ddbsync.source.stream;

import io.ddbsync.source.offsets.ShardPosition;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shard tree of one stream and which shards may be read now. DynamoDB keeps all changes of an
 * item in one shard at a time, and when a shard splits, the item's later changes are in a child;
 * reading a child only after its parent is read to the end therefore keeps every item's changes in
 * order. A parent that is no longer listed has been trimmed (it closed more than 24 hours ago), so
 * its children may start.
 *
 * <p>Pure bookkeeping: the reader feeds it listings and reports shards it finished.
 */
public final class ShardTracker {
  private static final Comparator<ShardInfo> BY_START =
      Comparator.comparing((ShardInfo s) -> sequence(s.startingSequenceNumber()))
          .thenComparing(ShardInfo::shardId);

  private final Map<String, ShardInfo> shards = new LinkedHashMap<>();
  private final Set<String> finished = new HashSet<>();

  /** Takes a new complete listing; forgets shards that are gone and were finished. */
  public List<ShardInfo> update(List<ShardInfo> listing) {
    List<ShardInfo> added = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (ShardInfo shard : listing) {
      listed.add(shard.shardId());
      if (shards.put(shard.shardId(), shard) == null) {
        added.add(shard);
      }
    }
    shards.keySet().removeIf(id -> !listed.contains(id) && finished.contains(id));
    finished.removeIf(id -> !shards.containsKey(id));
    return added;
  }

  /** Records that a shard was read to its end (or was found finished in the stored offsets). */
  public void finished(String shardId) {
    finished.add(shardId);
  }

  public boolean isListed(String shardId) {
    return shards.containsKey(shardId);
  }

  public boolean isFinished(String shardId) {
    return finished.contains(shardId);
  }

  /** Shards to read now, oldest first: not finished, and whose parent is finished or not listed. */
  public List<ShardInfo> readable() {
    List<ShardInfo> readable = new ArrayList<>();
    for (ShardInfo shard : shards.values()) {
      if (finished.contains(shard.shardId())) {
        continue;
      }
      String parent = shard.parentShardId();
      if (parent == null || !shards.containsKey(parent) || finished.contains(parent)) {
        readable.add(shard);
      }
    }
    readable.sort(BY_START);
    return readable;
  }

  /**
   * Applies the stored positions of newly listed shards: a finished shard is marked so; a shard
   * whose parent is listed and is read again (not finished, not stored as done, or itself read
   * again) is read again from its start ({@code readAgain}), even when it was stored as done:
   * Connect commits each shard's offset on its own, so a child's position (or its "done") can be
   * committed while its parent's is not, and the parent's records are read again first, so the
   * child's must follow them again or an older change would end up last. The others resume at their
   * position.
   */
  public Restored restore(List<ShardInfo> added, Map<String, ShardPosition> positions) {
    java.util.Set<String> again = new java.util.HashSet<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ShardInfo shard : added) {
        if (positions.get(shard.shardId()) == null || again.contains(shard.shardId())) {
          continue;
        }
        String parent = shard.parentShardId();
        if (parent == null || !isListed(parent) || isFinished(parent)) {
          continue;
        }
        ShardPosition parentPosition = positions.get(parent);
        boolean parentReadAgain =
            again.contains(parent) || parentPosition == null || !parentPosition.done();
        if (parentReadAgain) {
          again.add(shard.shardId());
          grew = true;
        }
      }
    }
    Map<String, ShardPosition> resume = new LinkedHashMap<>();
    List<ShardInfo> readAgain = new java.util.ArrayList<>();
    for (ShardInfo shard : added) {
      ShardPosition position = positions.get(shard.shardId());
      if (position == null) {
        continue;
      }
      if (again.contains(shard.shardId())) {
        readAgain.add(shard);
      } else if (position.done()) {
        finished(shard.shardId());
      } else {
        resume.put(shard.shardId(), position);
      }
    }
    return new Restored(resume, readAgain);
  }

  /** The outcome of {@link #restore}. */
  public record Restored(Map<String, ShardPosition> resume, List<ShardInfo> readAgain) {}

  /** True when every listed shard is finished: a disabled stream has nothing more to give. */
  public boolean allFinished() {
    return finished.containsAll(shards.keySet());
  }

  public int size() {
    return shards.size();
  }

  private static BigInteger sequence(String number) {
    return number == null ? BigInteger.ZERO : new BigInteger(number);
  }
}
