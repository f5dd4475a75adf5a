package io.ddbsync.source.settings;

/** How a table's snapshot reads the table. */
public enum SnapshotMethod {
  /** A parallel Scan within the read budget: reads the table's capacity. */
  SCAN,
  /**
   * DynamoDB's export to S3 at a point in time (needs point-in-time recovery), read from S3 by all
   * tasks: reads no capacity.
   */
  EXPORT,
  /**
   * Chosen per table before its snapshot starts: EXPORT when point-in-time recovery is on and a
   * Scan within the read budget would take longer than {@code snapshot.auto.scan.max.hours}, else
   * SCAN. A table's marker keeps the choice for the whole snapshot.
   */
  AUTO
}
