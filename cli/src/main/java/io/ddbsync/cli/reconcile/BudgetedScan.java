package io.ddbsync.cli.reconcile;

import io.ddbsync.common.aws.AwsErrors;
import io.ddbsync.common.retry.Backoff;
import io.ddbsync.source.snapshot.ReadBudget;
import io.ddbsync.source.snapshot.ScanClient;
import io.ddbsync.source.snapshot.ScanPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A parallel Scan of some segments of a table under a read budget, as the source's snapshot reads:
 * every page waits for the budget, charges what it consumed, and a throttled call slows the rate
 * (the same {@link ReadBudget}). Pages are handed over through a small queue, so a slow warehouse
 * slows the Scan instead of filling memory.
 */
public final class BudgetedScan implements ItemPages {
  private static final List<Map<String, AttributeValue>> END = new ArrayList<>();

  private final ScanClient client;
  private final ReadBudget budget;
  private final int pageSize;
  private final ExecutorService threads;
  private final BlockingQueue<List<Map<String, AttributeValue>>> pages =
      new ArrayBlockingQueue<>(16);
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private int running;

  /**
   * Starts scanning {@code segments} of {@code totalSegments}.
   *
   * @param parallelism how many segments are read at once
   */
  public BudgetedScan(
      ScanClient client,
      ReadBudget budget,
      String table,
      List<Integer> segments,
      int totalSegments,
      int pageSize,
      int parallelism) {
    this.client = client;
    this.budget = budget;
    this.pageSize = pageSize;
    int threadCount = Math.max(1, Math.min(parallelism, segments.size()));
    this.threads =
        Executors.newFixedThreadPool(
            threadCount,
            runnable -> {
              Thread thread = new Thread(runnable, "ddbsync-reconcile-scan");
              thread.setDaemon(true);
              return thread;
            });
    List<List<Integer>> shares = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      shares.add(new ArrayList<>());
    }
    for (int i = 0; i < segments.size(); i++) {
      shares.get(i % threadCount).add(segments.get(i));
    }
    running = threadCount;
    for (List<Integer> share : shares) {
      threads.execute(() -> scanAll(table, share, totalSegments));
    }
  }

  /** The next page of items; null when every segment has been read. */
  @Override
  public List<Map<String, AttributeValue>> next() throws InterruptedException {
    while (running > 0) {
      List<Map<String, AttributeValue>> page = pages.poll(1, TimeUnit.SECONDS);
      if (failure.get() != null) {
        throw failure.get();
      }
      if (page == END) {
        running--;
      } else if (page != null) {
        return page;
      }
    }
    return null;
  }

  @Override
  public double consumedCapacity() {
    return budget.consumedTotal();
  }

  private void scanAll(String table, List<Integer> segments, int totalSegments) {
    try {
      for (int segment : segments) {
        Map<String, AttributeValue> start = null;
        do {
          ScanPage page = scanPage(table, segment, totalSegments, start);
          if (!page.items().isEmpty()) {
            pages.put(page.items());
          }
          start = page.lastEvaluatedKey();
        } while (start != null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    } finally {
      try {
        pages.put(END);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ScanPage scanPage(
      String table, int segment, int totalSegments, Map<String, AttributeValue> start)
      throws InterruptedException {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(20));
    while (true) {
      long wait = budget.nanosUntilAllowed();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      try {
        // Eventually consistent, like the source's default snapshot: half the capacity.
        ScanPage page = client.scan(table, segment, totalSegments, start, pageSize, false);
        budget.charge(page.consumedCapacity());
        return page;
      } catch (RuntimeException e) {
        AwsErrors.Kind kind = AwsErrors.classify(e);
        if (kind == AwsErrors.Kind.FATAL || backoff.attempts() >= 10) {
          throw e;
        }
        if (kind == AwsErrors.Kind.THROTTLED) {
          budget.throttled();
        }
        Thread.sleep(backoff.nextMillis());
      }
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
