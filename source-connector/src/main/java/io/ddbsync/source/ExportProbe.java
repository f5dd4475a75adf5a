package io.ddbsync.source;

import io.ddbsync.source.export.ExportClient;

/** What validate() asks AWS about exports: a table's point-in-time recovery, the export bucket. */
interface ExportProbe extends AutoCloseable {
  ExportClient.PointInTimeRecovery recovery(String table);

  /**
   * Checks that the connector may write (for DynamoDB, which writes the export with the caller's
   * permissions), list and read under {@code prefix} of {@code bucket}; returns what is wrong, or
   * null.
   *
   * @param owner the account expected to own the bucket, or null
   */
  String bucketProblem(String bucket, String owner, String prefix);

  @Override
  default void close() {}
}
