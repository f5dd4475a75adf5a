package io.ddbsync.sink.flatten;

/** What a column holds and how its value is taken from a change event. */
public enum ColumnRole {
  /** A primary key attribute. */
  KEY,
  /** A scalar attribute, converted to the column type. */
  VALUE,
  /** A string attribute parsed as an ISO-8601 date-time, stored in UTC. */
  TIMESTAMP,
  /** A map, list, set or DynamoDB JSON value stored as plain JSON (SUPER, JSONB). */
  JSON,
  /** True where the attribute was present as DynamoDB NULL. */
  NULL_MARKER,
  /** A child row's position in its list. */
  POSITION,
  /** A scalar list element in a child table. */
  ELEMENT,
  /** The time of the change (stream record creation, or snapshot read). */
  EVENT_TIME,
  /**
   * The start of the snapshot the row's change belongs to (its generation): rows older than a
   * completed snapshot are of items it did not find.
   */
  SNAPSHOT_START,
  /** Soft delete flag. */
  DELETED,
  /** Soft delete time. */
  DELETED_AT,
  /** Set when a soft-deleted row's item expired by its time to live. */
  EXPIRED,
  /** Set when a value was cut by the TRUNCATE overflow policy. */
  TRUNCATED,
  /** A string too long for VARCHAR, kept whole (SUPER overflow policy). */
  OVERFLOW
}
