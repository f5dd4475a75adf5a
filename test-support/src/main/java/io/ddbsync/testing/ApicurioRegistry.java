package io.ddbsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Apicurio Registry 2.6 (the Quarkus app with in-memory storage, unpacked by the build) in a child
 * JVM on a free loopback port; stopped by PID.
 */
public final class ApicurioRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ManagedProcess process;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private ApicurioRegistry(ManagedProcess process, URI base) {
    this.process = process;
    this.base = base;
  }

  public static ApicurioRegistry start() {
    Path home =
        Paths.get(System.getProperty("ddbsync.apicurio.registry", "target/apicurio-registry"));
    Path runner;
    try (Stream<Path> files = Files.walk(home)) {
      runner =
          files
              .filter(
                  p ->
                      p.getFileName().toString().equals("quarkus-run.jar")
                          || p.getFileName().toString().endsWith("-runner.jar"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "No Apicurio Registry under "
                              + home.toAbsolutePath()
                              + "; run mvn package"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = Ports.free();
    ManagedProcess process =
        ManagedProcess.start(
            "apicurio-registry-" + port,
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-jar",
                runner.toAbsolutePath().toString()),
            BuildPaths.target("apicurio-registry-" + port));
    ApicurioRegistry registry =
        new ApicurioRegistry(process, URI.create("http://127.0.0.1:" + port));
    registry.awaitReady(Duration.ofSeconds(90));
    return registry;
  }

  /** The URL the Apicurio converters and clients take: the v2 API. */
  public String apiUrl() {
    return base + "/apis/registry/v2";
  }

  /** GET on the v2 API, parsed. */
  public JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(apiUrl() + path)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET " + path + ": " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sets a global rule, as an administrator does once per registry ({@code POST /admin/rules}): for
   * instance {@code COMPATIBILITY} {@code FULL}, the strictest setting the connector's schemas
   * keep.
   */
  public void putGlobalRule(String type, String config) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(apiUrl() + "/admin/rules"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(Map.of("type", type, "config", config))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "POST /admin/rules: " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The schema text registered under a global id. */
  public String schemaByGlobalId(long globalId) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(apiUrl() + "/ids/globalIds/" + globalId))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio Registry exited; see " + process);
      }
      try {
        get("/system/info");
        return;
      } catch (RuntimeException notYet) {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for the registry", e);
        }
      }
    }
    throw new IllegalStateException("Apicurio Registry not ready within " + timeout);
  }

  @Override
  public void close() {
    process.close();
  }
}
