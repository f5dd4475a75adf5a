package io.ddbsync.source.stream;

/**
 * Unwinds a table's stream reader when it must stop streaming the table without failing the task.
 */
final class StopStreaming extends Exception {
  private static final long serialVersionUID = 1L;

  StopStreaming() {
    super(null, null, false, false);
  }
}
