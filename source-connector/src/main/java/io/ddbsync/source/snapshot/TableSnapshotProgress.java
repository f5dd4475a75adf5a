package io.ddbsync.source.snapshot;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One table's snapshot in one task: segments (or export files) assigned and done, items read
 * against DynamoDB's item count for them, and from the rate so far an estimate of the time left.
 */
public final class TableSnapshotProgress {
  private final LongSupplier nanoClock;
  private final AtomicInteger assigned = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong expectedItems = new AtomicLong();
  private final AtomicLong items = new AtomicLong();
  private final AtomicLong firstPageNanos = new AtomicLong(Long.MIN_VALUE);

  TableSnapshotProgress(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  void assigned(int parts, long expected) {
    assigned.addAndGet(parts);
    expectedItems.addAndGet(expected);
  }

  void page(long pageItems) {
    firstPageNanos.compareAndSet(Long.MIN_VALUE, nanoClock.getAsLong());
    items.addAndGet(pageItems);
  }

  void partDone() {
    done.incrementAndGet();
  }

  private boolean complete() {
    return assigned.get() > 0 && done.get() >= assigned.get();
  }

  /**
   * Percent done: items read of DynamoDB's item count (refreshed about every six hours, so an
   * estimate, capped below 100 until every part is done), or parts done when the count is unknown.
   */
  public double percentDone() {
    if (complete() || assigned.get() == 0) {
      return 100.0;
    }
    long expected = expectedItems.get();
    if (expected <= 0) {
      return 100.0 * done.get() / assigned.get();
    }
    return Math.min(99.9, 100.0 * items.get() / expected);
  }

  /**
   * Seconds left at the rate so far: 0 when done, -1 while unknown (nothing read yet, or no item
   * count to compare with).
   */
  public long etaSeconds() {
    if (complete() || assigned.get() == 0) {
      return 0;
    }
    long first = firstPageNanos.get();
    long read = items.get();
    long expected = expectedItems.get();
    if (first == Long.MIN_VALUE || read <= 0 || expected <= 0) {
      return -1;
    }
    double seconds = (nanoClock.getAsLong() - first) / 1e9;
    if (seconds <= 0) {
      return -1;
    }
    double perSecond = read / seconds;
    return (long) Math.ceil(Math.max(0, expected - read) / perSecond);
  }
}
