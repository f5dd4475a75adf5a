package io.ddbsync.sink.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The records waiting for one target table (of one source: one DynamoDB table on one topic),
 * deduplicated per item key: only the change with the highest offset is kept, since it holds the
 * item's newest state (all changes of an item share a key, hence a partition, hence an order).
 * Replayed records (after a rewind) replace themselves. Offsets and partitions are the records'
 * original ones ({@link Coordinates}).
 */
public final class TableBuffer {
  private record Entry(SinkRecord record, long bytes) {}

  private final String table;
  private final Map<String, Entry> latest = new LinkedHashMap<>();
  private final Map<TopicPartition, OffsetRange> ranges = new HashMap<>();
  private final long createdMillis;
  private long bytes;
  private int received;
  // The newest snapshot generation known complete from this buffer's records, and the partition
  // of the record that said so (a revoked partition takes its news with it).
  private long completedSnapshotMicros;
  private TopicPartition completedBy;

  public TableBuffer(String table, long nowMillis) {
    this.table = table;
    this.createdMillis = nowMillis;
  }

  public String table() {
    return table;
  }

  public void add(String key, SinkRecord record, long recordBytes) {
    received++;
    long offset = Coordinates.offset(record);
    ranges.merge(
        Coordinates.partition(record), OffsetRange.of(offset), (a, b) -> a.including(b.first()));
    Entry previous = latest.get(key);
    if (previous != null && Coordinates.offset(previous.record) > offset) {
      return;
    }
    if (previous != null) {
      bytes -= previous.bytes;
    }
    latest.put(key, new Entry(record, recordBytes));
    bytes += recordBytes;
  }

  /**
   * Records that the snapshot generation {@code snapshotStartMicros} is complete, as {@code record}
   * (a SNAPSHOT_COMPLETE record, or a streamed change) says; its offset is covered by the buffer.
   */
  public void complete(long snapshotStartMicros, SinkRecord record) {
    long offset = Coordinates.offset(record);
    ranges.merge(
        Coordinates.partition(record), OffsetRange.of(offset), (a, b) -> a.including(b.first()));
    if (snapshotStartMicros > completedSnapshotMicros) {
      completedSnapshotMicros = snapshotStartMicros;
      completedBy = Coordinates.partition(record);
    }
  }

  /** The newest snapshot generation the buffered records show complete; 0 for none. */
  public long completedSnapshotMicros() {
    return completedSnapshotMicros;
  }

  public boolean isEmpty() {
    return latest.isEmpty() && completedSnapshotMicros == 0;
  }

  /** Distinct items buffered. */
  public int size() {
    return latest.size();
  }

  /** Records received, duplicates included. */
  public int received() {
    return received;
  }

  public long bytes() {
    return bytes;
  }

  public long ageMillis(long nowMillis) {
    return nowMillis - createdMillis;
  }

  /** First and last offset of each partition's records in this buffer. */
  public Map<TopicPartition, OffsetRange> ranges() {
    return new HashMap<>(ranges);
  }

  /** The latest change of every item, in Kafka order. */
  public List<SinkRecord> records() {
    List<SinkRecord> records = new ArrayList<>(latest.size());
    latest.values().forEach(entry -> records.add(entry.record));
    records.sort(
        Comparator.comparing(Coordinates::topic)
            .thenComparingInt(Coordinates::kafkaPartition)
            .thenComparingLong(Coordinates::offset));
    return records;
  }

  /** Drops the records of revoked partitions; the new owner reads them from the last commit. */
  public void removePartitions(Collection<TopicPartition> partitions) {
    latest
        .values()
        .removeIf(
            entry -> {
              boolean revoked = partitions.contains(Coordinates.partition(entry.record));
              if (revoked) {
                bytes -= entry.bytes;
              }
              return revoked;
            });
    ranges.keySet().removeAll(partitions);
    if (completedBy != null && partitions.contains(completedBy)) {
      completedSnapshotMicros = 0;
      completedBy = null;
    }
  }
}
