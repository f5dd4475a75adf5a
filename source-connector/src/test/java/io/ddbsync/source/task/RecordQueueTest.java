package io.ddbsync.source.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RecordQueueTest {
  @Test
  void readersBlockWhileTheQueueHoldsItsMaximumBytes() throws Exception {
    RecordQueue queue = new RecordQueue(1000, 100);
    queue.put(record(1), 60);
    CountDownLatch put = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try {
                queue.put(record(2), 60);
                put.countDown();
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
            });
    reader.start();

    assertThat(put.await(200, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(queue.drain(10, Duration.ZERO)).hasSize(1);
    assertThat(put.await(2, TimeUnit.SECONDS)).isTrue();
    assertThat(queue.bytes()).isEqualTo(60);
  }

  @Test
  void readersBlockWhileTheQueueHoldsItsMaximumRecords() throws Exception {
    RecordQueue queue = new RecordQueue(2, 1L << 30);
    queue.put(record(1), 1);
    queue.put(record(2), 1);
    Thread reader =
        new Thread(
            () -> {
              try {
                queue.put(record(3), 1);
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
            });
    reader.start();
    reader.join(200);
    assertThat(reader.isAlive()).isTrue();
    queue.drain(1, Duration.ZERO);
    reader.join(2_000);
    assertThat(queue.size()).isEqualTo(2);
  }

  @Test
  void closingWakesBlockedReadersSoATaskStopsPromptly() throws Exception {
    RecordQueue queue = new RecordQueue(1, 1L << 30);
    queue.put(record(1), 1);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                queue.put(record(2), 1);
              } catch (InterruptedException e) {
                outcome.set(e);
              }
            });
    reader.start();
    Thread.sleep(100);
    long start = System.nanoTime();
    queue.close();
    reader.join(2_000);

    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aReadersFailureIsRethrownByPollAfterTheRecordsReadBeforeIt() throws Exception {
    RecordQueue queue = new RecordQueue(10, 1L << 30);
    queue.put(record(1), 1);
    queue.fail(new IllegalStateException("shard exploded"));

    assertThat(queue.drain(10, Duration.ZERO)).hasSize(1);
    assertThatThrownBy(() -> queue.drain(10, Duration.ZERO))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("shard exploded");
  }

  private static SourceRecord record(int i) {
    return new SourceRecord(null, null, "t", null, null, null, i);
  }
}
