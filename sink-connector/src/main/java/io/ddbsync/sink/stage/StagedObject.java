package io.ddbsync.sink.stage;

/** A staged file in S3. */
public record StagedObject(String bucket, String key, long size) {
  public String uri() {
    return "s3://" + bucket + "/" + key;
  }
}
