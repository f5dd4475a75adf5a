package io.ddbsync.benchmarks.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy that holds every chunk of bytes for a fixed delay in each direction, so that
 * a database on this machine answers as one on another host would: a statement and its answer each
 * take the delay on the way (a round trip of twice the delay), while a stream of bytes flows at
 * full speed behind it. This kernel has no {@code netem}; this is the stand-in for it. Order is
 * kept: each direction is one queue, written by one thread, each chunk when its time has come.
 */
public final class DelayProxy implements AutoCloseable {
  private static final Object END = new Object();

  private final ServerSocket server;
  private final int targetPort;
  private final long delayNanos;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "delay-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  private record Chunk(long due, byte[] bytes) {}

  private DelayProxy(int targetPort, long delayNanos) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.delayNanos = delayNanos;
    threads.execute(this::accept);
  }

  /** A proxy on a free loopback port to {@code targetPort}, delaying each direction. */
  public static DelayProxy start(int targetPort, double delayMillisEachWay) throws IOException {
    return new DelayProxy(targetPort, Math.round(delayMillisEachWay * 1_000_000));
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (running) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        if (running) {
          System.err.println("delay proxy: " + e.getMessage());
        }
      }
    }
  }

  /** Reads {@code from} as it comes, writes each chunk to {@code to} once its delay has passed. */
  private void pipe(Socket from, Socket to) {
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    threads.execute(
        () -> {
          byte[] buffer = new byte[65_536];
          try (InputStream in = from.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
              queue.put(
                  new Chunk(System.nanoTime() + delayNanos, java.util.Arrays.copyOf(buffer, read)));
            }
          } catch (IOException | InterruptedException closed) {
            // The connection ended; the writer ends the other side.
          } finally {
            queue.add(END);
          }
        });
    threads.execute(
        () -> {
          try {
            OutputStream out = to.getOutputStream();
            while (true) {
              Object next = queue.poll(1, TimeUnit.HOURS);
              if (next == END || next == null) {
                break;
              }
              Chunk chunk = (Chunk) next;
              long wait;
              while ((wait = chunk.due() - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
              }
              out.write(chunk.bytes());
              out.flush();
            }
            to.shutdownOutput();
          } catch (IOException | InterruptedException closed) {
            closeQuietly(to);
            closeQuietly(from);
          }
        });
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    sockets.forEach(DelayProxy::closeQuietly);
    threads.shutdownNow();
  }
}
