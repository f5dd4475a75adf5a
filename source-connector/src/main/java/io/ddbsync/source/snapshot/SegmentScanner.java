package io.ddbsync.source.snapshot;

import io.ddbsync.common.aws.AwsErrors;
import io.ddbsync.common.aws.AwsRetry;
import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.ItemSize;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.emit.RecordSink;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.plan.SegmentWork;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Scans one snapshot segment from its stored position to the end, within the read budget.
 *
 * <p>Every record of a page carries the position of the page's start, except the last, which
 * carries the start of the next page (or "done"). A restart therefore resumes at the page where the
 * task stopped, re-emitting at most that page; re-emitted snapshot rows are harmless because
 * consumers apply changes per key in order. A segment that ends on an empty page writes its "done"
 * position through a progress record, since no item carries it.
 */
public final class SegmentScanner {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentScanner.class);
  private static final long ONE_MB = 1024 * 1024;

  /** The settings of the snapshot that every segment shares. */
  public record Settings(int pageSize, boolean consistentRead, Duration maxBackoff) {}

  private final SegmentWork work;
  private final ScanClient client;
  private final TableEventModel model;
  private final ChangeRecords records;
  private final RecordSink sink;
  private final ReadBudget budget;
  private final double pageBudgetRcu;
  private final Settings settings;
  private final Clock clock;
  private final SnapshotProgress progress;
  private final BooleanSupplier running;
  private final Map<String, Object> partition;

  public SegmentScanner(
      SegmentWork work,
      ScanClient client,
      TableEventModel model,
      ChangeRecords records,
      RecordSink sink,
      TaskReadBudgets.Share budget,
      Settings settings,
      Clock clock,
      SnapshotProgress progress,
      BooleanSupplier running) {
    this.work = work;
    this.client = client;
    this.model = model;
    this.records = records;
    this.sink = sink;
    this.budget = budget.budget();
    this.pageBudgetRcu = budget.perScanRcu();
    this.settings = settings;
    this.clock = clock;
    this.progress = progress;
    this.running = running;
    this.partition =
        SourcePartitions.segment(
            work.table(), work.tableId(), work.epoch(), work.segment(), work.totalSegments());
  }

  public Map<String, Object> partition() {
    return partition;
  }

  /** Scans to the end of the segment, or until the task stops. */
  public void run(SegmentPosition stored) throws InterruptedException {
    SegmentPosition position =
        stored == null
            ? SegmentPosition.start(clock.millis(), work.generationFloorMillis())
            : stored;
    if (position.done()) {
      progress.segmentDone(work.table());
      return;
    }
    if (stored != null) {
      LOG.info(
          "Resuming snapshot segment {}/{} of table {} after {} items",
          work.segment(),
          work.totalSegments(),
          work.table(),
          stored.items());
    }
    AwsRetry retry = new AwsRetry(Duration.ofMillis(100), settings.maxBackoff());
    int limit = pageLimit();
    while (running.getAsBoolean()) {
      long wait = budget.nanosUntilAllowed();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        continue;
      }
      ScanPage page;
      try {
        page =
            client.scan(
                work.table(),
                work.segment(),
                work.totalSegments(),
                position.resumeAfter(),
                limit,
                settings.consistentRead());
      } catch (SdkException e) {
        handleFailure(e, retry);
        continue;
      }
      retry.succeeded();
      budget.charge(page.consumedCapacity());
      SegmentPosition next = position.next(page.lastEvaluatedKey(), page.items().size());
      emitPage(page, position, next);
      position = next;
      if (position.done()) {
        progress.segmentDone(work.table());
        LOG.info(
            "Snapshot segment {}/{} of table {} done: {} items",
            work.segment(),
            work.totalSegments(),
            work.table(),
            position.items());
        return;
      }
    }
  }

  private void emitPage(ScanPage page, SegmentPosition pageStart, SegmentPosition next)
      throws InterruptedException {
    List<Map<String, AttributeValue>> items = page.items();
    Map<String, Object> startOffset = pageStart.toOffset();
    Map<String, Object> nextOffset = next.toOffset();
    long now = clock.millis();
    long pageBytes = 0;
    for (int i = 0; i < items.size(); i++) {
      Map<String, AttributeValue> item = items.get(i);
      long itemBytes = ItemSize.bytes(item);
      pageBytes += itemBytes;
      ChangeEvent event =
          SnapshotEvents.read(
              model,
              work.table(),
              work.segment(),
              item,
              clock.instant(),
              pageStart.generationMillis());
      Map<String, Object> offset = i == items.size() - 1 ? nextOffset : startOffset;
      for (SourceRecord record : records.records(model, event, partition, offset, now)) {
        sink.put(record, itemBytes);
      }
    }
    if (items.isEmpty() && next.done()) {
      sink.put(records.progress(partition, nextOffset, "snapshot segment done"), 64);
    }
    progress.page(work.table(), items.size(), pageBytes, page.consumedCapacity());
  }

  private void handleFailure(SdkException error, AwsRetry retry) throws InterruptedException {
    AwsRetry.Next next = retry.after(error);
    if (next.kind() == AwsErrors.Kind.THROTTLED) {
      budget.throttled();
      progress.throttled();
      LOG.debug(
          "Scan of {} segment {} throttled; read rate now {} RCU/s, retrying in {} ms",
          work.table(),
          work.segment(),
          String.format("%.1f", budget.currentRate()),
          next.waitMillis());
    } else if (next.givesUp() && next.kind() == AwsErrors.Kind.TRANSIENT) {
      throw new ConnectException(
          "Scan of table "
              + work.table()
              + " segment "
              + work.segment()
              + " kept failing after "
              + AwsRetry.MAX_TRANSIENT_RETRIES
              + " retries: "
              + error.getMessage(),
          error);
    } else if (next.givesUp()) {
      throw new ConnectException(
          "Scan of table "
              + work.table()
              + " failed: "
              + error.getMessage()
              + ". Check that the table exists and that the connector's role may call"
              + " dynamodb:Scan on it.",
          error);
    } else {
      LOG.warn(
          "Scan of {} segment {} failed ({}); retrying in {} ms",
          work.table(),
          work.segment(),
          error.getMessage(),
          next.waitMillis());
    }
    Thread.sleep(next.waitMillis());
  }

  /**
   * The Scan Limit: as configured, or, when unset and the budget is small, the number of items that
   * costs about two seconds of this scan's share of the budget, so that pages do not arrive in
   * large bursts.
   */
  int pageLimit() {
    if (settings.pageSize() > 0) {
      return settings.pageSize();
    }
    double unitsPerByte = (settings.consistentRead() ? 1.0 : 0.5) / 4096;
    double bytesPerTwoSeconds = 2 * pageBudgetRcu / unitsPerByte;
    if (bytesPerTwoSeconds >= ONE_MB) {
      return 0;
    }
    return (int) Math.max(1, bytesPerTwoSeconds / Math.max(1, work.averageItemBytes()));
  }
}
