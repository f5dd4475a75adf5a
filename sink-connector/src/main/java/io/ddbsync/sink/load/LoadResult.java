package io.ddbsync.sink.load;

/**
 * What a load did, for metrics.
 *
 * @param appended the upserts were all new keys and went straight into the target without a MERGE
 * @param snapshotCompleted the load completed a snapshot of the table (its end now announced on
 *     every partition): the table holds a whole snapshot, freshly bulk-loaded
 */
public record LoadResult(
    int upserts,
    int deletes,
    int childRows,
    long stagedBytes,
    boolean appended,
    boolean snapshotCompleted) {
  public LoadResult(int upserts, int deletes, int childRows, long stagedBytes, boolean appended) {
    this(upserts, deletes, childRows, stagedBytes, appended, false);
  }
}
