package io.ddbsync.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * Settings with a closed set of values tell Connect's validate what the values are
 * (recommended_values), which Connect UIs render as a drop-down: an enum setting its choices, a
 * boolean true and false; a free-form setting nothing.
 */
class RecommendersTest {
  enum Mode {
    SNAPSHOT_ONLY,
    STREAM_ONLY
  }

  @Test
  void validateOffersTheChoicesOfEnumAndBooleanSettings() {
    ConfigDef def = new ConfigDef();
    ConfigGroups.in(def, "G")
        .define(
            "mode",
            ConfigDef.Type.STRING,
            "SNAPSHOT_ONLY",
            Validators.oneOf(Mode.class),
            ConfigDef.Importance.HIGH,
            "The mode.",
            "Mode")
        .define("flag", ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW, "A flag.", "Flag")
        .define("name", ConfigDef.Type.STRING, "x", ConfigDef.Importance.LOW, "A name.", "Name");

    Map<String, ConfigValue> values =
        def.validate(Map.of()).stream().collect(Collectors.toMap(ConfigValue::name, v -> v));

    assertThat(values.get("mode").recommendedValues())
        .containsExactly("SNAPSHOT_ONLY", "STREAM_ONLY");
    assertThat(values.get("flag").recommendedValues()).containsExactly(true, false);
    assertThat(values.get("name").recommendedValues()).isEmpty();
  }
}
