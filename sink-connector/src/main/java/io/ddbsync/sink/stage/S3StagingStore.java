package io.ddbsync.sink.stage;

import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * {@link StagingStore} on S3. Objects are overwritten by key, so a retried batch never duplicates.
 */
public final class S3StagingStore implements StagingStore {
  private final S3Client s3;
  private final String bucket;

  public S3StagingStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public StagedObject put(String key, byte[] data) {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/vnd.apache.parquet"),
        RequestBody.fromBytes(data));
    return new StagedObject(bucket, key, data.length, data);
  }

  @Override
  public byte[] get(StagedObject object) {
    return s3.getObjectAsBytes(b -> b.bucket(object.bucket()).key(object.key())).asByteArray();
  }

  @Override
  public void delete(List<StagedObject> objects) {
    if (objects.isEmpty()) {
      return;
    }
    List<ObjectIdentifier> keys =
        objects.stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
    s3.deleteObjects(
        b -> b.bucket(bucket).delete(Delete.builder().objects(keys).quiet(true).build()));
  }

  @Override
  public void check() {
    s3.headBucket(b -> b.bucket(bucket));
  }

  @Override
  public void close() {
    s3.close();
  }
}
