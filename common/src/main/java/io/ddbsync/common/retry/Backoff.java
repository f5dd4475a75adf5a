package io.ddbsync.common.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff, capped: the wait doubles with each attempt from the first wait up to the
 * most. With jitter (readers of a shared service: many callers back off at once, and spreading them
 * helps), each wait is drawn between half the ceiling and the ceiling; without (one task's loads,
 * which wait for their own database), it is the ceiling. Both connectors retry by it.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final boolean jitter;
  private int attempt;

  /** With jitter. */
  public Backoff(Duration initial, Duration max) {
    this(initial, max, true);
  }

  private Backoff(Duration initial, Duration max, boolean jitter) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.jitter = jitter;
  }

  /** Without jitter: the first wait, then twice it, and so on, up to {@code max}. */
  public static Backoff exact(Duration initial, Duration max) {
    return new Backoff(initial, max, false);
  }

  /** The wait before the next retry; grows with every call until {@link #reset()}. */
  public long nextMillis() {
    long ceiling = Math.min(maxMillis, initialMillis << Math.min(attempt, 20));
    attempt++;
    return jitter ? ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1) : ceiling;
  }

  public int attempts() {
    return attempt;
  }

  public void reset() {
    attempt = 0;
  }
}
