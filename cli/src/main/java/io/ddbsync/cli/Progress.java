package io.ddbsync.cli;

import io.ddbsync.cli.reconcile.TableReconciler;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on standard error with the rate and the time left: redrawn in place on a
 * terminal, a line every ten seconds otherwise (logs, CI). The item count DynamoDB reports is
 * updated about every six hours, so the ETA is an estimate.
 */
final class Progress implements TableReconciler.Progress {
  private static final int BAR = 30;

  private final PrintStream out;
  private final boolean enabled;
  private final boolean terminal;
  private final long intervalNanos;
  private long estimate;
  private long started;
  private long lastShown;

  Progress(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
    this.terminal = System.console() != null;
    this.intervalNanos = terminal ? 200_000_000L : 10_000_000_000L;
  }

  /** A table starts; {@code estimatedItems} is DynamoDB's count scaled to what is read. */
  void start(String table, long estimatedItems) {
    this.estimate = estimatedItems;
    this.started = System.nanoTime();
    this.lastShown = started;
  }

  @Override
  public void advanced(String table, long items) {
    long now = System.nanoTime();
    if (!enabled || now - lastShown < intervalNanos) {
      return;
    }
    lastShown = now;
    out.print((terminal ? "\r" : "") + line(table, items, now) + (terminal ? "" : "\n"));
    out.flush();
  }

  void finish(String table, long items) {
    if (enabled) {
      out.print((terminal ? "\r" : "") + line(table, items, System.nanoTime()) + "\n");
      out.flush();
    }
  }

  private String line(String table, long items, long now) {
    double seconds = Math.max(1e-3, (now - started) / 1e9);
    double rate = items / seconds;
    StringBuilder line = new StringBuilder(table).append(' ');
    if (estimate > 0) {
      double done = Math.min(1.0, (double) items / estimate);
      int filled = (int) Math.round(done * BAR);
      line.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
      line.append(String.format(Locale.ROOT, "%3.0f%% ", done * 100));
      long left = rate > 0 ? (long) Math.max(0, (estimate - items) / rate) : -1;
      line.append(
          String.format(Locale.ROOT, "%,d/~%,d items  %,.0f items/s", items, estimate, rate));
      if (left >= 0) {
        line.append(String.format(Locale.ROOT, "  ETA %d:%02d", left / 60, left % 60));
      }
    } else {
      line.append(String.format(Locale.ROOT, "%,d items  %,.0f items/s", items, rate));
    }
    return line.toString();
  }
}
