package io.ddbsync.sink.batch;

import io.ddbsync.common.event.ChangeEnvelope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The records waiting for one target table (of one source: one DynamoDB table on one topic),
 * deduplicated per item key: only the change with the highest offset is kept, since it holds the
 * item's newest state (all changes of an item share a key, hence a partition, hence an order).
 * Replayed records (after a rewind) replace themselves. Offsets and partitions are the records'
 * original ones ({@link Coordinates}).
 */
public final class TableBuffer {
  /**
   * A buffered record, what routing read of it without the item, and where the item lies in the
   * slab ({@link #NO_ITEM} for none).
   */
  private record Entry(
      SinkRecord record, long bytes, ChangeEnvelope.Change change, Schema itemSchema, long item) {}

  private static final long NO_ITEM = -1;

  /**
   * A buffered record with what routing read of it but the item, which {@link #item()} reads back
   * from the buffer's slab; {@code expiry} for the mark of an item expired under ttl.removals=KEEP.
   */
  public final class Buffered {
    private final Entry entry;
    private final boolean expiry;

    private Buffered(Entry entry, boolean expiry) {
      this.entry = entry;
      this.expiry = expiry;
    }

    public SinkRecord record() {
      return entry.record;
    }

    /** What routing read of the record; the item after the change is {@link #item()}. */
    public ChangeEnvelope.Change change() {
      return entry.change;
    }

    public boolean expiry() {
      return expiry;
    }

    /** Whether the change carries the item after it. */
    public boolean hasItem() {
      return entry.item != NO_ITEM || entry.change.after() != null;
    }

    /** The item after the change, read again (a new, equal struct each time); null if none. */
    public Struct item() {
      return entry.item == NO_ITEM
          ? entry.change.after()
          : items.read(entry.itemSchema, entry.item);
    }
  }

  // The items of the buffered changes, encoded: as objects they were most of what young
  // collections copied while a batch filled.
  private final ItemSlab items = new ItemSlab();

  private final String table;
  private final Map<String, Entry> latest = new LinkedHashMap<>();
  // Items expired under ttl.removals=KEEP: the mark stays beside the item's latest change, which it
  // never replaces; a newer change of the key (the item made again) takes it away.
  private final Map<String, Entry> expired = new LinkedHashMap<>();
  // First and last offset of each partition's records; grown in place, one array per partition.
  private final Map<TopicPartition, long[]> ranges = new HashMap<>();
  // The partition of the last record covered, and its range: most records follow one of the same.
  private TopicPartition lastPartition;
  private long[] lastRange;
  private final long createdMillis;
  private long bytes;
  private int received;
  // The newest end of a snapshot each partition announced (a revoked partition takes its own).
  private final Map<TopicPartition, SnapshotEnd> snapshotEnds = new HashMap<>();
  // The newest heartbeat of each partition.
  private final Map<TopicPartition, Heartbeat> heartbeats = new HashMap<>();

  public TableBuffer(String table, long nowMillis) {
    this.table = table;
    this.createdMillis = nowMillis;
  }

  public String table() {
    return table;
  }

  public void add(String key, SinkRecord record, long recordBytes, ChangeEnvelope.Change change) {
    received++;
    long offset = Coordinates.offset(record);
    cover(record, offset);
    Entry mark = expired.get(key);
    if (mark != null && Coordinates.offset(mark.record) < offset) {
      expired.remove(key);
      bytes -= mark.bytes;
    }
    Entry previous = latest.get(key);
    if (previous != null && Coordinates.offset(previous.record) > offset) {
      return;
    }
    if (previous != null) {
      bytes -= previous.bytes;
    }
    Entry entry = entry(record, recordBytes, change);
    latest.put(key, entry);
    bytes += entry.bytes;
  }

  /**
   * The entry of a change, its item (if it has one) moved into the slab; an item whose values do
   * not all have their schema's types (a converter's fault, not the sink's) stays as it is, to be
   * refused with its reason when its row is built.
   */
  private Entry entry(SinkRecord record, long recordBytes, ChangeEnvelope.Change change) {
    Struct item = change.after();
    if (item == null) {
      return new Entry(record, recordBytes, change, null, NO_ITEM);
    }
    long address;
    try {
      address = items.append(item.schema(), item);
    } catch (ClassCastException | org.apache.kafka.connect.errors.DataException e) {
      return new Entry(record, recordBytes + StructSize.of(item), change, null, NO_ITEM);
    }
    ChangeEnvelope.Change withoutItem =
        new ChangeEnvelope.Change(
            change.operation(),
            change.table(),
            change.key(),
            null,
            change.generationMicros(),
            change.ttlExpiry(),
            change.createdMicros(),
            change.snapshotPartitions(),
            change.tombstone());
    return new Entry(record, recordBytes, withoutItem, item.schema(), address);
  }

  /** Grows the range of the record's partition to include {@code offset}. */
  private void cover(SinkRecord record, long offset) {
    int partition = Coordinates.kafkaPartition(record);
    String topic = Coordinates.topic(record);
    long[] range = lastRange;
    if (lastPartition == null
        || lastPartition.partition() != partition
        || !lastPartition.topic().equals(topic)) {
      lastPartition = new TopicPartition(topic, partition);
      range = ranges.computeIfAbsent(lastPartition, p -> new long[] {offset, offset});
      lastRange = range;
    }
    range[0] = Math.min(range[0], offset);
    range[1] = Math.max(range[1], offset);
  }

