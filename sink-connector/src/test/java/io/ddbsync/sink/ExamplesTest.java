package io.ddbsync.sink;

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
 * Every sink example in examples/ is one a user can POST as it is: each setting is known (the
 * connector's or Kafka Connect's own), valid, and consistent with the others and with the
 * converters and error handling, as validate() judges before it asks the database or S3 anything.
 */
class ExamplesTest {
  static Stream<Path> sinkExamples() {
    return ConnectorConfigs.examples().stream()
        .filter(
            p ->
                RedshiftSinkConnector.class
                    .getName()
                    .equals(ConnectorConfigs.read(p).config().get("connector.class")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sinkExamples")
  void theExampleIsValidAsWritten(Path example) {
    ConnectorRequest request = ConnectorConfigs.read(example);
    Map<String, String> config = request.config();
    assertThat(request.name()).as("name").isNotBlank();

    for (String key : config.keySet()) {
      assertThat(
              RedshiftSinkConfig.CONFIG_DEF.names().contains(key)
                  || ConnectorConfigs.isFrameworkSetting(key))
          .as("%s is a setting of the sink or of Kafka Connect", key)
          .isTrue();
    }
    List<String> errors =
        RedshiftSinkConfig.CONFIG_DEF.validate(config).stream()
            .flatMap(v -> v.errorMessages().stream().map(m -> v.name() + ": " + m))
            .toList();
    assertThat(errors).isEmpty();
    assertThat(SinkConfigValidator.staticProblems(new RedshiftSinkConfig(config), config))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sinkExamples")
  void secretsComeFromConfigProvidersOrAws(Path example) {
    Map<String, String> config = ConnectorConfigs.read(example).config();
    assertThat(config).doesNotContainKeys("aws.access.key.id", "aws.secret.access.key");
    String password = config.getOrDefault("connection.password", "");
    assertThat(password.isEmpty() || password.startsWith("${")).as(password).isTrue();
  }
}
