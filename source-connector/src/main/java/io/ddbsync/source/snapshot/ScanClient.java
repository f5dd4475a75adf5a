package io.ddbsync.source.snapshot;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The one data-plane call a snapshot makes; the SDK or a fake implements it. */
public interface ScanClient {
  ScanPage scan(
      String table,
      int segment,
      int totalSegments,
      Map<String, AttributeValue> exclusiveStartKey,
      int limit,
      boolean consistentRead);
}
