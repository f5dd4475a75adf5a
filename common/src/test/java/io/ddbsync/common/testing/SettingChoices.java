package io.ddbsync.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.config.Validators;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** Checks a connector's settings for the drop-downs Connect UIs render from validate. */
public final class SettingChoices {
  private SettingChoices() {}

  /** Every enum and boolean setting of {@code def} has its drop-down; for the connectors' tests. */
  public static void assertEveryChoiceIsRecommended(ConfigDef def) {
    for (ConfigDef.ConfigKey key : def.configKeys().values()) {
      boolean closed =
          key.validator instanceof Validators.Choices || key.type == ConfigDef.Type.BOOLEAN;
      if (!closed) {
        continue;
      }
      assertThat(key.recommender).as(key.name).isNotNull();
      List<Object> offered = key.recommender.validValues(key.name, Map.of());
      if (key.validator instanceof Validators.Choices choices) {
        assertThat(offered).as(key.name).containsExactlyElementsOf(choices.choices());
      } else {
        assertThat(offered).as(key.name).containsExactly(true, false);
      }
    }
  }
}
