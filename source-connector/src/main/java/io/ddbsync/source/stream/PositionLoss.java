package io.ddbsync.source.stream;

import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.StreamWork;
import io.ddbsync.source.settings.LostPositionPolicy;
import java.time.Clock;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a table's stream reader does when it cannot continue from where it stands: carries out the
 * lost-position policy's decision ({@link LostPosition}): fail the task with instructions, or
 * record a new snapshot epoch for the connector to plan and stop streaming the table.
 */
final class PositionLoss {
  private static final Logger LOG = LoggerFactory.getLogger(PositionLoss.class);

  /** Records a table marker. */
  @FunctionalInterface
  interface Markers {
    void emit(TableMarker marker, String description) throws InterruptedException;
  }

  private final StreamWork work;
  private final TableCatalog catalog;
  private final LostPositionPolicy policy;
  private final Markers markers;
  private final IncrementalHeal heal;
  private final ExportClient exports;
  private final Clock clock;

  PositionLoss(StreamWork work, TableCatalog catalog, LostPositionPolicy policy, Markers markers) {
    this(work, catalog, policy, markers, null, null, Clock.systemUTC());
  }

  /**
   * @param heal the heal from incremental exports, null when no export bucket is configured
   * @param exports the export calls (point-in-time recovery), null with {@code heal}
   */
  PositionLoss(
      StreamWork work,
      TableCatalog catalog,
      LostPositionPolicy policy,
      Markers markers,
      IncrementalHeal heal,
      ExportClient exports,
      Clock clock) {
    this.work = work;
    this.catalog = catalog;
    this.policy = policy;
    this.markers = markers;
    this.heal = heal;
    this.exports = exports;
    this.clock = clock;
  }

  /**
   * The position {@code current} is lost for {@code reason}: throws the policy's failure, or
   * records the new snapshot epoch and returns what stops the reader.
   */
  StopStreaming lost(TableMarker current, String reason) throws InterruptedException {
    int segments = current.segments() > 0 ? current.segments() : work.totalSegments();
    LostPosition.Decision decision =
        LostPosition.decide(
            policy,
            work.table(),
            reason,
            current,
            () -> catalog.describe(work.table()),
            segments,
            () -> exports.pointInTimeRecovery(work.table()),
            clock.millis(),
            heal != null);
    if (decision instanceof LostPosition.Fail fail) {
      throw new ConnectException(fail.message());
    }
    if (decision instanceof LostPosition.Heal healing) {
      LOG.warn(
          "{}; healing table {} from incremental exports of the changes from {} to {}",
          reason,
          work.table(),
          java.time.Instant.ofEpochMilli(healing.window().fromMillis()),
          java.time.Instant.ofEpochMilli(healing.window().toMillis()));
      return heal(current.healing(healing.window()));
    }
    TableMarker next = ((LostPosition.Resnapshot) decision).next();
    markers.emit(next, "re-snapshot requested");
    LOG.warn(
        "{}; taking a new snapshot of table {} (epoch {}), then streaming again",
        reason,
        work.table(),
        next.epoch());
    return new StopStreaming();
  }

  /**
   * Runs (or, after a restart, runs again) the heal {@code healing} records, then records the
   * healed marker: streaming again from the stream's oldest records, behind the heal's end. Returns
   * what stops the reader until the connector plans the new epoch.
   */
  StopStreaming heal(TableMarker healing) throws InterruptedException {
    markers.emit(healing, "healing from incremental exports");
    if (!heal.run(healing)) {
      return new StopStreaming();
    }
    TableMarker healed =
        healing.healed(healing.heal().toMillis() - HandoffRule.CUTOFF_MARGIN.toMillis());
    markers.emit(healed, "healed");
    return new StopStreaming();
  }

  /**
   * The stream ended (disabled, deleted): the reader stops if the table is gone, and the position
   * is lost if it is not.
   */
  StopStreaming streamEnded(TableMarker current) throws InterruptedException {
    TableInfo table = catalog.describe(work.table());
    if (table == null || !table.tableId().equals(work.tableId())) {
      LOG.info("Table {} was deleted; its stream is read to the end", work.table());
      return new StopStreaming();
    }
    return lost(
        current,
        "the stream of table "
            + work.table()
            + " was disabled"
            + (table.hasStream() ? " and replaced by " + table.streamArn() : "")
            + ", so changes made while no stream was enabled are not recorded anywhere");
  }

  /** Why a trimmed position in {@code shard} is lost. */
  String trimmed(ShardInfo shard) {
    return "the stored position in shard "
        + shard.shardId()
        + " of table "
        + work.table()
        + "'s stream has been trimmed (stream records are kept for 24 hours), so changes"
        + " after it may be gone";
  }
}
