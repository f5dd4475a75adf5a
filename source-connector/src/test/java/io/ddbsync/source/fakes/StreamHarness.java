package io.ddbsync.source.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.plan.StreamWork;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.StreamStartPosition;
import io.ddbsync.source.stream.StreamProgress;
import io.ddbsync.source.stream.TableStreamReader;
import io.ddbsync.source.task.RecordQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.connect.source.SourceRecord;

/** Runs a TableStreamReader against fakes and collects what it emits, committing as it goes. */
public final class StreamHarness implements AutoCloseable {
  public static final String TABLE = "Orders";
  public static final String TABLE_ID = "table-id-1";
  public static final String STREAM =
      "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/1";
  public static final List<KeyAttribute> KEY =
      List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S));

  public final FakeStreamClient streams = new FakeStreamClient(STREAM);
  public final FakeCatalog catalog = new FakeCatalog();
  public final FakeOffsets offsets = new FakeOffsets();
  public final InMemorySchemaHistory history = new InMemorySchemaHistory();
  public final StreamProgress progress = new StreamProgress();
  public final List<SourceRecord> emitted = new ArrayList<>();

  /** Whether the reader announces the end of a snapshot on the table's topic. */
  public volatile boolean completionRecords = true;

  /** The partition count of the table's topic, as Kafka would tell it. */
  public volatile io.ddbsync.source.emit.TopicPartitions topicPartitions =
      io.ddbsync.source.emit.TopicPartitions.ONE;

  /** The readers' clock; tests move it to simulate hours of idleness. */
  public volatile Clock clock = Clock.systemUTC();

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private RecordQueue queue;
  private Thread thread;
  private volatile boolean running;

  public StreamHarness() {
    catalog.put(table(STREAM));
  }

  public static TableInfo table(String streamArn) {
    return new TableInfo(TABLE, TABLE_ID, KEY, streamArn, "NEW_AND_OLD_IMAGES", 0, 0, 0);
  }

  public static TableStreamReader.Settings settings(LostPositionPolicy policy) {
    return settings(policy, 1000);
  }

  public static TableStreamReader.Settings settings(LostPositionPolicy policy, int recordsPerCall) {
    return new TableStreamReader.Settings(
        Duration.ofMillis(20),
        recordsPerCall,
        Duration.ofMillis(50),
        Duration.ofMillis(20),
        policy,
        StreamStartPosition.TRIM_HORIZON,
        Duration.ofMillis(50),
        Duration.ofMillis(100));
  }

  public static StreamWork streamOnly() {
    return new StreamWork(TABLE, TABLE_ID, STREAM, false, 0, 4);
  }

  public static StreamWork afterSnapshot(int segments) {
    return new StreamWork(TABLE, TABLE_ID, STREAM, true, 0, segments);
  }

  /** Stops the reader (as a worker dies: nothing more is committed) and starts a new one. */
  public void restart(StreamWork work, TableStreamReader.Settings settings)
      throws InterruptedException {
    running = false;
    queue.close();
    thread.interrupt();
    thread.join(5_000);
    failure.set(null);
    start(work, settings);
  }

  public void start(StreamWork work, TableStreamReader.Settings settings) {
    queue = new RecordQueue(10_000, 64L << 20);
    running = true;
    TableEventModel model =
        new TableEventModel(TABLE, KEY, ModelSettings.defaults(), history, Clock.systemUTC());
    TableStreamReader reader =
        new TableStreamReader(
            work,
            streams,
            catalog,
            offsets,
            model,
            new ChangeRecords(
                new ChangeRecords.Settings("ddb.", "progress", false, completionRecords),
                topicPartitions),
            queue,
            settings,
            new Clock() {
              @Override
              public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }

              @Override
              public java.time.Instant instant() {
                return clock.instant();
              }
            },
            () -> running,
            progress);
    thread =
        new Thread(
            () -> {
              try {
                reader.run();
              } catch (Throwable e) {
                failure.set(e);
                queue.fail(e);
              }
            },
            "stream-reader-under-test");
    thread.start();
  }

  /** Drains until {@code done} holds for the data records emitted so far, or fails after 10 s. */
  public List<SourceRecord> awaitData(Predicate<List<SourceRecord>> done)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      drainOnce();
      if (done.test(data())) {
        return data();
      }
    }
    throw new AssertionError(
        "Timed out; emitted " + data().size() + " data records, failure " + failure.get());
  }

  /** Drains for a while and returns everything, for assertions that nothing more arrives. */
  public List<SourceRecord> drainFor(Duration duration) throws InterruptedException {
    long deadline = System.currentTimeMillis() + duration.toMillis();
    while (System.currentTimeMillis() < deadline) {
      drainOnce();
    }
    return data();
  }

  public Throwable awaitFailure() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline && failure.get() == null) {
      drainOnce();
    }
    assertThat(failure.get()).as("reader failure").isNotNull();
    return failure.get();
  }

  private void drainOnce() throws InterruptedException {
    try {
      List<SourceRecord> batch = queue.drain(1000, Duration.ofMillis(20));
      emitted.addAll(batch);
      offsets.commit(batch);
    } catch (RuntimeException failed) {
      Thread.sleep(5);
    }
  }

  /** The change records of items (not progress markers, not control records). */
  public List<SourceRecord> data() {
    return emitted.stream().filter(r -> r.topic().startsWith("ddb.") && r.key() != null).toList();
  }

  /** The control records on the table's topic (no key): the end of a snapshot. */
  public List<SourceRecord> controls() {
    return emitted.stream().filter(r -> r.topic().startsWith("ddb.") && r.key() == null).toList();
  }

  public List<SourceRecord> markers() {
    return emitted.stream().filter(r -> r.topic().equals("progress")).toList();
  }

  public Throwable failure() {
    return failure.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (queue != null) {
      queue.close();
    }
    if (thread != null) {
      thread.interrupt();
      thread.join(5_000);
    }
  }
}
