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
  RESNAPSHOT
}
