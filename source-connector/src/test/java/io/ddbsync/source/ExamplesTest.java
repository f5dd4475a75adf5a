package io.ddbsync.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.ConnectorConfigs.ConnectorRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every source example in examples/ is one a user can POST as it is: each setting is known (the
 * connector's, a prefix it passes on, or Kafka Connect's own), valid, and consistent with the
 * others, as validate() judges before it asks AWS or Kafka anything. An example that rots (a
 * renamed setting, a value no longer accepted) fails here.
 */
class ExamplesTest {
  static Stream<Path> sourceExamples() {
    return ConnectorConfigs.examples().stream()
        .filter(
            p ->
                DynamoDbSourceConnector.class
                    .getName()
                    .equals(ConnectorConfigs.read(p).config().get("connector.class")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sourceExamples")
  void theExampleIsValidAsWritten(Path example) {
    ConnectorRequest request = ConnectorConfigs.read(example);
    Map<String, String> config = request.config();
    assertThat(request.name()).as("name").isNotBlank();

    for (String key : config.keySet()) {
      assertThat(
              DynamoDbSourceConfig.CONFIG_DEF.names().contains(key)
                  || key.startsWith(HistorySettings.HISTORY_KAFKA_PREFIX)
                  || ConnectorConfigs.isFrameworkSetting(key))
          .as("%s is a setting of the source or of Kafka Connect", key)
          .isTrue();
    }
    List<String> errors =
        DynamoDbSourceConfig.CONFIG_DEF.validate(config).stream()
            .flatMap(v -> v.errorMessages().stream().map(m -> v.name() + ": " + m))
            .toList();
    assertThat(errors).isEmpty();
    assertThat(SourceConfigValidator.staticProblems(new DynamoDbSourceConfig(config), config))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sourceExamples")
  void theExampleHoldsNoKeysOrSecretsInPlainText(Path example) {
    Map<String, String> config = ConnectorConfigs.read(example).config();
    assertThat(config).doesNotContainKeys("aws.access.key.id", "aws.secret.access.key");
    assertThat(config.keySet()).noneMatch(k -> k.contains("password"));
  }
}
