package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.StagingSettings;
import io.ddbsync.sink.TargetSettings;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every dialect is defined in one place and reached through the one factory. */
class DialectsTest {
  @ParameterizedTest
  @EnumSource(DialectName.class)
  void eachDialectNameHasItsDefinitionAndItsUrlIsAccepted(DialectName name) {
    DialectDefinition definition = Dialects.definition(name);
    assertThat(definition.name()).isEqualTo(name);
    assertThat(definition.urlExample()).startsWith(definition.urlPrefix());
    assertThat(definition.driver().getClass().getName()).contains(".");

    RedshiftSinkConfig config = config(name, definition.urlExample());
    Dialect dialect = definition.create(config, config.aws(), null);
    assertThat(dialect.name()).isEqualTo(name);
    assertThat(dialect.limits().maxVarcharBytes()).isPositive();
    assertThat(dialect.catalog()).isNotNull();
  }

  @Test
  void aUrlOfNoDialectIsRefusedOnItsSetting() {
    assertThatThrownBy(() -> config(DialectName.POSTGRES, "jdbc:mysql://db/x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(TargetSettings.CONNECTION_URL)
        .hasMessageContaining("jdbc:redshift:")
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void redshiftsOwnSettingsAreDefinedByTheRedshiftDialect() {
    assertThat(RedshiftSinkConfig.CONFIG_DEF.configKeys())
        .containsKeys(
            RedshiftDefinition.DISTRIBUTION,
            RedshiftDefinition.SORT_KEY,
            RedshiftDefinition.COPY_IAM_ROLE);
    assertThat(RedshiftSinkConfig.CONFIG_DEF.configKeys().get(RedshiftDefinition.SORT_KEY).group)
        .isEqualTo("Redshift");
  }

  private static RedshiftSinkConfig config(DialectName name, String url) {
    Map<String, String> props = new HashMap<>();
    props.put(TargetSettings.DIALECT, name.name());
    props.put(TargetSettings.CONNECTION_URL, url);
    props.put(StagingSettings.S3_BUCKET, "bucket");
    return new RedshiftSinkConfig(props);
  }
}
