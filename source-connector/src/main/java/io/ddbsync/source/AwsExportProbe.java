package io.ddbsync.source;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.source.export.DynamoDbExportClient;
import io.ddbsync.source.export.ExportClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link ExportProbe} on the AWS SDK: DescribeContinuousBackups, and a probe object in S3. */
final class AwsExportProbe implements ExportProbe {
  /** The object validate() writes and deletes again, to prove the bucket takes writes. */
  static final String PROBE = "_ddbsync_validate";

  private final DynamoDbClient dynamoDb;
  private final S3Client s3;
  private final ExportClient exports;

  AwsExportProbe(AwsSettings aws) {
    this.dynamoDb = aws.configure(DynamoDbClient.builder()).build();
    this.s3 = aws.configure(S3Client.builder()).forcePathStyle(aws.endpoint() != null).build();
    this.exports = new DynamoDbExportClient(dynamoDb);
  }

  @Override
  public ExportClient.PointInTimeRecovery recovery(String table) {
    return exports.pointInTimeRecovery(table);
  }

  @Override
  public String bucketProblem(String bucket, String owner, String prefix) {
    String key =
        (prefix == null || prefix.isBlank() ? "" : prefix.replaceAll("/+$", "") + "/") + PROBE;
    try {
      s3.headBucket(b -> b.bucket(bucket).expectedBucketOwner(owner));
      s3.listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1).expectedBucketOwner(owner));
      s3.putObject(
          b -> b.bucket(bucket).key(key).expectedBucketOwner(owner), RequestBody.fromString("ok"));
      s3.getObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(owner)).close();
      s3.deleteObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(owner));
      return null;
    } catch (NoSuchBucketException e) {
      return "The export bucket " + bucket + " does not exist (or not in the tables' region)";
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return "The export bucket " + bucket + " does not exist (or not in the tables' region)";
      }
      return "Cannot use the export bucket "
          + bucket
          + (owner != null ? " (owner " + owner + ")" : "")
          + ": "
          + e.awsErrorDetails().errorMessage()
          + ". The connector's role needs s3:PutObject (DynamoDB writes exports with the"
          + " caller's permissions), s3:GetObject and s3:ListBucket on it.";
    } catch (SdkException | java.io.IOException e) {
      return "Cannot reach the export bucket " + bucket + ": " + e.getMessage();
    }
  }

  @Override
  public void close() {
    s3.close();
    dynamoDb.close();
  }
}
