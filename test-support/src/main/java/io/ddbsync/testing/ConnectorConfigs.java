package io.ddbsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
    return read(BuildPaths.config(file));
  }

  /** The connector JSON files of {@code examples/} (what README points users to). */
  public static List<Path> examples() {
    Path examples = BuildPaths.repositoryRoot().resolve("examples");
    try (java.util.stream.Stream<Path> files = Files.list(examples)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + examples, e);
    }
  }

  /**
   * Whether {@code key} is one of Kafka Connect's own connector settings (or a prefix of them)
   * rather than the connector's: the connector's ConfigDef does not know these.
   */
  public static boolean isFrameworkSetting(String key) {
    return FRAMEWORK_SETTINGS.contains(key)
        || FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith);
  }

  private static final java.util.Set<String> FRAMEWORK_SETTINGS =
      java.util.Set.of(
          "name",
          "connector.class",
          "tasks.max",
          "topics",
          "topics.regex",
          "key.converter",
          "value.converter",
          "header.converter",
          "transforms",
          "predicates",
          "config.action.reload",
          "exactly.once.support",
          "transaction.boundary",
          "offsets.storage.topic");

  private static final List<String> FRAMEWORK_PREFIXES =
      List.of(
          "key.converter.",
          "value.converter.",
          "header.converter.",
          "transforms.",
          "predicates.",
          "errors.",
          "topic.creation.",
          "consumer.override.",
          "producer.override.",
          "admin.override.");

  /** A connector JSON file as users POST it: {@code name} and {@code config}. */
  public static ConnectorRequest read(Path path) {
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
