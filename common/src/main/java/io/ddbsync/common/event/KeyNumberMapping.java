package io.ddbsync.common.event;

/**
 * How number (N) key attributes appear in the record key. The key schema of a table must never
 * change, so this is decided once per table by setting, not per item.
 */
public enum KeyNumberMapping {
  /** int64; a key value that is not an integer in range fails the task with a clear message. */
  INT64,
  /** A decimal with the model's decimal scale; values needing more digits fail the task. */
  DECIMAL,
  /** The exact decimal text of the number; holds every DynamoDB number. */
  STRING
}
