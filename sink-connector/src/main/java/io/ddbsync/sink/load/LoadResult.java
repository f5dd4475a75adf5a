package io.ddbsync.sink.load;

/**
 * What a load did, for metrics.
 *
 * @param appended the upserts were all new keys and went straight into the target without a MERGE
 */
public record LoadResult(
    int upserts, int deletes, int childRows, long stagedBytes, boolean appended) {}
