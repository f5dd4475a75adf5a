package io.ddbsync.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.sink.RedshiftSinkConnector;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.Ports;
import io.ddbsync.testing.PostgresServer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** validate() against the live systems attaches each problem to the setting to change. */
class SinkValidationIT {
  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @Test
  void anUnreachableAwsEndpointIsReportedOnItsOwnField() {
    String db = PostgresServer.shared().createDatabase();
    Map<String, String> config =
        SinkStack.config(
            DialectName.POSTGRES,
            db,
            Map.of(
                AwsSettings.ENDPOINT,
                "http://127.0.0.1:" + Ports.free(),
                AwsSettings.MAX_ATTEMPTS,
                "1"));

    List<ConfigValue> values = new RedshiftSinkConnector().validate(config).configValues();

    assertThat(errorsOf(values, AwsSettings.ENDPOINT))
        .singleElement()
        .asString()
        .contains("Cannot reach");
    assertThat(errorsOf(values, "s3.bucket")).isEmpty();
    assertThat(errorsOf(values, "connection.url")).isEmpty();
  }

  private static List<String> errorsOf(List<ConfigValue> values, String name) {
    return values.stream()
        .filter(v -> v.name().equals(name))
        .flatMap(v -> v.errorMessages().stream())
        .toList();
  }
}
