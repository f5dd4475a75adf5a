package io.ddbsync.source.snapshot;

import io.ddbsync.common.model.ItemSize;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * {@link ScanClient} on the AWS SDK. A table scanned in one segment is scanned without {@code
 * Segment}/{@code TotalSegments}: the same items, one less thing for the service to hash.
 */
public final class DynamoDbScanClient implements ScanClient {
  private final DynamoDbClient client;

  public DynamoDbScanClient(DynamoDbClient client) {
    this.client = client;
  }

  @Override
  public ScanPage scan(
      String table,
      int segment,
      int totalSegments,
      Map<String, AttributeValue> exclusiveStartKey,
      int limit,
      boolean consistentRead) {
    ScanRequest.Builder request =
        ScanRequest.builder()
            .tableName(table)
            .consistentRead(consistentRead)
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    if (totalSegments > 1) {
      request.segment(segment).totalSegments(totalSegments);
    }
    if (exclusiveStartKey != null && !exclusiveStartKey.isEmpty()) {
      request.exclusiveStartKey(exclusiveStartKey);
    }
    if (limit > 0) {
      request.limit(limit);
    }
    ScanResponse response = client.scan(request.build());
    double consumed =
        response.consumedCapacity() != null && response.consumedCapacity().capacityUnits() != null
            ? response.consumedCapacity().capacityUnits()
            : estimate(response, consistentRead);
    return new ScanPage(
        response.items(),
        response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null,
        consumed);
  }

  /** DynamoDB always reports consumption when asked; this is for emulators that do not. */
  private static double estimate(ScanResponse response, boolean consistentRead) {
    long bytes = 0;
    for (Map<String, AttributeValue> item : response.items()) {
      bytes += ItemSize.bytes(item);
    }
    double units = Math.max(1, Math.ceil(bytes / 4096.0));
    return consistentRead ? units : units / 2;
  }
}
