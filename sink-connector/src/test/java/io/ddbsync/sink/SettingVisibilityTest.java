package io.ddbsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.db.RedshiftDefinition;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** Redshift's settings are shown only with the redshift dialect (validate's visible flag). */
class SettingVisibilityTest {
  @Test
  void redshiftSettingsFollowTheDialect() {
    assertThat(visibility("REDSHIFT"))
        .containsEntry(RedshiftDefinition.COPY_IAM_ROLE, true)
        .containsEntry(TargetSettings.TARGET_SCHEMA, true);
    assertThat(visibility("POSTGRES"))
        .containsEntry(RedshiftDefinition.COPY_IAM_ROLE, false)
        .containsEntry(TargetSettings.TARGET_SCHEMA, true)
        .containsEntry(StagingSettings.S3_BUCKET, true);
  }

  private static Map<String, Boolean> visibility(String dialect) {
    Map<String, String> props = new HashMap<>();
    props.put(TargetSettings.CONNECTION_URL, "jdbc:postgresql://db:5432/warehouse");
    props.put(StagingSettings.S3_BUCKET, "bucket");
    props.put(TargetSettings.DIALECT, dialect);
    return RedshiftSinkConfig.CONFIG_DEF.validate(props).stream()
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::visible));
  }
}
