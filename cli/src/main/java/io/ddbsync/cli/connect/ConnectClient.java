package io.ddbsync.cli.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public Kafka Connect REST API, as far as the tool uses it: connector configs and states, and
 * the offsets API (Kafka 3.6+: {@code GET/PATCH/DELETE /connectors/{name}/offsets}, {@code PUT
 * /connectors/{name}/stop} and {@code /resume}). Every call has a timeout.
 */
public final class ConnectClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public ConnectClient(URI base) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
  }

  /**
   * The connector's stored configuration (variables not resolved: Connect never resolves them
   * here).
   */
  public Map<String, String> config(String connector) throws IOException {
    JsonNode body = call("GET", path(connector, "config"), null);
    Map<String, String> config = new LinkedHashMap<>();
    body.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    return config;
  }

  /** {@code GET /connectors/{name}/status}. */
  public JsonNode status(String connector) throws IOException {
    return call("GET", path(connector, "status"), null);
  }

  /** {@code GET /connectors/{name}/offsets}: {"offsets": [{"partition": ..., "offset": ...}]}. */
  public JsonNode offsets(String connector) throws IOException {
    return call("GET", path(connector, "offsets"), null);
  }

  /**
   * {@code PATCH /connectors/{name}/offsets} with {"offsets": [...]}; the connector must be
   * stopped.
   */
  public JsonNode alterOffsets(String connector, JsonNode offsets) throws IOException {
    return call("PATCH", path(connector, "offsets"), offsets);
  }

  public void stop(String connector) throws IOException {
    call("PUT", path(connector, "stop"), null);
  }

  public void resume(String connector) throws IOException {
    call("PUT", path(connector, "resume"), null);
  }

  private String path(String connector, String what) {
    return "connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8) + "/" + what;
  }

  private JsonNode call(String method, String path, JsonNode body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted calling Kafka Connect at " + base, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          method
              + " "
              + base.resolve(path)
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    String text = response.body();
    return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
  }
}
