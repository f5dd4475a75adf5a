package io.ddbsync.sink.task;

import io.ddbsync.sink.batch.OffsetRange;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offset arithmetic of {@code preCommit}, without I/O: for each partition, the offset up to
 * which every record is in a committed load. That is the first offset still pending (in a buffer or
 * a batch not yet committed), else the offset after the last record processed.
 *
 * <p>A partition rewound to re-read a dropped batch has a floor: until its records are delivered
 * again, nothing above the rewind point is offered, whatever else is buffered or arrives first
 * (records polled before the seek takes effect still come in).
 */
final class OffsetBook {
  /** A rewind point, and the highest offset seen before it: a lower one means re-delivery began. */
  private record Floor(long offset, long highestSeen) {}

  private final Map<TopicPartition, Long> processedNext = new HashMap<>();
  private final Map<TopicPartition, Floor> floors = new HashMap<>();

  /** A record was taken in (buffered, skipped or dead-lettered). */
  void processed(TopicPartition partition, long offset) {
    Floor floor = floors.get(partition);
    if (floor != null && offset >= floor.offset() && offset <= floor.highestSeen()) {
      floors.remove(partition); // the rewound records are coming again
    }
    processedNext.merge(partition, offset + 1, Math::max);
  }

  /** Adds the first offset of each range to {@code pendingFirst}, keeping the smallest. */
  static void addPending(
      Map<TopicPartition, Long> pendingFirst, Map<TopicPartition, OffsetRange> ranges) {
    ranges.forEach((partition, range) -> pendingFirst.merge(partition, range.first(), Math::min));
  }

  /** The offsets to commit for {@code assigned}, given the first offsets still pending. */
  Map<TopicPartition, OffsetAndMetadata> committable(
      Collection<TopicPartition> assigned, Map<TopicPartition, Long> pendingFirst) {
    Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
    for (TopicPartition partition : assigned) {
      Long offset =
          pendingFirst.containsKey(partition)
              ? pendingFirst.get(partition)
              : processedNext.get(partition);
      Floor floor = floors.get(partition);
      if (offset != null && floor != null) {
        offset = Math.min(offset, floor.offset());
      }
      if (offset != null) {
        committable.put(partition, new OffsetAndMetadata(offset));
      }
    }
    return committable;
  }

  /**
   * Partitions rewound to re-read records: never offer offsets past the rewind points, until the
   * records from there are delivered again.
   */
  void rewound(Map<TopicPartition, Long> rewind) {
    rewind.forEach(
        (partition, offset) -> {
          Long next = processedNext.get(partition);
          long highestSeen = next == null ? offset : Math.max(offset, next - 1);
          floors.merge(
              partition,
              new Floor(offset, highestSeen),
              (a, b) ->
                  new Floor(
                      Math.min(a.offset(), b.offset()),
                      Math.max(a.highestSeen(), b.highestSeen())));
          processedNext.merge(partition, offset, Math::min);
        });
  }

  /** Partitions revoked: their new owner keeps their offsets. */
  void forget(Collection<TopicPartition> partitions) {
    processedNext.keySet().removeAll(partitions);
    floors.keySet().removeAll(partitions);
  }
}
