package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.ErrorSettings;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.SinkComponents;
import io.ddbsync.sink.TargetSettings;
import io.ddbsync.sink.fixtures.RecordingContext;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.redshift.RedshiftStandIn;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * tasks.max=4 on an 8-partition topic: four sink tasks load the same parent and child tables at the
 * same time, batch after batch. On Redshift every transaction is serializable, and writers of one
 * table that overlap abort with error 1023 (the stand-in runs PostgreSQL's serializable isolation
 * and reports its conflicts so); the loads take the tables' lock first, so they wait for each other
 * instead, and the tables converge without a retry being spent.
 */
class ConcurrentTasksIT {
  private static final int TASKS = 4;
  private static final int PARTITIONS = 8;
  private static final int ROUNDS = 6;
  private static final int ITEMS_PER_PARTITION = 10;

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void fourTasksLoadingOneTableConvergeWithoutSpendingRetries(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    try (RedshiftStandIn standIn =
        RedshiftStandIn.start(PostgresServer.shared(), MotoServer.sharedOrSkip().s3())) {
      Map<String, String> settings = new HashMap<>();
      if (dialect == DialectName.REDSHIFT) {
        settings.put(TargetSettings.CONNECTION_URL, standIn.jdbcUrl(db));
      }
      settings.put(ErrorSettings.RETRY_BACKOFF_MS, "50");
      RedshiftSinkConfig config = new RedshiftSinkConfig(SinkStack.config(dialect, db, settings));
      SinkEvents events = SinkEvents.orders();
      AtomicLong retries = new AtomicLong();
      ExecutorService threads = Executors.newFixedThreadPool(TASKS);
      List<Future<Long>> tasks = new ArrayList<>();
      for (int task = 0; task < TASKS; task++) {
        int first = task * (PARTITIONS / TASKS);
        tasks.add(threads.submit(() -> runTask(config, events, first, retries)));
      }
      long failedLoads = 0;
      for (Future<Long> task : tasks) {
        failedLoads += task.get(5, java.util.concurrent.TimeUnit.MINUTES);
      }
      threads.shutdown();

      assertThat(column(db, "SELECT count(*) FROM orders"))
          .containsExactly(Integer.toString(PARTITIONS * ITEMS_PER_PARTITION));
      assertThat(column(db, "SELECT count(DISTINCT version) FROM orders")).containsExactly("1");
      assertThat(column(db, "SELECT count(*) FROM order_items"))
          .containsExactly(Integer.toString(PARTITIONS * ITEMS_PER_PARTITION * 2));
      System.out.printf(
          "%s, %d tasks x %d rounds: %d failed loads, %d serialization conflicts%n",
          dialect, TASKS, ROUNDS, failedLoads, standIn.serializationConflicts());
      assertThat(failedLoads).as("loads retried").isZero();
    }
  }

  /** One task: its partitions' items, changed round after round; returns its failed loads. */
  private long runTask(
      RedshiftSinkConfig config, SinkEvents events, int firstPartition, AtomicLong retries)
      throws Exception {
    RecordingContext context = new RecordingContext(Set.of());
    try (SinkComponents task =
        SinkComponents.create(
            config, context, (record, error) -> CompletableFuture.completedFuture(null))) {
      for (int round = 1; round <= ROUNDS; round++) {
        List<SinkRecord> records = new ArrayList<>();
        for (int p = firstPartition; p < firstPartition + PARTITIONS / TASKS; p++) {
          for (int i = 0; i < ITEMS_PER_PARTITION; i++) {
            String id = "p" + p + "-" + i;
            // The events' model is not thread-safe (a task keeps its own): one thread at a time.
            synchronized (events) {
              records.add(
                  events.upsert(
                      item(
                          "OrderId",
                          s(id),
                          "version",
                          n(Integer.toString(ROUNDS - round + 1)),
                          "Items",
                          l(m(item("Sku", s("a" + round))), m(item("Sku", s("b"))))),
                      p,
                      (long) round * ITEMS_PER_PARTITION + i));
            }
          }
        }
        deliver(task, context, records, retries);
      }
      return task.metrics().failedLoads();
    }
  }

  private static void deliver(
      SinkComponents task, RecordingContext context, List<SinkRecord> records, AtomicLong retries)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    List<SinkRecord> next = records;
    while (true) {
      try {
        task.writer().put(next);
        task.writer().flushDue(true);
        return;
      } catch (RetriableException retry) {
        retries.incrementAndGet();
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(Math.max(10, context.timeout));
        next = List.of();
      }
    }
  }

  private static List<String> column(String db, String sql) throws SQLException {
    return SinkStack.rows(db, sql).stream().map(row -> row.get(0)).toList();
  }
}
