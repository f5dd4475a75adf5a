package io.ddbsync.source.settings;

/** Where streaming starts in STREAM_ONLY mode when no offset is stored yet. */
public enum StreamStartPosition {
  /** The oldest record still in the stream (up to 24 hours back). */
  TRIM_HORIZON,
  /** Only changes made after the connector started. */
  LATEST
}
