package io.ddbsync.source;

import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.SnapshotPricing;
import io.ddbsync.source.plan.WorkPlanner;
import io.ddbsync.source.settings.SnapshotMethod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How the connector's tables are snapshotted: SCAN or EXPORT per table and snapshot epoch, as
 * snapshot.method says (AUTO priced by {@link SnapshotPricing}), decided once per epoch and logged
 * in one line; a Scan that already started stays a Scan.
 */
final class SnapshotMethods {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotMethods.class);

  private final DynamoDbSourceConfig config;
  private final WorkPlanner planner;
  private final ExportClient exports;
  private final Map<String, SnapshotMethod> chosen = new ConcurrentHashMap<>();

  SnapshotMethods(DynamoDbSourceConfig config, WorkPlanner planner, ExportClient exports) {
    this.config = config;
    this.planner = planner;
    this.exports = exports;
  }

  /**
   * SCAN or EXPORT for a snapshot of {@code table} that has not recorded an export: SCAN when a
   * segment of its Scan already stored a position, else the configured method (AUTO priced).
   *
   * @param planKey the table, its id and the snapshot's epoch
   */
  SnapshotMethod newSnapshotMethod(
      TableInfo table, TableMarker marker, String planKey, StoredOffsets offsets) {
    if (config.snapshotMethod() == SnapshotMethod.SCAN) {
      return SnapshotMethod.SCAN;
    }
    if (scanStarted(table, marker, offsets)) {
      return SnapshotMethod.SCAN;
    }
    return chosen.computeIfAbsent(
        planKey,
        key -> {
          SnapshotPricing.Plan plan = plan(table);
          LOG.info("{}", plan.describe());
          return plan.method();
        });
  }

  /** The snapshot of {@code table} priced both ways, with the method the settings give it. */
  SnapshotPricing.Plan plan(TableInfo table) {
    boolean recovery;
    try {
      recovery = exports.pointInTimeRecovery(table.name()).enabled();
    } catch (SdkException e) {
      LOG.warn(
          "Cannot read the point-in-time recovery of table {} ({}); treating it as off",
          table.name(),
          e.getMessage());
      recovery = false;
    }
    return SnapshotPricing.plan(
        table,
        planner.budgetRcu(table),
        config.consistentRead(),
        recovery,
        config.snapshotMethod(),
        config.autoScanMaxHours());
  }

  /** Whether a segment of the marker's Scan stored a position: the Scan started. */
  private static boolean scanStarted(TableInfo table, TableMarker marker, StoredOffsets offsets) {
    if (marker == null
        || !marker.tableId().equals(table.tableId())
        || marker.phase() != TableMarker.Phase.SNAPSHOT
        || marker.segments() <= 0) {
      return false;
    }
    for (int segment = 0; segment < marker.segments(); segment++) {
      SegmentPosition position =
          SegmentPosition.fromOffset(
              offsets.offset(
                  SourcePartitions.segment(
                      table.name(), table.tableId(), marker.epoch(), segment, marker.segments())));
      if (position != null) {
        return true;
      }
    }
    return false;
  }
}
