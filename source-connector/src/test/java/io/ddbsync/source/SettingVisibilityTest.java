package io.ddbsync.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * Settings of a mode, policy, method or envelope the user did not choose are answered as not
 * visible by validate(), which Connect UIs hide; the chosen ones, and every setting by default that
 * matters by default, stay visible.
 */
class SettingVisibilityTest {
  @Test
  void theDefaultsShowSnapshotAndStreamSettingsButNotExportOnes() {
    Map<String, Boolean> visible = visibility(Map.of());
    assertThat(visible)
        .containsEntry(SnapshotSettings.SNAPSHOT_SEGMENTS, true)
        .containsEntry(StreamSettings.STREAM_POLL_INTERVAL_MS, true)
        .containsEntry(ModeSettings.LOST_POSITION_POLICY, true)
        .containsEntry(ModeSettings.STREAM_START_POSITION, false)
        .containsEntry(ExportSettings.SNAPSHOT_METHOD, true)
        .containsEntry(ExportSettings.EXPORT_BUCKET, false)
        .containsEntry(ExportSettings.AUTO_SCAN_MAX_HOURS, false)
        .containsEntry(TopicSettings.SNAPSHOT_COMPLETION_RECORDS, true)
        .containsEntry(TopicSettings.PROGRESS_TOPIC, true)
        .containsEntry(TableSettings.TABLES, true);
  }

  @Test
  void eachModeShowsWhatItUses() {
    Map<String, Boolean> snapshotOnly = visibility(Map.of(ModeSettings.MODE, "SNAPSHOT_ONLY"));
    assertThat(snapshotOnly)
        .containsEntry(SnapshotSettings.SNAPSHOT_SEGMENTS, true)
        .containsEntry(StreamSettings.STREAM_POLL_INTERVAL_MS, false)
        .containsEntry(ModeSettings.LOST_POSITION_POLICY, false);

    Map<String, Boolean> streamOnly = visibility(Map.of(ModeSettings.MODE, "stream_only"));
    assertThat(streamOnly)
        .containsEntry(ModeSettings.STREAM_START_POSITION, true)
        .containsEntry(StreamSettings.STREAM_POLL_INTERVAL_MS, true)
        .containsEntry(SnapshotSettings.SNAPSHOT_SEGMENTS, false)
        .containsEntry(ExportSettings.SNAPSHOT_METHOD, false);

    // A stream-only source that answers a lost position with a snapshot needs the snapshot's.
    Map<String, Boolean> healing =
        visibility(
            Map.of(
                ModeSettings.MODE, "STREAM_ONLY",
                ModeSettings.LOST_POSITION_POLICY, "RESNAPSHOT"));
    assertThat(healing).containsEntry(SnapshotSettings.SNAPSHOT_SEGMENTS, true);
    Map<String, Boolean> incremental =
        visibility(Map.of(ModeSettings.LOST_POSITION_POLICY, "INCREMENTAL_EXPORT"));
    assertThat(incremental)
        .containsEntry(ExportSettings.EXPORT_BUCKET, true)
        .containsEntry(ExportSettings.EXPORT_ARNS, false);
  }

  @Test
  void exportMethodsShowTheirSettingsAndDebeziumsEnvelopeHidesKeylessRecords() {
    Map<String, Boolean> auto = visibility(Map.of(ExportSettings.SNAPSHOT_METHOD, "AUTO"));
    assertThat(auto)
        .containsEntry(ExportSettings.EXPORT_BUCKET, true)
        .containsEntry(ExportSettings.EXPORT_ARNS, true)
        .containsEntry(ExportSettings.AUTO_SCAN_MAX_HOURS, true);
    assertThat(visibility(Map.of(ExportSettings.SNAPSHOT_METHOD, "EXPORT")))
        .containsEntry(ExportSettings.AUTO_SCAN_MAX_HOURS, false);

    Map<String, Boolean> debezium = visibility(Map.of(SchemaSettings.ENVELOPE_FORMAT, "DEBEZIUM"));
    assertThat(debezium)
        .containsEntry(TopicSettings.SNAPSHOT_COMPLETION_RECORDS, false)
        .containsEntry(TopicSettings.HEARTBEAT_RECORDS, false)
        .containsEntry(TopicSettings.TOMBSTONES_ON_DELETE, true);
  }

  private static Map<String, Boolean> visibility(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put(TableSettings.TABLES, "Orders");
    props.put(HistorySettings.HISTORY_BOOTSTRAP, "127.0.0.1:9092");
    props.putAll(overrides);
    return DynamoDbSourceConfig.CONFIG_DEF.validate(props).stream()
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::visible));
  }
}
