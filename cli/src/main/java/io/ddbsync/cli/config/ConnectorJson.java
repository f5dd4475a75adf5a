package io.ddbsync.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.cli.connect.ConnectClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;

/**
 * A connector's configuration as users keep it: the JSON they POST to Connect ({@code {"name": ...,
 * "config": {...}}} or the bare config map), or what a Connect REST endpoint answers for a named
 * connector. Variables of the config providers workers usually declare ({@code ${env:VAR}}, {@code
 * ${file:/path:key}}, {@code ${dir:/path:file}}) are resolved here, so that secrets stay where the
 * user keeps them; nothing read is ever printed.
 */
public final class ConnectorJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConnectorJson() {}

  /** A connector's name and resolved configuration. */
  public record Loaded(String name, Map<String, String> config) {}

  /**
   * The configuration in {@code file}, overrides applied on top (key=value), variables resolved.
   */
  public static Loaded read(Path file, Map<String, String> overrides) throws IOException {
    JsonNode root = JSON.readTree(Files.readString(file));
    JsonNode config = root.has("config") ? root.get("config") : root;
    String name = root.has("name") ? root.get("name").asText() : null;
    if (name == null && config.has("name")) {
      name = config.get("name").asText();
    }
    return new Loaded(name, resolve(flatten(config), overrides));
  }

  /** The configuration Connect holds for {@code connector}, variables resolved here. */
  public static Loaded fetch(ConnectClient connect, String connector, Map<String, String> overrides)
      throws IOException {
    return new Loaded(connector, resolve(connect.config(connector), overrides));
  }

  private static Map<String, String> flatten(JsonNode config) {
    if (config == null || !config.isObject()) {
      throw new IllegalArgumentException(
          "The connector JSON has no \"config\" object (expected {\"name\": ..., \"config\": {...}})");
    }
    Map<String, String> values = new LinkedHashMap<>();
    config.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  static Map<String, String> resolve(Map<String, String> raw, Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(raw);
    merged.putAll(overrides);
    Map<String, ConfigProvider> providers = new HashMap<>();
    providers.put("env", new EnvVarConfigProvider());
    providers.put("file", new FileConfigProvider());
    providers.put("dir", new DirectoryConfigProvider());
    providers.put("directory", new DirectoryConfigProvider());
    providers.values().forEach(p -> p.configure(Map.of()));
    try {
      return new LinkedHashMap<>(new ConfigTransformer(providers).transform(merged).data());
    } finally {
      for (ConfigProvider provider : providers.values()) {
        try {
          provider.close();
        } catch (IOException e) {
          throw new IllegalStateException("Closing a config provider failed", e);
        }
      }
    }
  }
}
