package io.ddbsync.sink.batch;

/**
 * One partition's announcement that a snapshot generation is complete: every snapshot row of that
 * partition came before it.
 *
 * @param generationMicros the snapshot's generation, in microseconds since the epoch
 * @param partition the (original) partition of the topic the announcement came on
 * @param partitions how many partitions the topic had, each announcing the same; 0 when the topic
 *     had none (no partition holds a row of the snapshot); -1 when the source did not say (a
 *     version that announced the end on one partition only, which proves nothing of the others)
 */
public record SnapshotEnd(long generationMicros, int partition, int partitions) {
  /** Whether the announcement says how many partitions announce the same. */
  public boolean countsPartitions() {
    return partitions >= 0;
  }
}
