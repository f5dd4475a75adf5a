package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.SourceMode;
import io.ddbsync.source.settings.StreamStartPosition;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings of what the connector reads: snapshot, stream or both, and where a stream starts.
 */
public final class ModeSettings {
  public static final String MODE = "mode";
  public static final String STREAM_START_POSITION = "stream.start.position";
  public static final String LOST_POSITION_POLICY = "stream.lost.position.policy";
  static final String MODE_GROUP = "Mode";

  private ModeSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, MODE_GROUP)
        .define(
            MODE,
            ConfigDef.Type.STRING,
            SourceMode.SNAPSHOT_THEN_STREAM.name(),
            Validators.oneOf(SourceMode.class),
            ConfigDef.Importance.HIGH,
            "SNAPSHOT_THEN_STREAM reads every item once with a parallel scan and then follows the"
                + " table's stream from a position taken before the scan started, so no change is"
                + " lost. STREAM_ONLY only follows the stream, from "
                + STREAM_START_POSITION
                + "."
                + " SNAPSHOT_ONLY takes one snapshot (a one-off migration), logs when every table is"
                + " done and then idles.",
            "Mode")
        .visibleWhen(ConfigGroups.oneOf(MODE, "STREAM_ONLY"))
        .define(
            STREAM_START_POSITION,
            ConfigDef.Type.STRING,
            StreamStartPosition.TRIM_HORIZON.name(),
            Validators.oneOf(StreamStartPosition.class),
            ConfigDef.Importance.MEDIUM,
            "In STREAM_ONLY mode, where a table's stream is first read: TRIM_HORIZON, the oldest"
                + " record still kept (up to 24 hours back), or LATEST, changes made from now on."
                + " Stored offsets always take precedence.",
            "Stream start position")
        .visibleWhen(ConfigGroups.oneOf(MODE, "SNAPSHOT_THEN_STREAM", "STREAM_ONLY"))
        .define(
            LOST_POSITION_POLICY,
            ConfigDef.Type.STRING,
            LostPositionPolicy.FAIL.name(),
            Validators.oneOf(LostPositionPolicy.class),
            ConfigDef.Importance.HIGH,
            "What to do when a table's stream cannot continue from the stored position: its"
                + " records were trimmed (older than the 24-hour retention), the stream was disabled,"
                + " the table got a new stream, or the table was deleted and created again (a new"
                + " table id). FAIL stops the task with a message that says what to do; RESNAPSHOT"
                + " takes a new snapshot of that table and streams from a position taken before"
                + " it, and announces its end (snapshot.completion.records) so that consumers"
                + " remove the rows of items the new snapshot did not find. Changes are never"
                + " skipped silently.",
            "Lost stream position policy");
  }
}
