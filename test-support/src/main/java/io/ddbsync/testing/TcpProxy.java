package io.ddbsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback that relays bytes to a server and can make the network go silent the way
 * a NAT gateway or a load balancer that dropped a connection's state does: the existing connections
 * stop carrying anything, in either direction, without a FIN or a RST, while new connections work.
 * Optionally it goes silent at the moment the client sends a given text (a statement), so that the
 * server's session is left in the middle of a transaction. Or it holds every chunk for a fixed
 * delay in each direction ({@link #delayEachWay}), so that a server on this machine answers as one
 * on another host would: each statement and its answer take the delay on the way, while a stream of
 * bytes flows at full speed behind it (this kernel has no {@code netem}).
 */
public final class TcpProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);

  /** One relayed connection; silent once its generation is older than the proxy's. */
  private final class Link {
    final Socket client;
    final Socket server;
    final int generation;

    Link(Socket client, Socket server, int generation) {
      this.client = client;
      this.server = server;
      this.generation = generation;
    }

    boolean silent() {
      return generation < silentBefore.get();
    }

    void close() {
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  private final String host;
  private final int port;
  private final ServerSocket listener;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "tcp-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicInteger generation = new AtomicInteger();
  private final AtomicInteger silentBefore = new AtomicInteger();
  private volatile String silenceOnText;
  private volatile long delayNanos;
  private volatile boolean running = true;

  /** A proxy to {@code host:port}, listening on a free loopback port. */
  public TcpProxy(String host, int port) {
    this.host = host;
    this.port = port;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the proxy's port", e);
    }
    threads.execute(this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Connections opened from now on hold every chunk {@code millis} milliseconds in each direction
   * before passing it on, in order: a round trip of twice as long.
   */
  public TcpProxy delayEachWay(double millis) {
    delayNanos = Math.round(millis * 1_000_000);
    return this;
  }

  /** Every connection open now goes silent; connections opened later work. */
  public void silenceExistingConnections() {
    silentBefore.set(generation.incrementAndGet());
    LOG.info("Proxy to {}:{}: {} open connections went silent", host, port, links.size());
  }

  /**
   * The connection whose client next sends {@code text} goes silent before the server sees it, and
   * with it every connection open at that moment.
   */
  public void silenceWhenClientSends(String text) {
    silenceOnText = text;
  }

  private void accept() {
    while (running) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(host, port);
        // Each chunk goes out as it is written, as a client's own socket sends it (the JDBC
        // drivers disable Nagle's algorithm): otherwise small writes wait for the other side's
        // delayed acknowledgement (up to 40 ms on Linux), which no real network adds.
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        Link link = new Link(client, server, generation.get());
        links.add(link);
        threads.execute(() -> relay(link, link.client, link.server, true));
        threads.execute(() -> relay(link, link.server, link.client, false));
      } catch (IOException e) {
        if (running) {
          LOG.warn("Proxy accept failed", e);
        }
      }
    }
  }

  private void relay(Link link, Socket from, Socket to, boolean fromClient) {
    byte[] buffer = new byte[16 * 1024];
    long delay = delayNanos;
    try (InputStream in = from.getInputStream()) {
      OutputStream out = delay > 0 ? new DelayedOutput(to, delay) : to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        String trigger = silenceOnText;
        if (fromClient
            && trigger != null
            && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains(trigger)) {
          silenceOnText = null;
          silentBefore.set(generation.incrementAndGet());
          LOG.info("Proxy to {}:{}: the network went silent at '{}'", host, port, trigger);
        }
        if (link.silent()) {
          // Nothing arrives any more; the sockets stay open (no FIN, no RST) until closed.
          waitWhileRunning();
          return;
        }
        out.write(buffer, 0, read);
        out.flush();
      }
      if (!link.silent()) {
        if (delay > 0) {
          // The delayed stream closes the socket once what it holds has gone out.
          closeQuietly(out);
        } else {
          closeQuietly(to);
        }
      }
    } catch (IOException e) {
      if (!link.silent()) {
        closeQuietly(to);
      }
    }
  }

  private void waitWhileRunning() {
    while (running) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Holds each write for the delay, then passes it on from a thread of its own, in order; closing
   * it closes the socket after the last write.
   */
  private final class DelayedOutput extends OutputStream {
    private static final Object END = new Object();

    private record Chunk(long due, byte[] bytes) {}

    private final java.util.concurrent.BlockingQueue<Object> queue =
        new java.util.concurrent.LinkedBlockingQueue<>();
    private final long delay;

    DelayedOutput(Socket to, long delay) {
      this.delay = delay;
      threads.execute(() -> drain(to));
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      queue.add(
          new Chunk(
              System.nanoTime() + delay,
              java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
    }

    @Override
    public void close() {
      queue.add(END);
    }

    private void drain(Socket to) {
      try {
        OutputStream out = to.getOutputStream();
        while (running) {
          Object next = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
          if (next == END) {
            break;
          }
          if (next == null) {
            continue;
          }
          Chunk chunk = (Chunk) next;
          long wait;
          while ((wait = chunk.due() - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
          out.write(chunk.bytes());
          out.flush();
        }
      } catch (IOException gone) {
        // The connection is gone: closed below, and the relay ends at its next read.
      } catch (InterruptedException stopping) {
        // The proxy is closing (shutdownNow): closed below.
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(to);
      }
    }
  }

  private static void closeQuietly(OutputStream stream) {
    try {
      stream.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing a broken connection fails too; it is gone either way.
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      listener.close();
    } catch (IOException ignored) {
      // The listener is going away.
    }
    links.forEach(Link::close);
    threads.shutdownNow();
  }
}
