package io.ddbsync.source;

import io.ddbsync.common.testing.SettingChoices;
import org.junit.jupiter.api.Test;

/** Every enum and boolean setting of the source offers its values to Connect UIs. */
class SettingChoicesTest {
  @Test
  void everyEnumAndBooleanSettingHasItsDropDown() {
    SettingChoices.assertEveryChoiceIsRecommended(DynamoDbSourceConfig.CONFIG_DEF);
  }
}
