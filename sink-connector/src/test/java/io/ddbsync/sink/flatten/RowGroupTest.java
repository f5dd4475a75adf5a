package io.ddbsync.sink.flatten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.SinkEvents;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RowGroupTest {
  @Test
  void aGroupsRowsAndRecordsAlwaysAgree() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"o-1"});
    assertThatThrownBy(() -> new RowGroup(rows, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 rows and 0 records");
  }

  @Test
  void aBuiltBatchsRowsCannotBeAppendedToDownstream() {
    SinkEvents events = SinkEvents.orders();
    RowBuilder.Rows rows =
        Batches.of(Batches.order(events, "o-1", 0, 0), Batches.order(events, "o-2", 0, 1)).rows();

    assertThat(rows.upserts().size()).isEqualTo(2);
    assertThatThrownBy(() -> rows.upserts().rows().add(new Object[] {"o-3"}))
        .isInstanceOf(UnsupportedOperationException.class);
    SinkRecord stray = Batches.order(events, "o-3", 0, 2);
    assertThatThrownBy(() -> rows.upserts().records().add(stray))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> rows.children().put("x", RowGroup.EMPTY))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
