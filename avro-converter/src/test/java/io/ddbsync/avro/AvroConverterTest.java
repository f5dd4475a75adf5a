package io.ddbsync.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.rest.client.exception.ArtifactAlreadyExistsException;
import io.apicurio.registry.rest.client.exception.RuleViolationException;
import io.apicurio.registry.rest.client.exception.VersionAlreadyExistsException;
import io.apicurio.registry.rest.v2.beans.Error;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class AvroConverterTest {
  private final List<Long> sleeps = new ArrayList<>();
  private final AvroConverter converter = new AvroConverter(sleeps::add);

  @Test
  void aConversionThatLostARegistrationRaceIsTriedAgainAndSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    byte[] bytes =
        converter.withRegistrationRetries(
            "dynamodb.Orders",
            () -> {
              if (calls.incrementAndGet() == 1) {
                // As Connect sees it: the serializer's exception wrapped by the converter.
                throw new DataException(
                    "Converting", new VersionAlreadyExistsException(conflict()));
              }
              return new byte[] {1, 2};
            });
    assertThat(bytes).containsExactly(1, 2);
    assertThat(calls).hasValue(2);
    assertThat(sleeps).hasSize(1).allSatisfy(ms -> assertThat(ms).isBetween(20L, 200L));
  }

  @Test
  void aTopicsFirstSchemaCreatedByTwoTasksAtOnceIsAlsoARace() {
    assertThat(
            AvroConverter.lostARegistrationRace(
                new RuntimeException(new ArtifactAlreadyExistsException(conflict()))))
        .isTrue();
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    RuleViolationException incompatible = new RuleViolationException(conflict());
    assertThatThrownBy(
            () ->
                converter.withRegistrationRetries(
                    "t",
                    () -> {
                      calls.incrementAndGet();
                      throw incompatible;
                    }))
        .isSameAs(incompatible);
    assertThat(calls).hasValue(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aRaceLostEveryTimeFailsAfterTheConfiguredAttempts() {
    converter.configure(
        Map.of(AvroConverter.RETRIES_CONFIG, "2", "apicurio.registry.url", "http://127.0.0.1:1"),
        false);
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                converter.withRegistrationRetries(
                    "t",
                    () -> {
                      calls.incrementAndGet();
                      throw new VersionAlreadyExistsException(conflict());
                    }))
        .isInstanceOf(VersionAlreadyExistsException.class);
    assertThat(calls).hasValue(3);
  }

  @Test
  void aRetryCountThatIsNotANumberIsRefusedWithTheSettingsName() {
    assertThatThrownBy(
            () -> converter.configure(Map.of(AvroConverter.RETRIES_CONFIG, "many"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroConverter.RETRIES_CONFIG);
    assertThatThrownBy(() -> converter.configure(Map.of(AvroConverter.RETRIES_CONFIG, "-1"), false))
        .isInstanceOf(ConfigException.class);
  }

  private static Error conflict() {
    Error error = new Error();
    error.setErrorCode(409);
    error.setMessage("An artifact version 'null' for artifact ID 'dynamodb.Orders-value' exists");
    return error;
  }
}
