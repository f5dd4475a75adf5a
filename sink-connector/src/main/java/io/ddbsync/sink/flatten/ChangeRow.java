package io.ddbsync.sink.flatten;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One change to apply: an upsert with the item after the change, or a delete by key.
 *
 * @param eventTimeMicros when the change happened (stream record creation or snapshot read), in
 *     microseconds since the epoch
 * @param soft for a delete: keep the row and flag it (delete.mode=SOFT, or a TTL removal under
 *     ttl.removals=SOFT) rather than delete it
 * @param expired for a soft delete: the item expired by its time to live
 * @param snapshotStartMicros the start of the snapshot the change belongs to (its source's {@code
 *     snapshot_start}), in microseconds since the epoch; null when the event has none
 * @param keep an item expired under ttl.removals=KEEP: its rows stay as they are, kept as history
 *     from every later sweep
 */
public record ChangeRow(
    boolean delete,
    Struct key,
    Struct after,
    long eventTimeMicros,
    SinkRecord record,
    boolean soft,
    boolean expired,
    Long snapshotStartMicros,
    boolean keep) {

  public ChangeRow(
      boolean delete,
      Struct key,
      Struct after,
      long eventTimeMicros,
      SinkRecord record,
      boolean soft,
      boolean expired,
      Long snapshotStartMicros) {
    this(delete, key, after, eventTimeMicros, record, soft, expired, snapshotStartMicros, false);
  }

  /** This change with {@code item}, the item after it. */
  public ChangeRow withItem(Struct item) {
    return new ChangeRow(
        delete, key, item, eventTimeMicros, record, soft, expired, snapshotStartMicros, keep);
  }

  /** An item expired under ttl.removals=KEEP: its rows are kept. */
  public static ChangeRow keptExpiry(Struct key, long eventTimeMicros, SinkRecord record) {
    return new ChangeRow(true, key, null, eventTimeMicros, record, false, true, null, true);
  }

  /** An upsert, or a hard delete. */
  public ChangeRow(
      boolean delete, Struct key, Struct after, long eventTimeMicros, SinkRecord record) {
    this(delete, key, after, eventTimeMicros, record, false, false, null);
  }

  public ChangeRow(
      boolean delete,
      Struct key,
      Struct after,
      long eventTimeMicros,
      SinkRecord record,
      boolean soft,
      boolean expired) {
    this(delete, key, after, eventTimeMicros, record, soft, expired, null);
  }
}
