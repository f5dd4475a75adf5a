package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import java.util.Map;
import java.util.function.Predicate;

/**
 * When a group of settings matters, from the chosen mode, lost-position policy and snapshot method:
 * Connect's validate answers {@code visible: false} for the others, and UIs hide them.
 */
final class SourceVisibility {
  private SourceVisibility() {}

  /** Snapshots are taken: a snapshot mode, or a lost position answered by a new snapshot. */
  static final Predicate<Map<String, Object>> SNAPSHOTS =
      ConfigGroups.oneOf(ModeSettings.MODE, "SNAPSHOT_THEN_STREAM", "SNAPSHOT_ONLY")
          .or(ConfigGroups.oneOf(ModeSettings.LOST_POSITION_POLICY, "RESNAPSHOT"));

  /** Streams are read. */
  static final Predicate<Map<String, Object>> STREAMS =
      ConfigGroups.oneOf(ModeSettings.MODE, "SNAPSHOT_THEN_STREAM", "STREAM_ONLY");

  /** DynamoDB exports are read: an export snapshot method, or gaps healed from exports. */
  static final Predicate<Map<String, Object>> EXPORTS =
      ConfigGroups.oneOf(ExportSettings.SNAPSHOT_METHOD, "EXPORT", "AUTO")
          .or(ConfigGroups.oneOf(ModeSettings.LOST_POSITION_POLICY, "INCREMENTAL_EXPORT"));
}
