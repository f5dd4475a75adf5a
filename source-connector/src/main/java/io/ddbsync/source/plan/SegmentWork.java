package io.ddbsync.source.plan;

/**
 * One snapshot segment for a task to scan.
 *
 * @param readBudgetRcu this segment's share of the table's read budget, in RCU per second
 * @param expectedItems the table's item count divided by its segments, for progress estimates
 * @param averageItemBytes the table's average item size, to size pages to the budget
 */
public record SegmentWork(
    String table,
    String tableId,
    int epoch,
    int segment,
    int totalSegments,
    double readBudgetRcu,
    long expectedItems,
    long averageItemBytes) {}
