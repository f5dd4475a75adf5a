package io.ddbsync.common.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, capped. */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private int attempt;

  public Backoff(Duration initial, Duration max) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
  }

  /** The wait before the next retry; grows with every call until {@link #reset()}. */
  public long nextMillis() {
    long ceiling = Math.min(maxMillis, initialMillis << Math.min(attempt, 20));
    attempt++;
    return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
  }

  public int attempts() {
    return attempt;
  }

  public void reset() {
    attempt = 0;
  }
}
