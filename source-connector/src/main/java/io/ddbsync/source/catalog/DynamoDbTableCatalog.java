package io.ddbsync.source.catalog;

import io.ddbsync.common.event.KeyAttribute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** {@link TableCatalog} on the AWS SDK's DynamoDB client. */
public final class DynamoDbTableCatalog implements TableCatalog {
  private final DynamoDbClient client;
  private final boolean ownsClient;

  public DynamoDbTableCatalog(DynamoDbClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
  }

  @Override
  public List<String> listTables() {
    List<String> names = new ArrayList<>();
    String start = null;
    do {
      String exclusiveStart = start;
      ListTablesResponse page =
          client.listTables(b -> b.exclusiveStartTableName(exclusiveStart).limit(100));
      names.addAll(page.tableNames());
      start = page.lastEvaluatedTableName();
    } while (start != null);
    return names;
  }

  @Override
  public TableInfo describe(String table) {
    TableDescription description;
    try {
      description = client.describeTable(b -> b.tableName(table)).table();
    } catch (ResourceNotFoundException e) {
      return null;
    }
    Map<String, String> types = new HashMap<>();
    for (AttributeDefinition definition : description.attributeDefinitions()) {
      types.put(definition.attributeName(), definition.attributeTypeAsString());
    }
    List<KeyAttribute> key = new ArrayList<>(2);
    for (KeyType role : List.of(KeyType.HASH, KeyType.RANGE)) {
      for (KeySchemaElement element : description.keySchema()) {
        if (element.keyType() == role) {
          key.add(
              new KeyAttribute(
                  element.attributeName(),
                  KeyAttribute.ScalarType.valueOf(types.get(element.attributeName()))));
        }
      }
    }
    boolean streamEnabled =
        description.streamSpecification() != null
            && Boolean.TRUE.equals(description.streamSpecification().streamEnabled());
    boolean onDemand =
        description.billingModeSummary() != null
            && description.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    long readUnits =
        onDemand || description.provisionedThroughput() == null
            ? 0
            : orZero(description.provisionedThroughput().readCapacityUnits());
    String tableId =
        description.tableId() != null
            ? description.tableId()
            : table + "@" + description.creationDateTime().toEpochMilli();
    return new TableInfo(
        description.tableName(),
        tableId,
        key,
        streamEnabled ? description.latestStreamArn() : null,
        streamEnabled ? description.streamSpecification().streamViewTypeAsString() : null,
        orZero(description.itemCount()),
        orZero(description.tableSizeBytes()),
        readUnits,
        description.tableArn());
  }

  @Override
  public Map<String, String> tags(String table) {
    String arn = client.describeTable(b -> b.tableName(table)).table().tableArn();
    Map<String, String> tags = new HashMap<>();
    String token = null;
    do {
      String next = token;
      ListTagsOfResourceResponse page =
          client.listTagsOfResource(b -> b.resourceArn(arn).nextToken(next));
      for (Tag tag : page.tags()) {
        tags.put(tag.key(), tag.value());
      }
      token = page.nextToken();
    } while (token != null);
    return tags;
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
