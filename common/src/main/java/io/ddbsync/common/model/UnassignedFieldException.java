package io.ddbsync.common.model;

/**
 * Raised when an item holds an attribute value for which the current schema has no field yet. The
 * caller records the missing assignments in the schema history and encodes again; the exception
 * carries no stack trace because it is an expected, cheap signal.
 */
public final class UnassignedFieldException extends Exception {
  private static final long serialVersionUID = 1L;

  UnassignedFieldException(String attribute) {
    super("No field yet for attribute '" + attribute + "'", null, false, false);
  }
}
