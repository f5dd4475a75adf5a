package io.ddbsync.source.snapshot;

import java.util.function.LongSupplier;

/**
 * A read-capacity budget in RCU per second, enforced from the capacity DynamoDB reports it
 * consumed. Reading may go into debt by one page; the next page waits until the debt is paid back
 * at the current rate, so the average over any few seconds stays within the budget. A throttled
 * request halves the rate (down to 1/64 of the budget); the rate then recovers by a twentieth of
 * the budget per second.
 */
public final class ReadBudget {
  private static final double BURST_SECONDS = 1.0;
  private static final double RECOVERY_PER_SECOND = 0.05;
  private static final double FLOOR = 1.0 / 64;

  private final double budget;
  private final LongSupplier nanoClock;
  private double rate;
  private double balance;
  private long lastRefill;
  private double consumedTotal;

  public ReadBudget(double rcuPerSecond, LongSupplier nanoClock) {
    if (rcuPerSecond <= 0) {
      throw new IllegalArgumentException("A read budget must be positive, not " + rcuPerSecond);
    }
    this.budget = rcuPerSecond;
    this.rate = rcuPerSecond;
    this.nanoClock = nanoClock;
    this.lastRefill = nanoClock.getAsLong();
    this.balance = 0;
  }

  /** Nanoseconds to wait before the next request; 0 when reading may proceed now. */
  public synchronized long nanosUntilAllowed() {
    refill();
    if (balance >= 0) {
      return 0;
    }
    return (long) Math.ceil(-balance / rate * 1e9);
  }

  /** Records what a request consumed. */
  public synchronized void charge(double capacityUnits) {
    refill();
    balance -= capacityUnits;
    consumedTotal += capacityUnits;
  }

  /** Records that DynamoDB throttled a request: the table is busier than the budget assumed. */
  public synchronized void throttled() {
    refill();
    rate = Math.max(budget * FLOOR, rate / 2);
    balance = Math.min(balance, 0);
  }

  public synchronized double currentRate() {
    refill();
    return rate;
  }

  public double budget() {
    return budget;
  }

  public synchronized double consumedTotal() {
    return consumedTotal;
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    double seconds = (now - lastRefill) / 1e9;
    if (seconds <= 0) {
      return;
    }
    lastRefill = now;
    balance = Math.min(rate * BURST_SECONDS, balance + rate * seconds);
    rate = Math.min(budget, rate + budget * RECOVERY_PER_SECOND * seconds);
  }
}
