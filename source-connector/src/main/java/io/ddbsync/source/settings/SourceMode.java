package io.ddbsync.source.settings;

/** What the source connector reads. */
public enum SourceMode {
  /** Snapshot every table, then stream its changes from a position taken before the scan. */
  SNAPSHOT_THEN_STREAM,
  /** Only stream changes, from stream.start.position; no snapshot. */
  STREAM_ONLY,
  /** Only snapshot: a one-off migration that finishes, reports completion and then idles. */
  SNAPSHOT_ONLY
}
