package io.ddbsync.sink.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.batch.OffsetRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetBookTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private final OffsetBook book = new OffsetBook();

  @Test
  void aPartitionWithPendingRecordsCommitsUpToItsFirstPendingOffsetOnly() {
    book.processed(P0, 10);
    book.processed(P0, 19);
    book.processed(P1, 3);
    Map<TopicPartition, Long> pending = new HashMap<>();
    OffsetBook.addPending(pending, Map.of(P0, new OffsetRange(15, 19)));
    OffsetBook.addPending(pending, Map.of(P0, new OffsetRange(12, 14)));

    assertThat(book.committable(List.of(P0, P1), pending))
        .containsEntry(P0, new OffsetAndMetadata(12))
        .containsEntry(P1, new OffsetAndMetadata(4));
  }

  @Test
  void nothingIsOfferedForAPartitionNoRecordOfWhichWasSeen() {
    assertThat(book.committable(List.of(P0), Map.of())).isEmpty();
  }

  @Test
  void aRewindLowersWhatMayBeCommittedAndARevokedPartitionIsForgotten() {
    book.processed(P0, 99);
    book.processed(P1, 50);
    book.rewound(Map.of(P0, 40L));
    book.forget(List.of(P1));

    assertThat(book.committable(List.of(P0, P1), Map.of()))
        .containsOnlyKeys(P0)
        .containsEntry(P0, new OffsetAndMetadata(40));
  }
}
