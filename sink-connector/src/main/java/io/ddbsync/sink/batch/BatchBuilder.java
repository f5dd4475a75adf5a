package io.ddbsync.sink.batch;

import io.ddbsync.common.event.ChangeEnvelope;
import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.common.event.Operation;
import io.ddbsync.sink.flatten.ChangeRow;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.flatten.LayoutBuilder;
import io.ddbsync.sink.flatten.RowBuilder;
import io.ddbsync.sink.flatten.RowSelection;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.TypeLimits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns records into batches, without I/O: routes each record ({@link EventRouter}), buffers it
 * under its target table keeping only the newest change per key ({@link TableBuffer}), and builds a
 * buffer into a {@link Batch}: envelopes decoded into {@link ChangeRow}s, one layout from the
 * schemas of the records, rows flattened ({@link RowBuilder}). A record that cannot be loaded is
 * handed back with its reason, never dropped.
 */
public final class BatchBuilder {
  /**
   * A batch built but not yet frozen, with the records it rejects (no after image, values that
   * cannot be stored): they go to the dead letter queue when the batch is frozen, exactly once.
   *
   * @param records how many records of {@code source} the batch holds, to tell whether the buffer
   *     grew since
   */
  public record Built(Batch batch, List<Rejected> rejected, TableBuffer source, int records) {}

  /** A record that cannot be loaded, and why. */
  public record Rejected(SinkRecord record, String reason) {}

  private final EventRouter router;
  private final LayoutBuilder layouts;
  private final FlattenSettings flatten;
  private final TypeLimits limits;
  private final Map<String, TableBuffer> buffers = new LinkedHashMap<>();
  private final Map<String, String> dynamoTables = new HashMap<>();
  // The source (DynamoDB table and original topic) of each target table this task has seen.
  private final Map<String, Source> sources = new HashMap<>();

  private record Source(String dynamoTable, String topic) {}

  public BatchBuilder(EventRouter router, FlattenSettings flatten, TypeLimits limits) {
    this.router = router;
    this.flatten = flatten;
    this.layouts = new LayoutBuilder(flatten);
    this.limits = limits;
  }

  /**
   * Buffers {@code record} if it is a change to load; the route says what became of it: {@link
   * EventRouter.Collide} when the record's target table already takes the records of another
   * DynamoDB table or topic in this task (two sources never share a table, nor a buffer).
   */
  public EventRouter.Route add(SinkRecord record, long nowMillis) {
    EventRouter.Route route = router.route(record);
    String table;
    String dynamoTable;
    if (route instanceof EventRouter.Buffer buffer) {
      table = buffer.table();
      dynamoTable = buffer.dynamoTable();
    } else if (route instanceof EventRouter.Expire expire) {
      table = expire.table();
      dynamoTable = expire.dynamoTable();
    } else if (route instanceof EventRouter.Complete complete) {
      table = complete.table();
      dynamoTable = complete.dynamoTable();
    } else if (route instanceof EventRouter.Beat beat) {
      table = beat.table();
      dynamoTable = beat.dynamoTable();
    } else {
      return route;
    }
    String collision = claim(table, dynamoTable, Coordinates.topic(record));
    if (collision != null) {
      return new EventRouter.Collide(table, collision);
    }
    dynamoTables.put(table, dynamoTable);
    TableBuffer target = buffers.computeIfAbsent(table, name -> new TableBuffer(name, nowMillis));
    if (route instanceof EventRouter.Buffer buffer) {
      SinkRecord kept = KeptRecord.of(record);
      target.add(buffer.key(), kept, StructSize.ofKept(kept), buffer.change());
    } else if (route instanceof EventRouter.Expire expire) {
      SinkRecord kept = KeptRecord.of(record);
      target.expire(expire.key(), kept, StructSize.ofKept(kept), expire.change());
    } else if (route instanceof EventRouter.Beat beat) {
      target.heartbeat(beat.partitions(), beat.caughtUpToMillis(), record);
    } else {
      EventRouter.Complete complete = (EventRouter.Complete) route;
      target.complete(complete.snapshotStartMicros(), complete.partitions(), record);
    }
    return route;
  }

