package io.ddbsync.common.aws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * Whether anything answers at an {@code aws.endpoint.url}, by opening a TCP connection to it once.
 * The SDK would find out too, but only after its retries (8 attempts, about 10 seconds, measured
 * against a closed port), and its error then lands on whichever setting the caller guesses;
 * validate() asks this first and reports an address nothing listens at on the endpoint setting.
 * Resolving the host name may block on DNS beyond the connect timeout, so callers run it under
 * their validation timeout.
 */
public final class EndpointReachability {
  private EndpointReachability() {}

  /**
   * Null when a connection to {@code endpointUrl}'s host and port opens within {@code timeout};
   * otherwise what went wrong, for a message on the endpoint setting.
   */
  public static String problem(String endpointUrl, Duration timeout) {
    URI uri;
    try {
      uri = URI.create(endpointUrl.trim());
    } catch (IllegalArgumentException e) {
      return endpointUrl + " is not a URL: " + e.getMessage();
    }
    String host = uri.getHost();
    if (host == null) {
      return endpointUrl + " names no host; write it as http(s)://host[:port]";
    }
    int port =
        uri.getPort() >= 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return null;
    } catch (IOException e) {
      return "Nothing answers at "
          + host
          + ":"
          + port
          + " ("
          + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + ", tried for at most "
          + timeout.toMillis()
          + " ms). Check aws.endpoint.url, or leave it empty to use AWS's own endpoints.";
    }
  }
}
