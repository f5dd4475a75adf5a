package io.ddbsync.common.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts AWS failures into the three ways the connector handles them: throttling (slow down and
 * retry, for as long as it takes), transient (retry with backoff a bounded number of times) and
 * fatal (fail the task with a message saying what to change).
 */
public final class AwsErrors {
  /** How the connector reacts to a failure. */
  public enum Kind {
    THROTTLED,
    TRANSIENT,
    FATAL
  }

  private AwsErrors() {}

  public static Kind classify(Throwable error) {
    if (error instanceof AwsServiceException service) {
      if (service.isThrottlingException()
          || "LimitExceededException".equals(errorCode(service))
          || "RequestLimitExceeded".equals(errorCode(service))) {
        return Kind.THROTTLED;
      }
      return service.statusCode() >= 500 ? Kind.TRANSIENT : Kind.FATAL;
    }
    if (error instanceof SdkClientException) {
      // Connection failures, timeouts, interrupted reads: the network, not the request.
      return Kind.TRANSIENT;
    }
    if (error instanceof SdkException sdk && sdk.retryable()) {
      return Kind.TRANSIENT;
    }
    return Kind.FATAL;
  }

  public static String errorCode(AwsServiceException error) {
    return error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
  }
}