  /** Null when {@code table} may take the source's records, else why not. */
  private String claim(String table, String dynamoTable, String topic) {
    Source owner = sources.get(table);
    if (owner == null) {
      sources.put(table, new Source(dynamoTable, topic));
      return null;
    }
    if (owner.dynamoTable().equals(dynamoTable) && owner.topic().equals(topic)) {
      return null;
    }
    String advice =
        owner.dynamoTable().equals(dynamoTable)
            ? " Two sources of a DynamoDB table of the same name (regions, accounts, environments)"
                + " need tables of their own: set table.name.format=${topic}, or run one sink"
                + " connector per source with its own target.schema."
            : " Give one of them a table of its own with table.name.overrides, for example "
                + dynamoTable
                + "="
                + table
                + "_2.";
    return "Table "
        + table
        + " takes the records of DynamoDB table "
        + owner.dynamoTable()
        + " from topic "
        + owner.topic()
        + ", and the records of DynamoDB table "
        + dynamoTable
        + " from topic "
        + topic
        + " map to it too, so they are not loaded."
        + advice;
  }

  /** The tables' buffers, in the order the tables were first seen. */
  public Collection<TableBuffer> buffers() {
    return Collections.unmodifiableCollection(buffers.values());
  }

  public TableBuffer buffer(String table) {
    return buffers.get(table);
  }

  /** Removes and returns the table's buffer (null if none). */
  public TableBuffer take(String table) {
    return buffers.remove(table);
  }

  public boolean isEmpty() {
    return buffers.isEmpty();
  }

  /** Bytes buffered over all tables. */
  public long bufferedBytes() {
    long total = 0;
    for (TableBuffer buffer : buffers.values()) {
      total += buffer.bytes();
    }
    return total;
  }

  /** Drops what is buffered for {@code partitions}; their new owner reads them again. */
  public void removePartitions(Set<TopicPartition> partitions) {
    for (TableBuffer buffer : buffers.values()) {
      buffer.removePartitions(partitions);
    }
    buffers.values().removeIf(TableBuffer::isEmpty);
  }

  /**
   * The buffer's batch: every buffered change flattened, with the records it rejects. Items are
   * read back from the buffer one at a time as their rows are built, so that they die young.
   */
  public Built build(TableBuffer buffer) {
    List<ChangeRow> changes = new ArrayList<>();
    // The buffered record of each change, for reading its item again.
    List<TableBuffer.Buffered> sources = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    List<TableBuffer.Buffered> all = buffer.buffered();
    List<SinkRecord> records = all.stream().map(TableBuffer.Buffered::record).toList();
    for (TableBuffer.Buffered buffered : all) {
      SinkRecord record = buffered.record();
      ChangeEnvelope.Change change = buffered.change();
      if (buffered.expiry()) {
        // ttl.removals=KEEP: the item's rows stay, marked as kept history.
        changes.add(ChangeRow.keptExpiry(change.key(), change.createdMicros(), record));
      } else if (change.operation() == Operation.REMOVE) {
        // A REMOVE, or a tombstone (on a compacted topic the REMOVE may be gone).
        boolean ttl = change.ttlExpiry();
        changes.add(removal(change.key(), change.createdMicros(), record, ttl));
      } else if (!buffered.hasItem()) {
        rejected.add(
            new Rejected(
                record,
                change.operation()
                    + " event without the item after the change; the stream must carry new"
                    + " images"));
        continue;
      } else {
        long generation = change.generationMicros();
        changes.add(
            new ChangeRow(
                false,
                change.key(),
                null,
                change.createdMicros(),
                record,
                false,
                false,
                generation > 0 ? generation : null));
      }
      sources.add(buffered);
    }
    List<ChangeRow> withItems =
        new java.util.AbstractList<>() {
          @Override
          public ChangeRow get(int index) {
            // Every change but a removal has its item (the others were rejected above).
            ChangeRow change = changes.get(index);
            return change.delete() ? change : change.withItem(sources.get(index).item());
          }

          @Override
          public int size() {
            return changes.size();
          }
        };
    Batch batch =
        build(
            buffer.table(),
            changes,
            withItems,
            buffer.ranges(),
            records,
            rejected,
            buffer.snapshotEnds());
    batch = batch.withHeartbeats(buffer.heartbeats());
    return new Built(batch, rejected, buffer, records.size());
  }

