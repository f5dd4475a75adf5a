package io.ddbsync.sink.load;

import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What became of one load, decided in one place from what it returned or threw ({@link #of}): the
 * task acts on it without looking at exception types again. Like the source's {@code
 * AwsRetry.Next}.
 */
public sealed interface LoadOutcome {
  /** Committed. */
  record Loaded(LoadResult result) implements LoadOutcome {}

  /**
   * The database refused these rows (named by the load error tables or the COPY error): their
   * records go to the dead letter queue with {@code reason}, the rest loads again at once.
   */
  record Refused(List<SinkRecord> records, String reason, LoadFailure failure)
      implements LoadOutcome {}

  /**
   * The database refused a value without naming its row: halves of the batch are loaded until its
   * record is found.
   */
  record RefusedWithoutRow(String reason, LoadFailure failure) implements LoadOutcome {}

  /** Changes of older snapshot generations: not written, the rest loads again at once. */
  record Stale(StaleChanges changes) implements LoadOutcome {}

  /** Another source owns the table: it stops, the task goes on. */
  record Collision(TableCollision collision) implements LoadOutcome {}

  /** A failure a retry may cure: the batch is loaded again after a backoff. */
  record Transient(Exception error) implements LoadOutcome {}

  /** A failure no retry cures: the task fails with it. */
  record Fatal(Throwable error) implements LoadOutcome {}

  /** The outcome of a load that threw {@code error}, with {@code loader} naming transient ones. */
  static LoadOutcome of(Throwable error, Loader loader) {
    if (error instanceof LoadFailure failure && !failure.refusedRecords().isEmpty()) {
      return new Refused(
          failure.refusedRecords(),
          "The warehouse refused the row: " + failure.getMessage(),
          failure);
    }
    if (error instanceof LoadFailure failure && failure.refusedAValueWithoutItsRow()) {
      return new RefusedWithoutRow(
          "The warehouse refused a value of the record: " + failure.getMessage(), failure);
    }
    if (error instanceof StaleChanges stale) {
      return new Stale(stale);
    }
    if (error instanceof TableCollision collision) {
      return new Collision(collision);
    }
    if (error instanceof Exception exception && loader.isTransient(exception)) {
      return new Transient(exception);
    }
    return new Fatal(error);
  }
}
