package io.ddbsync.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * moto's server, standing in for DynamoDB, DynamoDB Streams and S3 on one loopback port. One server
 * per test JVM, started on first use and stopped by PID when the JVM exits; tests call {@link
 * #reset()} to start from an empty account.
 */
public final class MotoServer {
  public static final String REGION = "us-east-1";
  public static final String ACCESS_KEY = "test";
  public static final String SECRET_KEY = "test";
  private static final String INSTALL_HINT =
      "moto_server is not on PATH. Install it with: pip install 'moto[server]'";

  private static MotoServer shared;

  private final ManagedProcess process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private MotoServer(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The JVM's moto server, started on first use. */
  public static synchronized MotoServer shared() {
    if (shared == null || !shared.process.isAlive()) {
      shared = start();
    }
    return shared;
  }

  public static MotoServer start() {
    String configured = System.getenv("MOTO_SERVER");
    File executable =
        configured != null ? new File(configured) : ManagedProcess.onPath("moto_server");
    if (executable == null || !executable.canExecute()) {
      throw new IllegalStateException(INSTALL_HINT);
    }
    int port = Ports.free();
    ManagedProcess process =
        ManagedProcess.start(
            "moto-" + port,
            List.of(executable.getAbsolutePath(), "-H", "127.0.0.1", "-p", Integer.toString(port)),
            BuildPaths.target("moto"));
    MotoServer server = new MotoServer(process, port);
    server.awaitReady(Duration.ofSeconds(60));
    return server;
  }

  /** Aborts (skips) the calling test when moto is not installed, instead of failing it. */
  public static MotoServer sharedOrSkip() {
    try {
      return shared();
    } catch (IllegalStateException e) {
      if (e.getMessage().equals(INSTALL_HINT)) {
        throw new TestAbortedException(INSTALL_HINT);
      }
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public long pid() {
    return process.pid();
  }

  /** Clears every table, stream and bucket. */
  public void reset() {
    post("/moto-api/reset");
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb(endpoint());
  }

  public DynamoDbStreamsClient streams() {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .build();
  }

  public S3Client s3() {
    return s3(endpoint());
  }

  /** A DynamoDB client for another endpoint in front of moto, such as the fault proxy. */
  public static DynamoDbClient dynamoDb(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .build();
  }

  public static S3Client s3(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(credentials())
        .build();
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  public void stop() {
    process.close();
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited during start-up:\n" + process.tail(30));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for moto", e);
      }
      sleep(200);
    }
    process.stop();
    throw new IllegalStateException("moto_server did not answer within " + timeout);
  }

  private void post(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoint().resolve(path))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("moto " + path + " answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