  /**
   * Marks the item of {@code key} as expired under ttl.removals=KEEP; its latest change stays (the
   * mark is applied after it).
   */
  public void expire(
      String key, SinkRecord record, long recordBytes, ChangeEnvelope.Change change) {
    received++;
    long offset = Coordinates.offset(record);
    cover(record, offset);
    Entry previous = latest.get(key);
    if (previous != null && Coordinates.offset(previous.record) > offset) {
      return; // the item was made again after it expired
    }
    Entry entry = entry(record, recordBytes, change);
    Entry mark = expired.put(key, entry);
    bytes += entry.bytes - (mark == null ? 0 : mark.bytes);
  }

  /**
   * Records that {@code record} (a SNAPSHOT_COMPLETE record) announced the end of the snapshot of
   * generation {@code snapshotStartMicros} on its partition, one of {@code partitions}; its offset
   * is covered by the buffer.
   */
  public void complete(long snapshotStartMicros, int partitions, SinkRecord record) {
    TopicPartition partition = Coordinates.partition(record);
    cover(record, Coordinates.offset(record));
    SnapshotEnd end = new SnapshotEnd(snapshotStartMicros, partition.partition(), partitions);
    snapshotEnds.merge(
        partition, end, (a, b) -> b.generationMicros() >= a.generationMicros() ? b : a);
  }

  /**
   * Records {@code record}, a heartbeat saying every change before {@code caughtUpToMillis} is
   * ahead of it on its partition (one of {@code partitions}); its offset is covered by the buffer.
   */
  public void heartbeat(int partitions, long caughtUpToMillis, SinkRecord record) {
    TopicPartition partition = Coordinates.partition(record);
    cover(record, Coordinates.offset(record));
    Heartbeat beat =
        new Heartbeat(partition.topic(), partition.partition(), partitions, caughtUpToMillis);
    heartbeats.merge(
        partition, beat, (a, b) -> b.caughtUpToMillis() >= a.caughtUpToMillis() ? b : a);
  }

  /** The newest heartbeat of each partition of the buffered records. */
  public List<Heartbeat> heartbeats() {
    return List.copyOf(heartbeats.values());
  }

  /** The newest end of a snapshot each partition of the buffered records announced. */
  public List<SnapshotEnd> snapshotEnds() {
    return List.copyOf(snapshotEnds.values());
  }

  public boolean isEmpty() {
    return latest.isEmpty() && expired.isEmpty() && snapshotEnds.isEmpty() && heartbeats.isEmpty();
  }

  /** Distinct items buffered. */
  public int size() {
    return latest.size() + expired.size();
  }

  /** Records received, duplicates included. */
  public int received() {
    return received;
  }

  /**
   * What the buffered records keep: each record's own bytes ({@link StructSize}) and every item
   * written to the slab, the items of replaced changes included (the slab is freed whole, once the
   * buffer is built).
   */
  public long bytes() {
    return bytes + items.usedBytes();
  }

  /** The bytes of the slab's items, replaced ones included. */
  long itemBytes() {
    return items.usedBytes();
  }

  public long ageMillis(long nowMillis) {
    return nowMillis - createdMillis;
  }

  /** First and last offset of each partition's records in this buffer. */
  public Map<TopicPartition, OffsetRange> ranges() {
    Map<TopicPartition, OffsetRange> copy = new HashMap<>();
    ranges.forEach((partition, range) -> copy.put(partition, new OffsetRange(range[0], range[1])));
    return copy;
  }

  /** The latest change of every item, and the expiry marks, in Kafka order. */
  public List<SinkRecord> records() {
    return buffered().stream().map(Buffered::record).toList();
  }

  /** As {@link #records()}, with what routing read of each. */
  public List<Buffered> buffered() {
    List<Buffered> all = new ArrayList<>(latest.size() + expired.size());
    latest.values().forEach(entry -> all.add(new Buffered(entry, false)));
    expired.values().forEach(entry -> all.add(new Buffered(entry, true)));
    all.sort(
        Comparator.comparing((Buffered b) -> Coordinates.topic(b.record()))
            .thenComparingInt(b -> Coordinates.kafkaPartition(b.record()))
            .thenComparingLong(b -> Coordinates.offset(b.record())));
    return all;
  }

  /** Drops the records of revoked partitions; the new owner reads them from the last commit. */
  public void removePartitions(Collection<TopicPartition> partitions) {
    for (Map<String, Entry> entries : List.of(latest, expired)) {
      removeEntries(entries, partitions);
    }
    ranges.keySet().removeAll(partitions);
    lastPartition = null;
    lastRange = null;
    snapshotEnds.keySet().removeAll(partitions);
    heartbeats.keySet().removeAll(partitions);
  }

  private void removeEntries(Map<String, Entry> entries, Collection<TopicPartition> partitions) {
    entries
        .values()
        .removeIf(
            entry -> {
              boolean revoked = partitions.contains(Coordinates.partition(entry.record));
              if (revoked) {
                bytes -= entry.bytes;
              }
              return revoked;
            });
  }
}
