package io.ddbsync.source.task;

import io.ddbsync.source.emit.RecordSink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The bounded hand-over between a task's reader threads and {@code poll()}. Readers block while it
 * holds its maximum number of records or bytes, so a slow Kafka never makes a task buffer without
 * limit. A reader's failure is stored and rethrown by the next {@code poll()}, which is how the
 * framework learns about it.
 */
public final class RecordQueue implements RecordSink {
  private record Entry(SourceRecord record, long bytes) {}

  private final int maxRecords;
  private final long maxBytes;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private long bytes;
  private Throwable failure;
  private boolean closed;

  public RecordQueue(int maxRecords, long maxBytes) {
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  @Override
  public void put(SourceRecord record, long recordBytes) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      // A record larger than the byte cap still goes through when the queue is empty.
      while (!closed
          && (entries.size() >= maxRecords
              || (!entries.isEmpty() && bytes + recordBytes > maxBytes))) {
        notFull.await();
      }
      if (closed) {
        throw new InterruptedException("The task is stopping");
      }
      entries.add(new Entry(record, recordBytes));
      bytes += recordBytes;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Up to {@code max} records, waiting at most {@code timeout} for the first; rethrows a reader's
   * failure once the records read before it have been handed out.
   */
  public List<SourceRecord> drain(int max, Duration timeout) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long remaining = timeout.toNanos();
      while (entries.isEmpty() && failure == null && !closed && remaining > 0) {
        remaining = notEmpty.awaitNanos(remaining);
      }
      if (entries.isEmpty() && failure != null) {
        // Never a RetriableException: Connect would poll again, and the reader is gone.
        throw failure instanceof ConnectException connect
                && !(failure instanceof org.apache.kafka.connect.errors.RetriableException)
            ? connect
            : new ConnectException(
                "A reader of this task failed: " + failure.getMessage(), failure);
      }
      List<SourceRecord> batch = new ArrayList<>(Math.min(max, entries.size()));
      while (!entries.isEmpty() && batch.size() < max) {
        Entry entry = entries.poll();
        bytes -= entry.bytes();
        batch.add(entry.record());
      }
      notFull.signalAll();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Stores the first failure of any reader; {@code poll()} rethrows it, never as retriable. */
  public void fail(Throwable error) {
    lock.lock();
    try {
      if (failure == null) {
        failure =
            error instanceof org.apache.kafka.connect.errors.RetriableException
                ? new ConnectException("A reader of this task failed: " + error.getMessage(), error)
                : error;
      }
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting reader, whose {@code put} then throws; used on stop. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      notFull.signalAll();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }
}
