package io.ddbsync.source.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/**
 * Tasks start together and race to create the schema history topic; the loser can see the topic as
 * unknown for a moment. That must be waited out, because an exception from a task's start() kills
 * the task (and with it its snapshot segments and shards) until someone restarts it.
 */
class KafkaSchemaHistoryRetryTest {
  private final List<Long> pauses = new ArrayList<>();

  @Test
  void aTopicThatTheBrokerDoesNotKnowYetIsWaitedFor() throws Exception {
    int[] attempts = {0};
    String described =
        KafkaSchemaHistory.retryWhileRetriable(
            () -> {
              if (++attempts[0] < 4) {
                throw new ExecutionException(
                    new UnknownTopicOrPartitionException("This server does not host it"));
              }
              return "_ddbsync_schema_history";
            },
            Duration.ofSeconds(60),
            pauses::add);

    assertThat(described).isEqualTo("_ddbsync_schema_history");
    assertThat(pauses).as("growing pauses between attempts").containsExactly(50L, 100L, 200L);
  }

  @Test
  void aNonRetriableErrorIsThrownAtOnce() {
    assertThatThrownBy(
            () ->
                KafkaSchemaHistory.retryWhileRetriable(
                    () -> {
                      throw new ExecutionException(new TopicAuthorizationException("denied"));
                    },
                    Duration.ofSeconds(60),
                    pauses::add))
        .hasCauseInstanceOf(TopicAuthorizationException.class);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aRetriableErrorThatOutlastsTheTimeoutIsThrown() {
    assertThatThrownBy(
            () ->
                KafkaSchemaHistory.retryWhileRetriable(
                    () -> {
                      throw new ExecutionException(new UnknownTopicOrPartitionException("gone"));
                    },
                    Duration.ofMillis(300),
                    millis -> {
                      pauses.add(millis);
                      Thread.sleep(millis);
                    }))
        .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    assertThat(pauses).isNotEmpty().allMatch(pause -> pause <= 300);
  }
}
