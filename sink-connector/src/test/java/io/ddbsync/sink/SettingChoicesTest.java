package io.ddbsync.sink;

import io.ddbsync.common.testing.SettingChoices;
import org.junit.jupiter.api.Test;

/** Every enum and boolean setting of the sink offers its values to Connect UIs. */
class SettingChoicesTest {
  @Test
  void everyEnumAndBooleanSettingHasItsDropDown() {
    SettingChoices.assertEveryChoiceIsRecommended(RedshiftSinkConfig.CONFIG_DEF);
  }
}
