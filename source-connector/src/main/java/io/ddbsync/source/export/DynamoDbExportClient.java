package io.ddbsync.source.export;

import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;
import software.amazon.awssdk.services.dynamodb.model.IncrementalExportSpecification;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;

/** {@link ExportClient} on the AWS SDK's DynamoDB client. */
public final class DynamoDbExportClient implements ExportClient {
  private final DynamoDbClient client;

  public DynamoDbExportClient(DynamoDbClient client) {
    this.client = client;
  }

  @Override
  public String request(Request request) {
    return client
        .exportTableToPointInTime(
            b -> {
              b.tableArn(request.tableArn())
                  .s3Bucket(request.bucket())
                  .s3Prefix(request.prefix())
                  .exportFormat(request.format().name())
                  .clientToken(request.clientToken());
              if (request.bucketOwner() != null) {
                b.s3BucketOwner(request.bucketOwner());
              }
              if (request.incremental()) {
                b.exportType(ExportType.INCREMENTAL_EXPORT)
                    .incrementalExportSpecification(
                        IncrementalExportSpecification.builder()
                            .exportFromTime(Instant.ofEpochMilli(request.incrementalFromMillis()))
                            .exportToTime(Instant.ofEpochMilli(request.incrementalToMillis()))
                            .exportViewType(ExportViewType.NEW_AND_OLD_IMAGES)
                            .build());
              } else {
                b.exportType(ExportType.FULL_EXPORT)
                    .exportTime(Instant.ofEpochMilli(request.exportTimeMillis()));
              }
            })
        .exportDescription()
        .exportArn();
  }

  @Override
  public ExportDescription describe(String exportArn) {
    var description = client.describeExport(b -> b.exportArn(exportArn)).exportDescription();
    boolean incremental = description.exportType() == ExportType.INCREMENTAL_EXPORT;
    Instant time =
        incremental && description.incrementalExportSpecification() != null
            ? description.incrementalExportSpecification().exportToTime()
            : description.exportTime();
    ExportFormat format =
        "ION".equals(description.exportFormatAsString())
            ? ExportFormat.ION
            : ExportFormat.DYNAMODB_JSON;
    return new ExportDescription(
        description.exportArn(),
        description.exportStatusAsString(),
        description.failureCode(),
        description.failureMessage(),
        time == null ? 0 : time.toEpochMilli(),
        description.s3Bucket(),
        description.s3Prefix() == null ? "" : description.s3Prefix(),
        description.exportManifest(),
        format,
        incremental,
        description.itemCount() == null ? -1 : description.itemCount());
  }

  @Override
  public PointInTimeRecovery pointInTimeRecovery(String table) {
    ContinuousBackupsDescription backups =
        client.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription();
    PointInTimeRecoveryDescription recovery =
        backups == null ? null : backups.pointInTimeRecoveryDescription();
    if (recovery == null
        || recovery.pointInTimeRecoveryStatus() != PointInTimeRecoveryStatus.ENABLED) {
      return PointInTimeRecovery.OFF;
    }
    Instant earliest = recovery.earliestRestorableDateTime();
    Instant latest = recovery.latestRestorableDateTime();
    return new PointInTimeRecovery(
        true,
        earliest == null ? 0 : earliest.toEpochMilli(),
        latest == null ? Long.MAX_VALUE : latest.toEpochMilli());
  }
}
