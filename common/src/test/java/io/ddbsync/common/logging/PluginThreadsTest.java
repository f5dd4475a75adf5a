package io.ddbsync.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class PluginThreadsTest {
  /** The key and value Kafka Connect's WorkerTask puts into the MDC (LoggingContext.forTask). */
  private static final String KEY = "connector.context";

  private static final String TASK = "[orders-sink|task-0] ";

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void threadsOfAFactoryMadeOnAConnectThreadLogWithItsConnectorAndTask() throws Exception {
    MDC.put(KEY, TASK);
    ExecutorService pool = Executors.newFixedThreadPool(2, PluginThreads.named("orders-loader"));
    MDC.clear(); // what the task thread does later changes nothing for the pool's threads
    try {
      CompletableFuture<Map<String, String>> seen =
          CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, pool);
      CompletableFuture<String> name =
          CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), pool);
      CompletableFuture<Boolean> daemon =
          CompletableFuture.supplyAsync(() -> Thread.currentThread().isDaemon(), pool);

      assertThat(seen.get(10, TimeUnit.SECONDS)).containsEntry(KEY, TASK);
      assertThat(name.get(10, TimeUnit.SECONDS)).matches("orders-loader-[12]");
      assertThat(daemon.get(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFactoryMadeWithoutAContextAddsNone() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor(PluginThreads.named("plain"));
    try {
      Map<String, String> seen =
          CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, pool).get(10, TimeUnit.SECONDS);
      assertThat(seen == null || seen.isEmpty()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
