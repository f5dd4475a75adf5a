package io.ddbsync.source.export;

/**
 * DynamoDB's export calls: ExportTableToPointInTime, DescribeExport, and the point-in-time recovery
 * window exports read from (DescribeContinuousBackups). A fake implements it in unit tests; moto
 * serves the first two in integration tests.
 */
public interface ExportClient {
  /**
   * A full or incremental export of a table.
   *
   * @param exportTimeMillis the point in time of a full export (whole seconds)
   * @param incrementalFromMillis for an incremental export: the start of its window, inclusive; 0
   *     for a full export
   * @param incrementalToMillis for an incremental export: the end of its window, exclusive
   * @param clientToken makes the request idempotent: the same token with the same parameters gets
   *     the same export back (for 8 hours after it completes), so a restart never asks twice
   * @param bucketOwner the account that owns the bucket, or null for the caller's
   */
  record Request(
      String tableArn,
      long exportTimeMillis,
      long incrementalFromMillis,
      long incrementalToMillis,
      String bucket,
      String bucketOwner,
      String prefix,
      ExportFormat format,
      String clientToken) {
    public boolean incremental() {
      return incrementalFromMillis > 0;
    }
  }

  /**
   * A table's point-in-time recovery: whether it is on, and the window exports may read.
   *
   * @param earliestMillis the earliest restorable time, 0 when recovery is off
   * @param latestMillis the latest restorable time, 0 when recovery is off
   */
  record PointInTimeRecovery(boolean enabled, long earliestMillis, long latestMillis) {
    public static final PointInTimeRecovery OFF = new PointInTimeRecovery(false, 0, 0);

    /** Whether the window holds every point from {@code fromMillis} to {@code toMillis}. */
    public boolean covers(long fromMillis, long toMillis) {
      return enabled && earliestMillis <= fromMillis && toMillis <= latestMillis;
    }
  }

  /** Requests an export and returns its ARN. */
  String request(Request request);

  ExportDescription describe(String exportArn);

  PointInTimeRecovery pointInTimeRecovery(String table);
}
