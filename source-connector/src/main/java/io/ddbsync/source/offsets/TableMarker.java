package io.ddbsync.source.offsets;

import java.util.HashMap;
import java.util.Map;

/**
 * The state of one table, stored as the offset of the partition {@code {"kind":"table",
 * "table":<name>}}.
 *
 * @param tableId the DynamoDB TableId this state belongs to; another id means the table was dropped
 *     and recreated, and the state is void
 * @param streamArn the stream being followed; another ARN for the same table id means the stream
 *     was replaced, and changes may have been missed
 * @param epoch the snapshot generation; a re-snapshot increments it
 * @param segments how many segments this epoch's snapshot uses, fixed when it starts so that a
 *     re-plan (more tasks, a new table elsewhere) never restarts a running snapshot
 * @param phase SNAPSHOT until every segment of the epoch is in Kafka, then STREAMING
 * @param cutoffMillis stream records created before this are reflected in the snapshot and skipped
 * @param caughtUpToMillis every change created before this has been emitted
 * @param snapshotStartMillis the generation streamed changes carry: the snapshot generation of the
 *     epoch's snapshot once it is complete (its segments' earliest generation), or the start of
 *     streaming for a table streamed without a snapshot; 0 before, or when it is unknown (a
 *     snapshot begun by a version that recorded no generations)
 * @param newestGenerationMillis the newest generation ever given to this table name, kept across
 *     re-snapshots and a recreated table, so that the next one is newer whatever the clocks say
 * @param export the export this epoch's snapshot reads, when it is read from one (then {@code
 *     segments} counts the export's data files once it completed, 0 before); null for a Scan
 * @param heal the window of changes being healed from incremental exports after the stream position
 *     was lost; null when no heal runs
 */
