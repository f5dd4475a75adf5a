package io.ddbsync.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Creating, filling and reading DynamoDB tables in tests. */
public final class DynamoTables {
  private DynamoTables() {}

  /** A table with a string partition key and a NEW_AND_OLD_IMAGES stream. */
  public static void create(
      DynamoDbClient client, String table, String partitionKey, long readUnits) {
    var builder =
        software.amazon.awssdk.services.dynamodb.model.CreateTableRequest.builder()
            .tableName(table)
            .attributeDefinitions(
                AttributeDefinition.builder()
                    .attributeName(partitionKey)
                    .attributeType(ScalarAttributeType.S)
                    .build())
            .keySchema(
                KeySchemaElement.builder()
                    .attributeName(partitionKey)
                    .keyType(KeyType.HASH)
                    .build())
            .streamSpecification(
                s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
    if (readUnits > 0) {
      builder.provisionedThroughput(
          p -> p.readCapacityUnits(readUnits).writeCapacityUnits(readUnits));
    } else {
      builder.billingMode(BillingMode.PAY_PER_REQUEST);
    }
    client.createTable(builder.build());
  }

  /**
   * A table with the given key (one or two attributes: partition key, then sort key, each with its
   * type S, N or B) and a NEW_AND_OLD_IMAGES stream, on demand.
   */
  public static void create(
      DynamoDbClient client, String table, List<Map.Entry<String, ScalarAttributeType>> key) {
    List<AttributeDefinition> definitions = new ArrayList<>();
    List<KeySchemaElement> schema = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      definitions.add(
          AttributeDefinition.builder()
              .attributeName(key.get(i).getKey())
              .attributeType(key.get(i).getValue())
              .build());
      schema.add(
          KeySchemaElement.builder()
              .attributeName(key.get(i).getKey())
              .keyType(i == 0 ? KeyType.HASH : KeyType.RANGE)
              .build());
    }
    client.createTable(
        b ->
            b.tableName(table)
                .attributeDefinitions(definitions)
                .keySchema(schema)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
  }

  public static void putAll(
      DynamoDbClient client, String table, List<Map<String, AttributeValue>> items) {
    for (int start = 0; start < items.size(); start += 25) {
      List<WriteRequest> batch = new ArrayList<>();
      for (Map<String, AttributeValue> item :
          items.subList(start, Math.min(items.size(), start + 25))) {
        batch.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
      }
      Map<String, List<WriteRequest>> pending = Map.of(table, batch);
      while (!pending.isEmpty()) {
        Map<String, List<WriteRequest>> request = pending;
        pending = client.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
      }
    }
  }

  public static List<Map<String, AttributeValue>> scanAll(DynamoDbClient client, String table) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      ScanResponse page =
          client.scan(
              b -> b.tableName(table).consistentRead(true).exclusiveStartKey(exclusiveStart));
      items.addAll(page.items());
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return items;
  }
}
