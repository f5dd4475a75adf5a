package io.ddbsync.common.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsRetryTest {
  private final AwsRetry retry = new AwsRetry(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void throttlingIsRetriedForAsLongAsItTakesWithGrowingWaits() {
    long longest = 0;
    for (int i = 0; i < 50; i++) {
      AwsRetry.Next next = retry.after(service(400, "ProvisionedThroughputExceededException"));
      assertThat(next.kind()).isEqualTo(AwsErrors.Kind.THROTTLED);
      assertThat(next.givesUp()).isFalse();
      longest = Math.max(longest, next.waitMillis());
    }
    assertThat(longest).isBetween(2_500L, 5_000L);
  }

  @Test
  void transientFailuresAreGivenUpAfterTheLimitInARowAndASuccessStartsAgain() {
    for (int i = 0; i < AwsRetry.MAX_TRANSIENT_RETRIES; i++) {
      assertThat(retry.after(SdkClientException.create("reset")).givesUp()).isFalse();
    }
    assertThat(retry.after(service(503, "ServiceUnavailable")).givesUp()).isTrue();

    retry.succeeded();
    assertThat(retry.failures()).isZero();
    assertThat(retry.after(service(500, "InternalServerError")).givesUp()).isFalse();
  }

  @Test
  void aFatalFailureIsNeverRetried() {
    AwsRetry.Next next = retry.after(service(400, "AccessDeniedException"));
    assertThat(next.kind()).isEqualTo(AwsErrors.Kind.FATAL);
    assertThat(next.givesUp()).isTrue();
  }

  private static AwsServiceException service(int status, String code) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
        .build();
  }
}
