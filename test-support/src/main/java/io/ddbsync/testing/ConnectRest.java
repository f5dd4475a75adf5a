package io.ddbsync.testing;

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
import java.util.Map;

/** The Kafka Connect REST API as a user drives it: plain HTTP and JSON. */
public final class ConnectRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ConnectRest(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /** A response: status code and parsed body (null when empty or not JSON). */
  public record Response(int status, JsonNode body, String text) {
    public Response requireSuccess() {
      if (status / 100 != 2) {
        throw new IllegalStateException("Connect answered " + status + ": " + text);
      }
      return this;
    }
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
  }

  public Response post(String path, Object body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  public Response put(String path, Object body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  /** PUT /connector-plugins/{class}/config/validate. */
  public Response validate(String connectorClass, Map<String, String> config) {
    return put(
        "/connector-plugins/"
            + URLEncoder.encode(connectorClass, StandardCharsets.UTF_8)
            + "/config/validate",
        config);
  }

  /** POST /connectors with {"name": ..., "config": {...}}. */
  public Response create(String name, Map<String, String> config) {
    return post("/connectors", Map.of("name", name, "config", config));
  }

  public String connectorState(String name) {
    Response status = get("/connectors/" + name + "/status");
    return status.status() == 200 ? status.body().path("connector").path("state").asText() : null;
  }

  /** True when the connector and all its tasks (at least one) are RUNNING. */
  public boolean isRunning(String name, int minTasks) {
    Response status = get("/connectors/" + name + "/status");
    if (status.status() != 200
        || !"RUNNING".equals(status.body().path("connector").path("state").asText())) {
      return false;
    }
    JsonNode tasks = status.body().path("tasks");
    if (tasks.size() < minTasks) {
      return false;
    }
    for (JsonNode task : tasks) {
      if (!"RUNNING".equals(task.path("state").asText())) {
        return false;
      }
    }
    return true;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(90)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      String text = response.body();
      if (text != null && !text.isBlank()) {
        try {
          body = JSON.readTree(text);
        } catch (IOException notJson) {
          body = null;
        }
      }
      return new Response(response.statusCode(), body, text);
    } catch (IOException e) {
      throw new IllegalStateException("Connect REST request failed: " + request.build().uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
