package io.ddbsync.common.aws;

import io.ddbsync.common.retry.Backoff;
import java.time.Duration;

/**
 * The one retry rule for AWS calls, shared by every reader that calls AWS in a loop: throttling is
 * retried for as long as it takes, with a growing wait; a transient failure (a 5xx answer, the
 * network) is retried while fewer than {@link #MAX_TRANSIENT_RETRIES} failures came in a row; a
 * fatal one is never retried. The caller waits (or schedules) what it is told and words the failure
 * for the operator. How this combines with the SDK's own retries ({@code aws.max.attempts}): each
 * failure seen here already exhausted the SDK's attempts.
 */
public final class AwsRetry {
  /** Transient failures in a row after which a call is given up. */
  public static final int MAX_TRANSIENT_RETRIES = 10;

  /**
   * How to go on after a failure.
   *
   * @param waitMillis how long to wait before calling again; -1 when the call must not be retried
   */
  public record Next(AwsErrors.Kind kind, long waitMillis) {
    public boolean givesUp() {
      return waitMillis < 0;
    }
  }

  private final Backoff backoff;

  public AwsRetry(Duration initialWait, Duration maxWait) {
    this.backoff = new Backoff(initialWait, maxWait);
  }

  /** After a failed call: wait and retry, or give up (fatal, or transient too often). */
  public Next after(Throwable error) {
    AwsErrors.Kind kind = AwsErrors.classify(error);
    return switch (kind) {
      case THROTTLED -> new Next(kind, backoff.nextMillis());
      case TRANSIENT ->
          backoff.attempts() >= MAX_TRANSIENT_RETRIES
              ? new Next(kind, -1)
              : new Next(kind, backoff.nextMillis());
      case FATAL -> new Next(kind, -1);
    };
  }

  /** The wait after a throttled call that is handled without an exception in hand. */
  public long throttledWait() {
    return backoff.nextMillis();
  }

  /** A call succeeded: the next failure starts from the first wait again. */
  public void succeeded() {
    backoff.reset();
  }

  /** Failures since the last success. */
  public int failures() {
    return backoff.attempts();
  }
}
