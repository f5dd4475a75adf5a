package io.ddbsync.common.metrics;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.Sensor;

/**
 * A monotonic count (items, rows, batches, failures) that its owner reads as a number and that
 * {@link TaskMetrics#counter} publishes as a Kafka {@code Sensor}: {@code <name>-total} (the
 * cumulative count) and {@code <name>-rate} (per second over the metrics' sample window), which
 * Prometheus exporters turn into a counter and a gauge. Used like an {@code AtomicLong}.
 */
public final class Counter {
  private final AtomicLong value = new AtomicLong();
  private volatile Sensor sensor;

  public long incrementAndGet() {
    return addAndGet(1);
  }

  public long addAndGet(long delta) {
    long now = value.addAndGet(delta);
    Sensor bound = sensor;
    if (bound != null) {
      bound.record(delta);
    }
    return now;
  }

  public long get() {
    return value.get();
  }

  /** Publishes through {@code newSensor} from now on; what was counted before is recorded once. */
  synchronized void bind(Sensor newSensor) {
    long counted = value.get();
    if (counted != 0) {
      newSensor.record(counted);
    }
    sensor = newSensor;
  }
}
