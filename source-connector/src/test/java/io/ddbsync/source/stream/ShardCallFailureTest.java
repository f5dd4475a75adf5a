package io.ddbsync.source.stream;

import static io.ddbsync.source.stream.ShardCallFailure.Call.GET_RECORDS;
import static io.ddbsync.source.stream.ShardCallFailure.Call.GET_SHARD_ITERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

class ShardCallFailureTest {
  private static final TrimmedDataAccessException TRIMMED =
      TrimmedDataAccessException.builder().message("trimmed").build();

  @Test
  void anExpiredIteratorIsRenewedFromTheLastSequenceNumber() {
    assertThat(
            ShardCallFailure.classify(
                ExpiredIteratorException.builder().message("expired").build(),
                GET_RECORDS,
                true,
                false))
        .isInstanceOf(ShardCallFailure.Renew.class);
  }

  @Test
  void aTrimmedPositionIsLostUnlessNothingUnreadWasAfterIt() {
    assertThat(ShardCallFailure.classify(TRIMMED, GET_RECORDS, true, false))
        .isInstanceOf(ShardCallFailure.Lost.class);
    assertThat(ShardCallFailure.classify(TRIMMED, GET_RECORDS, true, true))
        .isInstanceOf(ShardCallFailure.RestartFromTrimHorizon.class);
    assertThat(ShardCallFailure.classify(TRIMMED, GET_SHARD_ITERATOR, true, false))
        .isInstanceOf(ShardCallFailure.Lost.class);
    assertThat(ShardCallFailure.classify(TRIMMED, GET_SHARD_ITERATOR, true, true))
        .isInstanceOf(ShardCallFailure.RestartFromTrimHorizon.class);
  }

  @Test
  void recordsOfAShardReadFromItsOldestRecordThatAgedOutRestartButAnIteratorThereIsLost() {
    // GetRecords without a position: what was read from TRIM_HORIZON aged out meanwhile.
    assertThat(ShardCallFailure.classify(TRIMMED, GET_RECORDS, false, false))
        .isInstanceOf(ShardCallFailure.RestartFromTrimHorizon.class);
    // GetShardIterator at TRIM_HORIZON refused as trimmed: nothing to stand on.
    assertThat(ShardCallFailure.classify(TRIMMED, GET_SHARD_ITERATOR, false, false))
        .isInstanceOf(ShardCallFailure.Lost.class);
  }

  @Test
  void aShardTheStreamDoesNotKnowMakesTheReaderDescribeTheStreamAgain() {
    ResourceNotFoundException missing =
        ResourceNotFoundException.builder().message("no such shard").build();
    assertThat(ShardCallFailure.classify(missing, GET_RECORDS, true, false))
        .isInstanceOf(ShardCallFailure.Refresh.class);
    assertThat(ShardCallFailure.classify(missing, GET_SHARD_ITERATOR, true, false))
        .isInstanceOf(ShardCallFailure.Refresh.class);
  }

  @Test
  void throttlingWaitsAndEverythingElseIsRetriedOrFails() {
    DynamoDbException throttled =
        (DynamoDbException)
            DynamoDbException.builder()
                .statusCode(400)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("LimitExceededException")
                        .errorMessage("slow down")
                        .build())
                .build();
    assertThat(ShardCallFailure.classify(throttled, GET_RECORDS, true, false))
        .isInstanceOf(ShardCallFailure.Throttled.class);
    assertThat(
            ShardCallFailure.classify(
                SdkClientException.create("connection reset"), GET_RECORDS, true, false))
        .isInstanceOf(ShardCallFailure.RetryOrFail.class);
    // An expired iterator is GetRecords' news only: from GetShardIterator it is just a failure.
    assertThat(
            ShardCallFailure.classify(
                ExpiredIteratorException.builder().message("expired").build(),
                GET_SHARD_ITERATOR,
                true,
                false))
        .isInstanceOf(ShardCallFailure.RetryOrFail.class);
  }
}
