package io.ddbsync.sink.stage;

import java.util.List;

/**
 * A staged file in S3.
 *
 * @param uploaded the bytes that were uploaded, kept while their batch loads so that a dialect that
 *     loads the file itself (PostgreSQL) does not download its own upload again; null when unknown
 * @param rows the rows the file was written from, in its column order, kept (the batch holds them
 *     anyway until its load commits) so that such a dialect streams them without reading the file
 *     back; null when unknown (a file staged by another attempt)
 */
public record StagedObject(
    String bucket, String key, long size, byte[] uploaded, List<Object[]> rows) {
  public StagedObject(String bucket, String key, long size, byte[] uploaded) {
    this(bucket, key, size, uploaded, null);
  }

  public StagedObject(String bucket, String key, long size) {
    this(bucket, key, size, null, null);
  }

  /** The same object, with the rows it was written from. */
  public StagedObject withRows(List<Object[]> writtenFrom) {
    return new StagedObject(bucket, key, size, uploaded, writtenFrom);
  }

  public String uri() {
    return "s3://" + bucket + "/" + key;
  }
}
