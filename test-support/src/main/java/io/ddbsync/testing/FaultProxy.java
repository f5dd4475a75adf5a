package io.ddbsync.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An HTTP proxy between the AWS SDK and moto that answers some requests with the errors real AWS
 * gives under load (moto never throttles): DynamoDB's {@code
 * ProvisionedThroughputExceededException}, {@code ThrottlingException}, S3's {@code SlowDown},
 * 500s, or a connection dropped without an answer. Rules pick requests by operation ({@code
 * DynamoDB_20120810.Scan}, {@code DynamoDBStreams_20120810.GetRecords}, {@code S3.PUT} ...) and
 * fire with a probability; everything else is forwarded unchanged. Counters tell tests what was
 * injected.
 */
public final class FaultProxy implements AutoCloseable {
  /** What a matching request gets instead of moto's answer. */
  public enum Fault {
    PROVISIONED_THROUGHPUT_EXCEEDED,
    THROTTLING,
    S3_SLOW_DOWN,
    INTERNAL_ERROR,
    DROP_CONNECTION
  }

  /** A fault, the operations it applies to, and the share of their requests that get it. */
  public record Rule(Predicate<String> operation, Fault fault, double probability) {}

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "content-length",
          "connection",
          "transfer-encoding",
          "expect",
          "upgrade",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer");

  private final URI upstream;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(32);
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> forwarded = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();
  private final Random random;

  public FaultProxy(URI upstream, long seed) {
    this.upstream = upstream;
    this.random = new Random(seed);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the fault proxy", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public FaultProxy inject(Predicate<String> operation, Fault fault, double probability) {
    rules.add(new Rule(operation, fault, probability));
    return this;
  }

  /** Matches one operation name exactly, e.g. {@code "DynamoDB_20120810.Scan"}. */
  public static Predicate<String> operation(String name) {
    return name::equals;
  }

  public void clearFaults() {
    rules.clear();
  }

  public long injected(String operation) {
    AtomicLong count = injected.get(operation);
    return count == null ? 0 : count.get();
  }

  public long injectedTotal() {
    return injected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long forwarded(String operation) {
    AtomicLong count = forwarded.get(operation);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String operation = operationOf(exchange);
      Fault fault = pickFault(operation);
      if (fault != null) {
        injected.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        answerWithFault(exchange, fault);
        return;
      }
      forwarded.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
      forward(exchange);
    }
  }

  private Fault pickFault(String operation) {
    for (Rule rule : rules) {
      if (rule.operation().test(operation)) {
        synchronized (random) {
          if (random.nextDouble() < rule.probability()) {
            return rule.fault();
          }
        }
      }
    }
    return null;
  }

  /** {@code X-Amz-Target} for JSON protocols (DynamoDB, Streams), {@code S3.<METHOD>} else. */
  static String operationOf(HttpExchange exchange) {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    return target != null ? target : "S3." + exchange.getRequestMethod().toUpperCase(Locale.ROOT);
  }

  private void forward(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    URI target =
        upstream.resolve(
            exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(60))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while forwarding", e);
    }
    Headers headers = exchange.getResponseHeaders();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, values);
              }
            });
    byte[] responseBody = response.body();
    boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || responseBody.length == 0;
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : responseBody.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(responseBody);
      }
    }
  }

  private static void answerWithFault(HttpExchange exchange, Fault fault) throws IOException {
    exchange.getRequestBody().readAllBytes();
    switch (fault) {
      case PROVISIONED_THROUGHPUT_EXCEEDED:
        json(
            exchange,
            400,
            "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded.");
        break;
      case THROTTLING:
        json(exchange, 400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded");
        break;
      case S3_SLOW_DOWN:
        xml(exchange, 503, "SlowDown", "Please reduce your request rate.");
        break;
      case INTERNAL_ERROR:
        if (exchange.getRequestHeaders().getFirst("X-Amz-Target") != null) {
          json(
              exchange,
              500,
              "com.amazonaws.dynamodb.v20120810#InternalServerError",
              "Internal server error");
        } else {
          xml(exchange, 500, "InternalError", "We encountered an internal error.");
        }
        break;
      case DROP_CONNECTION:
        // Closing the exchange before any response headers drops the connection.
        break;
      default:
        throw new IllegalStateException("Unhandled fault " + fault);
    }
  }

  private static void json(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    byte[] body =
        ("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
    exchange.getResponseHeaders().add("x-amzn-RequestId", "fault-proxy");
    send(exchange, status, body);
  }

  private static void xml(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message><RequestId>fault-proxy</RequestId></Error>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/xml");
    send(exchange, status, body);
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
