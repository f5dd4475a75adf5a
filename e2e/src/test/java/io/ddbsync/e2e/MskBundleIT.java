package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.testing.ConnectorConfigs.ConnectorRequest;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The MSK Connect bundles (issue 16) as MSK Connect runs them: a stock worker whose plugin.path
 * holds nothing but the two bundles (each connector with the AWS Glue Schema Registry converter
 * inside), the converters set in each connector's configuration (MSK Connect's worker configuration
 * has few knobs), AWS credentials from the JVM's default chain as the service execution role gives
 * them, and the Glue Schema Registry API served by moto. The pipeline must load and reconcile a
 * table whose schema changes in mid-stream, and both schemas must be in the registry.
 */
class MskBundleIT {
  private static final String GLUE_CONVERTER =
      "com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bothBundlesRunThePipelineOnTheGlueSchemaRegistryConverter() throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    Path mskPluginPath = Path.of(System.getProperty("ddbsync.msk.plugin.path"));
    try (Stream<Path> bundles = Files.list(mskPluginPath)) {
      assertThat(bundles.map(p -> p.getFileName().toString()))
          .as("one directory per MSK custom plugin")
          .containsExactlyInAnyOrder(
              "ddbsync-dynamodb-source-msk-" + version(), "ddbsync-redshift-sink-msk-" + version());
    }
    String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
    String registry = "ddbsync-" + suffix;
    glue(moto, "CreateRegistry", Map.of("RegistryName", registry));
    String table = "MskOrders" + suffix;

    Map<String, String> converters = new HashMap<>();
    for (String side : List.of("key.converter", "value.converter")) {
      converters.put(side, GLUE_CONVERTER);
      converters.put(side + ".region", "us-east-1");
      converters.put(side + ".endpoint", moto.endpoint().toString());
      converters.put(side + ".registry.name", registry);
      converters.put(side + ".schemaAutoRegistrationEnabled", "true");
      converters.put(side + ".avroRecordType", "GENERIC_RECORD");
      converters.put(side + ".compatibility", "FULL");
      converters.put(side + ".schemaNameGenerationClass", "io.ddbsync.glue.KeyValueSchemaNaming");
    }
    LocalPipeline.Options options =
        LocalPipeline.Options.named("msk-" + suffix)
            .stockWorkers()
            .worker(Map.of("plugin.path", mskPluginPath.toString()))
            // The service execution role's credentials, through the SDK's default chain.
            .workerJvm(
                List.of(
                    "-Daws.accessKeyId=test",
                    "-Daws.secretAccessKey=test",
                    "-Daws.region=us-east-1"))
            .source(converters)
            .sink(converters);
    try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
      OrderWorkload workload =
          new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.RANDOMIZED, 23);
      workload.load(40);
      pipeline.createConnectors(table);
      List<ConnectorRequest> connectors = pipeline.connectorsFor(table);
      WarehouseComparison.Report report =
          pipeline.awaitReconciled(table, Duration.ofMinutes(3), progress -> {});
      assertThat(report.isExact()).as(report.toString()).isTrue();

      // New attributes and type conflicts in mid-stream: new schema versions in Glue.
      for (int i = 0; i < 60; i++) {
        workload.change();
      }
      report = pipeline.awaitReconciled(table, Duration.ofMinutes(3), progress -> {});
      assertThat(report.isExact()).as(report.toString()).isTrue();
      for (ConnectorRequest connector : connectors) {
        assertThat(pipeline.rest().isRunning(connector.name(), 1)).as(connector.name()).isTrue();
      }

      // One schema per side (moto does not check compatibility, Glue does: a key struct as a
      // version of the envelope's schema would be refused under FULL).
      String topic = "dynamodb." + table;
      JsonNode value =
          glue(moto, "GetSchema", Map.of("SchemaId", schemaId(registry, topic + "-value")));
      assertThat(value.path("LatestSchemaVersion").asInt())
          .as("value schema versions after the schema changed: %s", value)
          .isGreaterThanOrEqualTo(2);
      JsonNode key =
          glue(moto, "GetSchema", Map.of("SchemaId", schemaId(registry, topic + "-key")));
      assertThat(key.path("LatestSchemaVersion").asInt()).as("key schema: %s", key).isEqualTo(1);
    }
  }

  private static Map<String, String> schemaId(String registry, String schema) {
    return Map.of("RegistryName", registry, "SchemaName", schema);
  }

  /**
   * One call to the Glue API, as the AWS SDK makes it (JSON 1.1; moto does not check signatures).
   */
  private static JsonNode glue(MotoServer moto, String action, Map<String, ?> body)
      throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(moto.endpoint() + "/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSGlue." + action)
                    .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/glue/aws4_request,"
                            + " SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", action, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String version() {
    String version = System.getProperty("ddbsync.version");
    return version != null ? version : "0.1.0-SNAPSHOT";
  }
}
