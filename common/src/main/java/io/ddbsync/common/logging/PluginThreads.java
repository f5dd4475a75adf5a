package io.ddbsync.common.logging;

import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * The threads the connectors start of their own (snapshot, stream, staging, loader, watcher):
 * daemon threads whose log lines carry the logging context of the thread that made the factory.
 *
 * <p>Kafka Connect puts a connector's or task's context into the MDC of the threads it runs them on
 * ({@code connector.context}, such as {@code [orders-sink|task-0] }, which Kafka's shipped log
 * layouts print with {@code %X{connector.context}}). A thread started from there does not inherit
 * it, so without this every line the plugin logs from its own threads would name no connector. The
 * context is copied when the factory is made, which the tasks do in {@code start()}, on Connect's
 * thread. It is slf4j's MDC, which Connect shares with its plugins (it never isolates {@code
 * org.slf4j}), so it works under Log4j 1 (reload4j, Kafka 3.x) and Log4j 2 (Kafka 4.x) alike.
 */
public final class PluginThreads {
  private PluginThreads() {}

  /**
   * A factory of daemon threads named {@code name-1}, {@code name-2}, …, each carrying the calling
   * thread's logging context.
   */
  public static ThreadFactory named(String name) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(withContext(context, runnable), name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static Runnable withContext(Map<String, String> context, Runnable runnable) {
    if (context == null || context.isEmpty()) {
      return runnable;
    }
    return () -> {
      MDC.setContextMap(context);
      try {
        runnable.run();
      } finally {
        MDC.clear();
      }
    };
  }
}
