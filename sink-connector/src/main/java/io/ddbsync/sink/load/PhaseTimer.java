package io.ddbsync.sink.load;

/** Where a load's time went, for the debug log: milliseconds per phase. */
final class PhaseTimer {
  private final StringBuilder phases = new StringBuilder();
  private long last = System.nanoTime();

  void mark(String phase) {
    long now = System.nanoTime();
    if (phases.length() > 0) {
      phases.append(", ");
    }
    phases.append(phase).append(' ').append((now - last) / 1_000_000).append(" ms");
    last = now;
  }

  @Override
  public String toString() {
    return phases.toString();
  }
}
