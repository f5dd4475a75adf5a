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
 */
final class OffsetBook {
  private final Map<TopicPartition, Long> processedNext = new HashMap<>();

  /** A record was taken in (buffered, skipped or dead-lettered). */
  void processed(TopicPartition partition, long offset) {
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
      if (offset != null) {
        committable.put(partition, new OffsetAndMetadata(offset));
      }
    }
    return committable;
  }

  /** Partitions rewound to re-read records: never offer offsets past the rewind points. */
  void rewound(Map<TopicPartition, Long> rewind) {
    rewind.forEach((partition, offset) -> processedNext.merge(partition, offset, Math::min));
  }

  /** Partitions revoked: their new owner keeps their offsets. */
  void forget(Collection<TopicPartition> partitions) {
    processedNext.keySet().removeAll(partitions);
  }
}
