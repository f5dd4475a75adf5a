package io.ddbsync.source.plan;

/**
 * One snapshot segment for a task to scan.
 *
 * @param readBudgetRcu this segment's share of the table's read budget, in RCU per second
 * @param expectedItems the table's item count divided by its segments, for progress estimates
 * @param averageItemBytes the table's average item size, to size pages to the budget
 * @param recordsPlan whether the task scanning this segment records the table's plan (epoch and
 *     segment count) in the table's marker before scanning: in SNAPSHOT_ONLY mode no stream reader
 *     does, and without it a restart or a new tasks.max would plan other segments and scan again
 * @param generationFloorMillis the lowest snapshot generation this segment's rows may carry, from
 *     the table's marker (newer than any generation the table was given before); 0 for none
 */
public record SegmentWork(
    String table,
    String tableId,
    int epoch,
    int segment,
    int totalSegments,
    double readBudgetRcu,
    long expectedItems,
    long averageItemBytes,
    boolean recordsPlan,
    long generationFloorMillis) {

  public SegmentWork(
      String table,
      String tableId,
      int epoch,
      int segment,
      int totalSegments,
      double readBudgetRcu,
      long expectedItems,
      long averageItemBytes,
      boolean recordsPlan) {
    this(
        table,
        tableId,
        epoch,
        segment,
        totalSegments,
        readBudgetRcu,
        expectedItems,
        averageItemBytes,
        recordsPlan,
        0);
  }

  public SegmentWork(
      String table,
      String tableId,
      int epoch,
      int segment,
      int totalSegments,
      double readBudgetRcu,
      long expectedItems,
      long averageItemBytes) {
    this(
        table,
        tableId,
        epoch,
        segment,
        totalSegments,
        readBudgetRcu,
        expectedItems,
        averageItemBytes,
        false);
  }
}
