package io.ddbsync.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.source.snapshot.DynamoDbScanClient;
import io.ddbsync.source.snapshot.ScanPage;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The SDK scan client against moto, for what the fake cannot show: the requests DynamoDB gets. */
class ScanClientIT {
  @Test
  void aTableScannedInOneSegmentIsScannedWithoutSegmentParametersSoBinaryKeysWork() {
    DynamoDbClient dynamo = MotoServer.sharedOrSkip().dynamoDb();
    String table = "BinaryKeys" + System.nanoTime();
    DynamoTables.create(dynamo, table, List.of(Map.entry("Id", ScalarAttributeType.B)));
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(
          Map.of(
              "Id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, (byte) i})),
              "N", AttributeValue.fromN(Integer.toString(i))));
    }
    DynamoTables.putAll(dynamo, table, items);

    // moto answers HTTP 500 to Segment/TotalSegments on a binary key (its hashing bug); real
    // DynamoDB does not, and a one-segment scan needs neither.
    DynamoDbScanClient scans = new DynamoDbScanClient(dynamo);
    List<Map<String, AttributeValue>> read = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      ScanPage page = scans.scan(table, 0, 1, start, 7, false);
      read.addAll(page.items());
      start = page.lastEvaluatedKey();
    } while (start != null);

    assertThat(read).hasSize(30);
  }
}
