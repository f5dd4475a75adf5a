package io.ddbsync.sink.flatten;

/** Raised for a value that cannot be stored exactly under the configured policies. */
final class Unstorable extends Exception {
  private static final long serialVersionUID = 1L;

  Unstorable(String message) {
    super(message, null, false, false);
  }
}
