package io.ddbsync.source.export;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ExportObjects} on the AWS SDK's S3 client. */
public final class S3ExportObjects implements ExportObjects, AutoCloseable {
  private final S3Client s3;

  public S3ExportObjects(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public InputStream open(String bucket, String key) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      throw new IOException("s3://" + bucket + "/" + key + " does not exist", e);
    } catch (SdkException e) {
      throw new IOException("Cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean exists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<String> list(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListObjectsV2Response page =
          s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(next));
      for (S3Object object : page.contents()) {
        keys.add(object.key());
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    keys.sort(null);
    return keys;
  }

  @Override
  public void close() {
    s3.close();
  }
}
