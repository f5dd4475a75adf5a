package io.ddbsync.e2e;

import io.ddbsync.testing.ConnectorConfigs;
import java.util.LinkedHashMap;
import java.util.Map;

/** The worker settings of {@code config/avro-converter.properties}, pointed at a registry. */
final class AvroSetup {
  static final String SHIPPED_URL = "http://localhost:8080/apis/registry/v2";

  private AvroSetup() {}

  /** Every line of the shipped file, with the registry URL replaced by {@code registryUrl}. */
  static Map<String, String> workerSettings(String registryUrl) {
    Map<String, String> settings = new LinkedHashMap<>();
    ConnectorConfigs.workerProperties("avro-converter.properties")
        .forEach(
            (name, value) -> settings.put(name, value.equals(SHIPPED_URL) ? registryUrl : value));
    if (!settings.containsValue(registryUrl)) {
      throw new IllegalStateException("avro-converter.properties names no registry URL");
    }
    return settings;
  }
}