public record TableMarker(
    String tableId,
    String streamArn,
    int epoch,
    int segments,
    Phase phase,
    long cutoffMillis,
    long caughtUpToMillis,
    long snapshotStartMillis,
    long newestGenerationMillis,
    Export export,
    Heal heal) {

  /**
   * A lost stream position being healed: the changes from {@code fromMillis} to {@code toMillis}
   * are read from incremental exports (chained windows of at most 24 hours), recorded before they
   * are requested so that a restart asks for the same exports.
   */
  public record Heal(long fromMillis, long toMillis) {}

  /**
   * The export of an epoch's snapshot.
   *
   * @param exportArn the export's ARN; null until it was requested
   * @param exportTimeMillis the point in time it is an image of, chosen (and recorded) before it is
   *     requested, so that a restart asks again with the same time and token and gets the same
   *     export
   */
  public record Export(String exportArn, long exportTimeMillis) {
    public boolean requested() {
      return exportArn != null;
    }
  }

  public TableMarker {
    newestGenerationMillis = Math.max(newestGenerationMillis, snapshotStartMillis);
  }

  public TableMarker(
      String tableId,
      String streamArn,
      int epoch,
      int segments,
      Phase phase,
      long cutoffMillis,
      long caughtUpToMillis,
      long snapshotStartMillis,
      long newestGenerationMillis) {
    this(
        tableId,
        streamArn,
        epoch,
        segments,
        phase,
        cutoffMillis,
        caughtUpToMillis,
        snapshotStartMillis,
        newestGenerationMillis,
        null,
        null);
  }

  public TableMarker(
      String tableId,
      String streamArn,
      int epoch,
      int segments,
      Phase phase,
      long cutoffMillis,
      long caughtUpToMillis,
      long snapshotStartMillis) {
    this(
        tableId,
        streamArn,
        epoch,
        segments,
        phase,
        cutoffMillis,
        caughtUpToMillis,
        snapshotStartMillis,
        snapshotStartMillis);
  }

  public TableMarker(
      String tableId,
      String streamArn,
      int epoch,
      int segments,
      Phase phase,
      long cutoffMillis,
      long caughtUpToMillis) {
    this(tableId, streamArn, epoch, segments, phase, cutoffMillis, caughtUpToMillis, 0, 0);
  }

  /** Whether the table is still being snapshotted or is being streamed. */
  public enum Phase {
    SNAPSHOT,
    STREAMING
  }

  /** Streaming after the epoch's snapshot, of generation {@code snapshotStart} (0: unknown). */
  public TableMarker streaming(long cutoff, long caughtUpTo, long snapshotStart) {
    return new TableMarker(
        tableId,
        streamArn,
        epoch,
        segments,
        Phase.STREAMING,
        cutoff,
        caughtUpTo,
        snapshotStart,
        newestGenerationMillis,
        export,
        heal);
  }

  public TableMarker caughtUpTo(long millis) {
    return new TableMarker(
        tableId,
        streamArn,
        epoch,
        segments,
        phase,
        cutoffMillis,
        millis,
        snapshotStartMillis,
        newestGenerationMillis,
        export,
        heal);
  }

  /** Whether this epoch's snapshot is read from an export. */
  public boolean exportSnapshot() {
    return export != null;
  }

  /** Whether a heal of a lost stream position runs. */
  public boolean healing() {
    return heal != null;
  }

  /** Healing the changes of {@code window} from incremental exports. */
  public TableMarker healing(Heal window) {
    return new TableMarker(
        tableId,
        streamArn,
        epoch,
        segments,
        Phase.STREAMING,
        cutoffMillis,
        caughtUpToMillis,
        snapshotStartMillis,
        newestGenerationMillis,
        null,
        window);
  }

  /**
   * Healed: every change before {@code cutoff} was emitted from incremental exports, and the stream
   * is read again from its oldest records, skipping those older than the cutoff. A new epoch, so
   * that no shard resumes from a position stored before the loss; the generation stays.
   */
  public TableMarker healed(long cutoff) {
    return new TableMarker(
        tableId,
        streamArn,
        epoch + 1,
        segments,
        Phase.STREAMING,
        cutoff,
        cutoff,
        snapshotStartMillis,
        newestGenerationMillis,
        null,
        null);
  }

  /**
   * The epoch's snapshot read from {@code export}, of {@code files} data files (0: not known yet).
   */
  public TableMarker withExport(Export export, int files) {
    return new TableMarker(
        tableId,
        streamArn,
        epoch,
        files,
        phase,
        cutoffMillis,
        caughtUpToMillis,
        snapshotStartMillis,
        newestGenerationMillis,
        export,
        heal);
  }

  /** A new snapshot generation, on the given (possibly new) stream. */
  public TableMarker resnapshot(String newStreamArn, int newSegments) {
    return new TableMarker(
        tableId,
        newStreamArn,
        epoch + 1,
        newSegments,
        Phase.SNAPSHOT,
        0,
        0,
        0,
        newestGenerationMillis);
  }

  /**
   * The lowest generation the table's next snapshot (or stream-only start) may have: newer than
   * every generation given so far. 0 when none was given.
   */
  public long generationFloorMillis() {
    return newestGenerationMillis > 0 ? newestGenerationMillis + 1 : 0;
  }

  public Map<String, Object> toOffset() {
    Map<String, Object> offset = new HashMap<>();
    offset.put(OffsetKeys.TABLE_ID, tableId);
    if (streamArn != null) {
      offset.put(OffsetKeys.STREAM_ARN, streamArn);
    }
    offset.put(OffsetKeys.EPOCH, epoch);
    offset.put(OffsetKeys.TOTAL_SEGMENTS, segments);
    offset.put(OffsetKeys.PHASE, phase.name());
    offset.put(OffsetKeys.CUTOFF, cutoffMillis);
    offset.put(OffsetKeys.CAUGHT_UP_TO, caughtUpToMillis);
    if (snapshotStartMillis > 0) {
      offset.put(OffsetKeys.SNAPSHOT_START, snapshotStartMillis);
    }
    if (newestGenerationMillis > 0) {
      offset.put(OffsetKeys.NEWEST_GENERATION, newestGenerationMillis);
    }
    if (heal != null) {
      offset.put(OffsetKeys.HEAL_FROM, heal.fromMillis());
      offset.put(OffsetKeys.HEAL_TO, heal.toMillis());
    }
    if (export != null) {
      offset.put(OffsetKeys.METHOD, "EXPORT");
      if (export.exportArn() != null) {
        offset.put(OffsetKeys.EXPORT_ARN, export.exportArn());
      }
      offset.put(OffsetKeys.EXPORT_TIME, export.exportTimeMillis());
    }
    return offset;
  }

  public static TableMarker fromOffset(Map<String, Object> offset) {
    if (offset == null) {
      return null;
    }
    Object stream = offset.get(OffsetKeys.STREAM_ARN);
    return new TableMarker(
        String.valueOf(offset.get(OffsetKeys.TABLE_ID)),
        stream == null ? null : stream.toString(),
        (int) OffsetKeys.longValue(offset, OffsetKeys.EPOCH),
        (int) OffsetKeys.longValue(offset, OffsetKeys.TOTAL_SEGMENTS),
        Phase.valueOf(String.valueOf(offset.get(OffsetKeys.PHASE))),
        OffsetKeys.longValue(offset, OffsetKeys.CUTOFF),
        OffsetKeys.longValue(offset, OffsetKeys.CAUGHT_UP_TO),
        OffsetKeys.longValue(offset, OffsetKeys.SNAPSHOT_START),
        OffsetKeys.longValue(offset, OffsetKeys.NEWEST_GENERATION),
        "EXPORT".equals(offset.get(OffsetKeys.METHOD))
            ? new Export(
                offset.get(OffsetKeys.EXPORT_ARN) == null
                    ? null
                    : offset.get(OffsetKeys.EXPORT_ARN).toString(),
                OffsetKeys.longValue(offset, OffsetKeys.EXPORT_TIME))
            : null,
        offset.get(OffsetKeys.HEAL_FROM) != null
            ? new Heal(
                OffsetKeys.longValue(offset, OffsetKeys.HEAL_FROM),
                OffsetKeys.longValue(offset, OffsetKeys.HEAL_TO))
            : null);
  }
}
