package io.ddbsync.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.ddbsync.testing.ConnectorConfigs;
import io.ddbsync.testing.ConnectorConfigs.ConnectorRequest;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strimzi resources generated from {@code config/*.json} and {@code
 * config/connect-distributed.properties} (the one source of truth), with the Kubernetes values of
 * {@code deploy/strimzi/deployment-values.json} applied: a {@code KafkaConnect} that builds an
 * image with the three plugin archives, the RBAC its secret provider needs, and one {@code
 * KafkaConnector} per connector.
 */
public final class StrimziResources {
  static final List<String> CONNECTORS = List.of("dynamodb-source", "redshift-sink");
  static final List<String> PLUGINS =
      List.of("ddbsync-dynamodb-source", "ddbsync-redshift-sink", "ddbsync-avro-converter");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private final JsonNode values;
  private final String version;

  public StrimziResources(JsonNode values, String version) {
    this.values = values;
    this.version = version;
  }

  /** The worker settings of the KafkaConnect resource. */
  public Map<String, String> workerConfig() {
    Map<String, String> config =
        new TreeMap<>(ConnectorConfigs.workerProperties("connect-distributed.properties"));
    values.path("worker").path("remove").fieldNames().forEachRemaining(config::remove);
    values
        .path("worker")
        .path("set")
        .fields()
        .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    return config;
  }

  /** A connector's settings as its KafkaConnector carries them (class and tasks.max apart). */
  public Map<String, String> connectorConfig(String name) {
    ConnectorRequest request = ConnectorConfigs.connector(name + ".json");
    Map<String, String> config = new LinkedHashMap<>(request.config());
    JsonNode connector = values.path("connectors").path(name);
    connector.path("remove").fieldNames().forEachRemaining(config::remove);
    connector
        .path("set")
        .fields()
        .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    config.remove("connector.class");
    config.remove("tasks.max");
    return config;
  }

  /**
   * kafka-connect.yaml: the KafkaConnect resource, the ConfigMap with the JMX exporter rules of
   * deploy/monitoring/, and the secret reader's Role and RoleBinding.
   */
  public String kafkaConnect() throws IOException {
    String cluster = values.path("cluster").asText();
    String namespace = values.path("namespace").asText();
    ObjectNode connect = JSON.createObjectNode();
    connect.put("apiVersion", "kafka.strimzi.io/v1beta2");
    connect.put("kind", "KafkaConnect");
    ObjectNode metadata = connect.putObject("metadata");
    metadata.put("name", cluster);
    metadata.put("namespace", namespace);
    metadata.putObject("annotations").put("strimzi.io/use-connector-resources", "true");
    ObjectNode spec = connect.putObject("spec");
    spec.put("replicas", 2);
    spec.put("bootstrapServers", values.path("bootstrapServers").asText());
    ObjectNode config = spec.putObject("config");
    workerConfig().forEach(config::put);
    ObjectNode build = spec.putObject("build");
    ObjectNode output = build.putObject("output");
    output.put("type", "docker");
    output.put("image", values.path("image").asText());
    ArrayNode plugins = build.putArray("plugins");
    String base = values.path("artifactBaseUrl").asText().replace("${version}", version);
    for (String plugin : PLUGINS) {
      ObjectNode entry = plugins.addObject();
      entry.put("name", plugin);
      ObjectNode artifact = entry.putArray("artifacts").addObject();
      artifact.put("type", "zip");
      artifact.put("url", base + "/" + plugin + "-" + version + "-plugin.zip");
    }
    ObjectNode metrics = spec.putObject("metricsConfig");
    metrics.put("type", "jmxPrometheusExporter");
    ObjectNode reference = metrics.putObject("valueFrom").putObject("configMapKeyRef");
    reference.put("name", cluster + "-metrics");
    reference.put("key", "jmx-exporter.yaml");

    ObjectNode role = JSON.createObjectNode();
    role.put("apiVersion", "rbac.authorization.k8s.io/v1");
    role.put("kind", "Role");
    role.putObject("metadata").put("name", cluster + "-secret-reader").put("namespace", namespace);
    ObjectNode rule = role.putArray("rules").addObject();
    rule.putArray("apiGroups").add("");
    rule.putArray("resources").add("secrets");
    rule.putArray("resourceNames").add("ddbsync-redshift");
    rule.putArray("verbs").add("get");

    ObjectNode binding = JSON.createObjectNode();
    binding.put("apiVersion", "rbac.authorization.k8s.io/v1");
    binding.put("kind", "RoleBinding");
    binding
        .putObject("metadata")
        .put("name", cluster + "-secret-reader")
        .put("namespace", namespace);
    ObjectNode subject = binding.putArray("subjects").addObject();
    subject.put("kind", "ServiceAccount");
    subject.put("name", cluster + "-connect"); // the service account Strimzi creates
    subject.put("namespace", namespace);
    ObjectNode roleRef = binding.putObject("roleRef");
    roleRef.put("kind", "Role");
    roleRef.put("name", cluster + "-secret-reader");
    roleRef.put("apiGroup", "rbac.authorization.k8s.io");
    ObjectNode metricsMap = JSON.createObjectNode();
    metricsMap.put("apiVersion", "v1");
    metricsMap.put("kind", "ConfigMap");
    metricsMap.putObject("metadata").put("name", cluster + "-metrics").put("namespace", namespace);
    metricsMap
        .putObject("data")
        .put(
            "jmx-exporter.yaml",
            java.nio.file.Files.readString(
                io.ddbsync.testing.BuildPaths.repositoryRoot()
                    .resolve("deploy/monitoring/jmx-exporter.yaml")));
    return header("kafka-connect.yaml") + documents(List.of(connect, metricsMap, role, binding));
  }

  /** kafka-connectors.yaml: one KafkaConnector per file in config/. */
  public String kafkaConnectors() throws IOException {
    List<JsonNode> documents = new java.util.ArrayList<>();
    for (String name : CONNECTORS) {
      ConnectorRequest request = ConnectorConfigs.connector(name + ".json");
      ObjectNode connector = JSON.createObjectNode();
      connector.put("apiVersion", "kafka.strimzi.io/v1beta2");
      connector.put("kind", "KafkaConnector");
      ObjectNode metadata = connector.putObject("metadata");
      metadata.put("name", request.name());
      metadata.put("namespace", values.path("namespace").asText());
      metadata.putObject("labels").put("strimzi.io/cluster", values.path("cluster").asText());
      ObjectNode spec = connector.putObject("spec");
      spec.put("class", request.config().get("connector.class"));
      spec.put("tasksMax", Integer.parseInt(request.config().get("tasks.max")));
      ObjectNode config = spec.putObject("config");
      connectorConfig(name).forEach(config::put);
      documents.add(connector);
    }
    return header("kafka-connectors.yaml") + documents(documents);
  }

  private static String header(String file) {
    return "# "
        + file
        + ": generated from config/*.json and deploy/strimzi/deployment-values.json by\n"
        + "# StrimziResourcesTest; do not edit by hand (regenerate with -Dddbsync.update.docs=true).\n";
  }

  private static String documents(List<JsonNode> nodes) throws IOException {
    StringWriter out = new StringWriter();
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) {
        out.write("---\n");
      }
      out.write(YAML.writeValueAsString(nodes.get(i)));
    }
    return out.toString();
  }
}
