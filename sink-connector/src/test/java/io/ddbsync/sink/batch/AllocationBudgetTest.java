package io.ddbsync.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.Shapes;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.parquet.ParquetRows;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/**
 * A guard that is not a timing: the bytes the sink allocates per change event from {@code put()}
 * (routing and buffering) to the staged Parquet files (flattening, rows, encoding) stay under a
 * budget, counted by the JVM's per-thread allocation counter, which is the same on any machine and
 * under any load. A change that allocates more per record fails the build; the budget comes from
 * the measurement in docs/benchmarks.md ("Allocation per record") with about 30% margin, and is
 * lowered as the batch path gets leaner.
 */
class AllocationBudgetTest {
  private static final int RECORDS = 4_000;

  /**
   * Bytes per event of the shapes' orders (item, nested map, child and grandchild rows): 6,475
   * measured on 2026-12-07 with this test alone, 7,333 after the module's other tests in the same
   * JVM, plus a margin. It was 4,318 / 4,897 before buffered items were kept encoded (ItemSlab) and
   * read back as structs when the batch is built: about 2 KB more per event, all of it dead within
   * the batch's build, traded for a third of the heap each buffered record keeps (what garbage
   * collection copies; docs/benchmarks.md). 11,700 to 12,400 before SUPER values were written
   * straight from Connect values and rows straight to Parquet's column writers.
   */
  static final long BUDGET_BYTES_PER_EVENT = 8_100;

  @Test
  void bytesAllocatedPerEventFromPutToStagedFilesStayWithinTheBudget() {
    List<SinkRecord> records = new ArrayList<>();
    SinkEvents events = SinkEvents.orders();
    for (int i = 0; i < RECORDS; i++) {
      records.add(events.upsert(Shapes.order("o-" + i, "text " + i, false), 0, i));
    }
    // Warm-up: the JIT compiles the path first (its escape analysis changes what is allocated).
    for (int i = 0; i < 5; i++) {
      stage(records);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      stage(records);
      least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
    long perEvent = least / RECORDS;
    System.out.printf("Allocated per event, put() to staged files: %,d bytes%n", perEvent);
    assertThat(perEvent).isLessThanOrEqualTo(BUDGET_BYTES_PER_EVENT);
  }

  /** What a task and its staging threads do with a batch, on this thread. */
  private static long stage(List<SinkRecord> records) {
    BatchBuilder builder = Batches.builder();
    for (SinkRecord record : records) {
      builder.add(record, 0);
    }
    Batch batch = builder.build(builder.take("orders")).batch();
    TableLayout layout = batch.layout();
    long bytes =
        ParquetRows.write(
                columns(layout.columns()),
                batch.rows().upserts().rows(),
                CompressionCodecName.SNAPPY)
            .length;
    List<Column> keys =
        layout.keyColumns().stream()
            .map(k -> new Column(k.desiredName(), k.type(), k.fieldPath()))
            .toList();
    for (TableLayout.ChildLayout child : layout.children()) {
      bytes +=
          ParquetRows.write(
                  columns(layout.childColumns(child, keys)),
                  batch.rows().child(child.name()).rows(),
                  CompressionCodecName.SNAPPY)
              .length;
    }
    return bytes;
  }

  private static List<Column> columns(List<ColumnPlan> plans) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      columns.add(new Column("c" + i, plans.get(i).type(), plans.get(i).fieldPath()));
    }
    return columns;
  }
}
