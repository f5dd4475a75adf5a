package io.ddbsync.source.stream;

import io.ddbsync.common.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * What a failed call on a shard (GetShardIterator, GetRecords) means for the shard's reading,
 * decided in one place: the reader acts on the outcome without looking at exception types.
 */
final class ShardCallFailure {
  private ShardCallFailure() {}

  /** The call that failed. */
  enum Call {
    GET_SHARD_ITERATOR,
    GET_RECORDS
  }

  /** What to do about a failed shard call. */
  sealed interface Outcome {}

  /** The iterator expired (they live 15 minutes): take a new one from the last sequence number. */
  record Renew() implements Outcome {}

  /**
   * The position aged out of the stream with nothing unread after it: the shard continues from its
   * oldest record.
   */
  record RestartFromTrimHorizon() implements Outcome {}

  /** The position aged out of the stream and changes after it may be gone. */
  record Lost() implements Outcome {}

  /** The shard is not in the stream as described: describe the stream again. */
  record Refresh() implements Outcome {}

  /** DynamoDB throttled the call: try the shard again after a wait. */
  record Throttled() implements Outcome {}

  /** Any other failure: retried with backoff, or the task fails once retries run out. */
  record RetryOrFail() implements Outcome {}

  /**
   * @param hasPosition whether the shard has a stored or read sequence number
   * @param trimmedPositionSafe whether, if the position was trimmed, nothing unread was lost
   *     ({@link HandoffRule#trimmedPositionLostNothing})
   */
  static Outcome classify(
      SdkException error, Call call, boolean hasPosition, boolean trimmedPositionSafe) {
    if (error instanceof ExpiredIteratorException && call == Call.GET_RECORDS) {
      return new Renew();
    }
    if (error instanceof TrimmedDataAccessException) {
      // An iterator from the shard's oldest record that is trimmed already has nothing to stand on;
      // records read from such an iterator simply aged out meanwhile.
      boolean lost =
          call == Call.GET_SHARD_ITERATOR
              ? !hasPosition || !trimmedPositionSafe
              : hasPosition && !trimmedPositionSafe;
      return lost ? new Lost() : new RestartFromTrimHorizon();
    }
    if (error instanceof ResourceNotFoundException) {
      return new Refresh();
    }
    if (AwsErrors.classify(error) == AwsErrors.Kind.THROTTLED) {
      return new Throttled();
    }
    return new RetryOrFail();
  }
}
