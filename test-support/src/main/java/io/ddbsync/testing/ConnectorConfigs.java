package io.ddbsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The connector JSON and worker properties from the repository's {@code config/}, which users POST
 * as they are; tests load the same files and override only what the local stack decides at run time
 * (endpoints, ports, names), so the shipped files cannot drift from what is tested.
 */
public final class ConnectorConfigs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConnectorConfigs() {}

  /** A connector request file: {"name": ..., "config": {...}}. */
  public record ConnectorRequest(String name, Map<String, String> config) {
    public ConnectorRequest with(Map<String, String> overrides) {
      Map<String, String> merged = new LinkedHashMap<>(config);
      merged.putAll(overrides);
      return new ConnectorRequest(name, merged);
    }

    public ConnectorRequest named(String newName) {
      return new ConnectorRequest(newName, config);
    }
  }

  public static ConnectorRequest connector(String file) {
    Path path = BuildPaths.config(file);
    try {
      JsonNode root = JSON.readTree(Files.readString(path));
      Map<String, String> config = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = root.path("config").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        config.put(field.getKey(), field.getValue().asText());
      }
      return new ConnectorRequest(root.path("name").asText(), config);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  public static Map<String, String> workerProperties(String file) {
    Path path = BuildPaths.config(file);
    Properties properties = new Properties();
    try (var reader = Files.newBufferedReader(path)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }
}
