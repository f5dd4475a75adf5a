package io.ddbsync.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ddbsync.testing.BuildPaths;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.GeneratedDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/strimzi/ is generated from config/ (one source of truth): the checked-in files are what
 * the generator writes now, and, read back as Kubernetes would read them, each KafkaConnector
 * carries its JSON file's settings exactly, except the Kubernetes values the deployment file names.
 */
class StrimziResourcesTest {
  private static final Path ROOT = BuildPaths.repositoryRoot();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theCheckedInResourcesAreWhatConfigGenerates() throws Exception {
    StrimziResources resources = new StrimziResources(values(), version());
    GeneratedDocs.assertCurrentFile("deploy/strimzi/kafka-connect.yaml", resources.kafkaConnect());
    GeneratedDocs.assertCurrentFile(
        "deploy/strimzi/kafka-connectors.yaml", resources.kafkaConnectors());
  }

  @Test
  void everyKafkaConnectorCarriesItsJsonFilesSettings() throws Exception {
    JsonNode values = values();
    List<JsonNode> connectors = read("deploy/strimzi/kafka-connectors.yaml");
    assertThat(connectors).hasSize(StrimziResources.CONNECTORS.size());
    for (String file : StrimziResources.CONNECTORS) {
      var json = ConnectorConfigs.connector(file + ".json");
      JsonNode resource =
          connectors.stream()
              .filter(c -> c.path("metadata").path("name").asText().equals(json.name()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no KafkaConnector named " + json.name()));
      assertThat(resource.path("kind").asText()).isEqualTo("KafkaConnector");
      assertThat(resource.path("metadata").path("labels").path("strimzi.io/cluster").asText())
          .isEqualTo(values.path("cluster").asText());
      JsonNode spec = resource.path("spec");
      assertThat(spec.path("class").asText()).isEqualTo(json.config().get("connector.class"));
      assertThat(spec.path("tasksMax").asInt())
          .isEqualTo(Integer.parseInt(json.config().get("tasks.max")));
      JsonNode changes = values.path("connectors").path(file);
      Map<String, String> config = new HashMap<>();
      spec.path("config")
          .fields()
          .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      Set<String> expectedKeys = new HashSet<>();
      json.config()
          .forEach(
              (name, value) -> {
                if (name.equals("connector.class") || name.equals("tasks.max")) {
                  assertThat(config).as(file).doesNotContainKey(name);
                } else if (changes.path("remove").has(name)) {
                  assertThat(config).as("%s: %s removed", file, name).doesNotContainKey(name);
                } else if (changes.path("set").has(name)) {
                  expectedKeys.add(name);
                } else {
                  expectedKeys.add(name);
                  assertThat(config.get(name)).as("%s: %s", file, name).isEqualTo(value);
                }
              });
      changes
          .path("set")
          .fields()
          .forEachRemaining(
              e -> {
                expectedKeys.add(e.getKey());
                assertThat(config.get(e.getKey()))
                    .as("%s: %s", file, e.getKey())
                    .isEqualTo(e.getValue().asText());
              });
      assertThat(config.keySet()).as(file).isEqualTo(expectedKeys);
    }
  }

  @Test
  void theKafkaConnectResourceBuildsAllThreePluginsAndKeepsTheWorkerSettings() throws Exception {
    JsonNode values = values();
    List<JsonNode> documents = read("deploy/strimzi/kafka-connect.yaml");
    JsonNode connect =
        documents.stream()
            .filter(d -> d.path("kind").asText().equals("KafkaConnect"))
            .findFirst()
            .orElseThrow();
    JsonNode spec = connect.path("spec");
    assertThat(
            connect
                .path("metadata")
                .path("annotations")
                .path("strimzi.io/use-connector-resources")
                .asText())
        .isEqualTo("true");
    List<String> plugins = new ArrayList<>();
    for (JsonNode plugin : spec.path("build").path("plugins")) {
      plugins.add(plugin.path("name").asText());
      String url = plugin.path("artifacts").get(0).path("url").asText();
      assertThat(url).endsWith(plugin.path("name").asText() + "-" + version() + "-plugin.zip");
      assertThat(plugin.path("artifacts").get(0).path("type").asText()).isEqualTo("zip");
    }
    assertThat(plugins).containsExactlyElementsOf(StrimziResources.PLUGINS);
    Map<String, String> worker =
        ConnectorConfigs.workerProperties("connect-distributed.properties");
    JsonNode config = spec.path("config");
    worker.forEach(
        (name, value) -> {
          if (values.path("worker").path("remove").has(name)) {
            assertThat(config.has(name)).as("worker %s left to Strimzi", name).isFalse();
          } else {
            assertThat(config.path(name).asText()).as("worker %s", name).isEqualTo(value);
          }
        });
    // Strimzi refuses these in spec.config; none may slip in.
    config
        .fieldNames()
        .forEachRemaining(
            name ->
                assertThat(name)
                    .doesNotStartWith("ssl.")
                    .doesNotStartWith("sasl.")
                    .doesNotStartWith("security.")
                    .doesNotStartWith("listeners")
                    .doesNotStartWith("plugin.path")
                    .doesNotStartWith("rest.")
                    .isNotEqualTo("bootstrap.servers"));
    assertThat(spec.path("metricsConfig").path("type").asText()).isEqualTo("jmxPrometheusExporter");
    assertThat(documents.stream().map(d -> d.path("kind").asText()))
        .contains("ConfigMap", "Role", "RoleBinding");
    JsonNode metricsMap =
        documents.stream()
            .filter(d -> d.path("kind").asText().equals("ConfigMap"))
            .findFirst()
            .orElseThrow();
    JsonNode reference = spec.path("metricsConfig").path("valueFrom").path("configMapKeyRef");
    assertThat(metricsMap.path("metadata").path("name").asText())
        .isEqualTo(reference.path("name").asText());
    assertThat(metricsMap.path("data").path(reference.path("key").asText()).asText())
        .as("the exporter rules MetricsExportIT checks")
        .isEqualTo(Files.readString(ROOT.resolve("deploy/monitoring/jmx-exporter.yaml")));
  }

  private static List<JsonNode> read(String path) throws Exception {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> iterator =
        YAML.readerFor(JsonNode.class).readValues(ROOT.resolve(path).toFile())) {
      while (iterator.hasNext()) {
        documents.add(iterator.next());
      }
    }
    return documents;
  }

  private static JsonNode values() throws Exception {
    return new ObjectMapper()
        .readTree(Files.readString(ROOT.resolve("deploy/strimzi/deployment-values.json")));
  }

  private static String version() {
    String version = System.getProperty("ddbsync.version");
    return version != null ? version : "0.1.0-SNAPSHOT";
  }
}
