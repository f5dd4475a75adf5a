package io.ddbsync.source.settings;

/**
 * What to do when the stream can no longer continue from the stored position: the records are
 * trimmed (older than the 24-hour retention), the stream was disabled, or the table got a new
 * stream ARN. Never skipping silently is the point of this setting.
 */
public enum LostPositionPolicy {
  /** Fail the task with a message that says what happened and how to recover. */
  FAIL,
  /** Take a new snapshot of the table, then stream from a position taken before it. */
  RESNAPSHOT,
  /**
   * Read the changes since the last position the stream was caught up to from DynamoDB's
   * incremental exports (point-in-time recovery must cover them), emit them as change events, then
   * stream again from the stream's oldest records; only changed items are read. Where that cannot
   * be done (a recreated table, a replaced stream, changes older than point-in-time recovery, no
   * export bucket) it takes a new snapshot instead, as RESNAPSHOT does.
   */
  INCREMENTAL_EXPORT
}
