package io.ddbsync.sink.stage;

/**
 * A staged file in S3.
 *
 * @param uploaded the bytes that were uploaded, kept while their batch loads so that a dialect that
 *     loads the file itself (PostgreSQL) does not download its own upload again; null when unknown
 */
public record StagedObject(String bucket, String key, long size, byte[] uploaded) {
  public StagedObject(String bucket, String key, long size) {
    this(bucket, key, size, null);
  }

  public String uri() {
    return "s3://" + bucket + "/" + key;
  }
}