  private ChangeRow removal(Struct key, long eventMicros, SinkRecord record, boolean ttl) {
    boolean soft = flatten.isSoft(ttl);
    return new ChangeRow(true, key, null, eventMicros, record, soft, soft && ttl);
  }

  /**
   * The batch again with only {@code changes} (the warehouse refused the others, or the batch is
   * loaded in halves): their rows taken from the batch's ({@link RowSelection}), in the layout of
   * their records' schemas. A frozen batch keeps no items to flatten again, and the records its
   * build rejected have no rows: none is rejected twice.
   */
  public Batch rebuild(Batch batch, List<ChangeRow> changes) {
    List<SinkRecord> records = changes.stream().map(ChangeRow::record).toList();
    String table = batch.layout().name();
    if (records.isEmpty()) {
      return empty(table, batch.ranges(), batch.snapshotEnds()).withHeartbeats(batch.heartbeats());
    }
    Set<SinkRecord> keep = Collections.newSetFromMap(new IdentityHashMap<>());
    keep.addAll(records);
    TableLayout layout = layoutOf(table, records);
    RowBuilder.Rows rows = RowSelection.select(batch.rows(), batch.layout(), layout, keep);
    return new Batch(layout, rows, batch.ranges(), changes, batch.snapshotEnds())
        .withHeartbeats(batch.heartbeats());
  }

  private Batch empty(
      String table, Map<TopicPartition, OffsetRange> ranges, List<SnapshotEnd> snapshotEnds) {
    // Only the end of a snapshot (or every change refused): no layout, nothing to stage.
    TableLayout none =
        new TableLayout(table, dynamoTables.get(table), List.of(), List.of(), List.of());
    return new Batch(none, RowBuilder.Rows.none(none), ranges, List.of(), snapshotEnds);
  }

  /** One layout from the schemas of {@code records}: the union of each schema's. */
  private TableLayout layoutOf(String table, List<SinkRecord> records) {
    Map<Schema, TableLayout> bySchema = new LinkedHashMap<>();
    for (SinkRecord record : records) {
      // A tombstone has no value schema: its layout is the key's.
      bySchema.computeIfAbsent(
          record.valueSchema(),
          schema ->
              layouts.build(
                  dynamoTables.get(table),
                  record.topic(),
                  record.keySchema(),
                  schema == null ? null : schema.field(EnvelopeSchemas.AFTER).schema()));
    }
    return TableLayout.union(new ArrayList<>(bySchema.values()));
  }

  /**
   * The batch of {@code changes} (without their items: what the batch keeps until its load
   * commits), whose rows are built from {@code withItems}, the same changes with their items.
   */
  private Batch build(
      String table,
      List<ChangeRow> changes,
      List<ChangeRow> withItems,
      Map<TopicPartition, OffsetRange> ranges,
      List<SinkRecord> records,
      List<Rejected> rejected,
      List<SnapshotEnd> snapshotEnds) {
    if (records.isEmpty()) {
      return empty(table, ranges, snapshotEnds);
    }
    TableLayout layout = layoutOf(table, records);
    RowBuilder.Rows rows =
        new RowBuilder(layout, flatten.overflowPolicy(), limits).build(withItems);
    for (RowBuilder.Failure failure : rows.failures()) {
      rejected.add(new Rejected(failure.record(), failure.reason()));
    }
    return new Batch(layout, rows, ranges, changes, snapshotEnds);
  }
}
