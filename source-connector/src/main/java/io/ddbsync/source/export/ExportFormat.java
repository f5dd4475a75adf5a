package io.ddbsync.source.export;

/** The formats DynamoDB exports a table in (ExportTableToPointInTime's ExportFormat). */
public enum ExportFormat {
  DYNAMODB_JSON,
  ION
}
