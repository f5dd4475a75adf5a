package io.ddbsync.source.fakes;

import io.ddbsync.source.snapshot.ScanClient;
import io.ddbsync.source.snapshot.ScanPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * A one-segment table scanned in key order with fixed page sizes, which can throttle calls and
 * report a chosen consumed capacity per page. Items are keyed by {@code pk}.
 */
public final class FakeScanClient implements ScanClient {
  private final List<Map<String, AttributeValue>> items = new ArrayList<>();
  private final int pageSize;
  public double capacityPerPage = 1.0;
  public int throttleEveryNthCall;
  public boolean endWithEmptyPage;
  public int calls;
  public int throttled;
  public final List<Map<String, AttributeValue>> startKeys = new ArrayList<>();

  public FakeScanClient(int itemCount, int pageSize) {
    for (int i = 0; i < itemCount; i++) {
      items.add(
          Map.of(
              "pk", AttributeValue.fromS(String.format("item-%05d", i)),
              "n", AttributeValue.fromN(Integer.toString(i))));
    }
    this.pageSize = pageSize;
  }

  @Override
  public synchronized ScanPage scan(
      String table,
      int segment,
      int totalSegments,
      Map<String, AttributeValue> exclusiveStartKey,
      int limit,
      boolean consistentRead) {
    calls++;
    if (throttleEveryNthCall > 0 && calls % throttleEveryNthCall == 0) {
      throttled++;
      throw ProvisionedThroughputExceededException.builder()
          .message("throttled")
          .statusCode(400)
          .awsErrorDetails(
              AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
          .build();
    }
    startKeys.add(exclusiveStartKey);
    int start = 0;
    if (exclusiveStartKey != null) {
      String after = exclusiveStartKey.get("pk").s();
      while (start < items.size() && items.get(start).get("pk").s().compareTo(after) <= 0) {
        start++;
      }
    }
    int end = Math.min(items.size(), start + pageSize);
    List<Map<String, AttributeValue>> page = new ArrayList<>(items.subList(start, end));
    boolean more = end < items.size() || (endWithEmptyPage && !page.isEmpty());
    Map<String, AttributeValue> lastKey =
        more && !page.isEmpty() ? Map.of("pk", page.get(page.size() - 1).get("pk")) : null;
    return new ScanPage(page, lastKey, capacityPerPage);
  }
}
