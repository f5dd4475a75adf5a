package io.ddbsync.cli;

import io.ddbsync.cli.reconcile.BudgetedScan;
import io.ddbsync.cli.reconcile.TableReconciler;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.SchemaHistory;
import io.ddbsync.source.DynamoDbSourceConfig;
import io.ddbsync.source.catalog.DynamoDbTableCatalog;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.catalog.TableSelector;
import io.ddbsync.source.history.KafkaSchemaHistory;
import io.ddbsync.source.plan.WorkPlanner;
import io.ddbsync.source.snapshot.DynamoDbScanClient;
import io.ddbsync.source.snapshot.ReadBudget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * DynamoDB as the source connector's configuration reaches it: the same tables (names, patterns,
 * tags), the same read budget rules, the same topics, and the source's schema history (read once,
 * never written) so that items are encoded with the field names they have in the topics.
 */
public final class SourceSide implements TableReconciler.ItemSource, AutoCloseable {
  private final DynamoDbSourceConfig config;
  private final DynamoDbClient dynamoDb;
  private final DynamoDbTableCatalog catalog;
  private final double budgetPercent;
  private final double budgetRcu;
  private SchemaHistory history;
  private double getCapacity;
  private software.amazon.awssdk.services.s3.S3Client s3;

  /**
   * @param budgetPercent the share of a provisioned table's read capacity the tool may use; NaN for
   *     the source's snapshot.read.budget.percent
   * @param budgetRcu the read units per second the tool may use on an on-demand table; NaN for the
   *     source's snapshot.read.budget.rcu
   */
  public SourceSide(DynamoDbSourceConfig config, double budgetPercent, double budgetRcu) {
    this.config = config;
    this.dynamoDb = config.aws().configure(DynamoDbClient.builder()).build();
    this.catalog = new DynamoDbTableCatalog(dynamoDb, false);
    this.budgetPercent = Double.isNaN(budgetPercent) ? config.budgetPercent() : budgetPercent;
    this.budgetRcu = Double.isNaN(budgetRcu) ? config.budgetOnDemandRcu() : budgetRcu;
  }

  public DynamoDbSourceConfig config() {
    return config;
  }

  /** The tables the source reads (or those of {@code only}, when given), described. */
  public List<TableInfo> tables(List<String> only) {
    List<String> names =
        only.isEmpty()
            ? new TableSelector(
                    config.tables(),
                    config.includePattern(),
                    config.excludePattern(),
                    config.requiredTags())
                .select(catalog)
            : only;
    List<TableInfo> tables = new ArrayList<>();
    for (String name : names) {
      TableInfo info = catalog.describe(name);
      if (info == null) {
        throw new IllegalArgumentException("DynamoDB has no table " + name);
      }
      tables.add(info);
    }
    return tables;
  }

  /**
   * Kafka client settings for reading the pipeline's topics: the source's schema.history.kafka.*
   * settings (its cluster and security), with {@code bootstrapServers} instead of its brokers when
   * given.
   */
  public static Map<String, Object> kafkaClientConfig(
      DynamoDbSourceConfig config, String bootstrapServers) {
    Map<String, Object> client = new java.util.HashMap<>(config.historyClientConfig());
    if (bootstrapServers != null) {
      client.put("bootstrap.servers", bootstrapServers);
    }
    return client;
  }

  /** The topic the source writes {@code table}'s changes to. */
  public String topicOf(String table) {
    return config.topicPrefix() + table;
  }

  /** The table's event model, on a copy of the source's schema history. */
  public TableEventModel model(TableInfo table) {
    return new TableEventModel(
        table.name(), table.key(), config.modelSettings(), history(), Clock.systemUTC());
  }

  /** The schema history copy the models use (read on first use). */
  public SchemaHistory history() {
    if (history == null) {
      history =
          KafkaSchemaHistory.readOnlyCopy(config.historyTopic(), config.historyClientConfig());
    }
    return history;
  }

  /** The read units per second the tool may use on {@code table}. */
  public double budgetRcu(TableInfo table) {
    return new WorkPlanner(config.mode(), config.snapshotSegments(), budgetPercent, budgetRcu)
        .budgetRcu(table);
  }

  @Override
  public BudgetedScan scan(
      TableInfo table, List<Integer> segments, int totalSegments, int pageSize, int parallelism) {
    return new BudgetedScan(
        new DynamoDbScanClient(dynamoDb),
        new ReadBudget(budgetRcu(table), System::nanoTime),
        table.name(),
        segments,
        totalSegments,
        pageSize,
        parallelism);
  }

  @Override
  public List<Map<String, AttributeValue>> get(
      TableInfo table, List<Map<String, AttributeValue>> keys) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (Map<String, AttributeValue> key : keys) {
      GetItemResponse response =
          dynamoDb.getItem(
              GetItemRequest.builder()
                  .tableName(table.name())
                  .key(new LinkedHashMap<>(key))
                  .consistentRead(true)
                  .returnConsumedCapacity(
                      software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.TOTAL)
                  .build());
      if (response.consumedCapacity() != null
          && response.consumedCapacity().capacityUnits() != null) {
        getCapacity += response.consumedCapacity().capacityUnits();
      } else {
        getCapacity += 1; // a consistent read of up to 4 KB, where the emulator does not say
      }
      if (response.hasItem() && !response.item().isEmpty()) {
        items.add(response.item());
      }
    }
    return items;
  }

  @Override
  public double getCapacity() {
    return getCapacity;
  }

  /**
   * A completed full export of {@code table}, as DescribeExport tells it, and its data files on S3
   * read with the source's AWS settings.
   */
  /**
   * @param exportTime the export's point in time when DescribeExport does not state it (an
   *     emulator); null to take DynamoDB's
   */
  public io.ddbsync.cli.reconcile.TableReconciler.Image image(
      TableInfo table, String exportArn, java.time.Instant exportTime, int pageSize)
      throws java.io.IOException {
    io.ddbsync.source.export.ExportDescription export =
        new io.ddbsync.source.export.DynamoDbExportClient(dynamoDb).describe(exportArn);
    software.amazon.awssdk.services.dynamodb.model.ExportDescription described =
        dynamoDb.describeExport(b -> b.exportArn(exportArn)).exportDescription();
    String exportedTable = described.tableArn();
    if (table.tableArn() != null
        && exportedTable != null
        && !exportedTable.equals(table.tableArn())) {
      throw new IllegalArgumentException(
          "Export "
              + exportArn
              + " is an export of "
              + exportedTable
              + ", not of "
              + table.tableArn());
    }
    s3 =
        config
            .aws()
            .configure(software.amazon.awssdk.services.s3.S3Client.builder())
            .forcePathStyle(config.aws().endpoint() != null)
            .build();
    return new io.ddbsync.cli.reconcile.TableReconciler.Image(
        new io.ddbsync.cli.reconcile.ExportPages(
            new io.ddbsync.source.export.S3ExportObjects(s3), export, pageSize),
        imageTime(export, described, exportTime));
  }

  private static java.time.Instant imageTime(
      io.ddbsync.source.export.ExportDescription export,
      software.amazon.awssdk.services.dynamodb.model.ExportDescription described,
      java.time.Instant given) {
    if (given != null) {
      return given;
    }
    if (export.exportTimeMillis() > 0) {
      return java.time.Instant.ofEpochMilli(export.exportTimeMillis());
    }
    if (described.startTime() != null) {
      return described.startTime();
    }
    throw new IllegalArgumentException(
        "DescribeExport of "
            + export.exportArn()
            + " states no ExportTime (DynamoDB always does; an emulator may not): give the time the"
            + " export is an image of with --export-time");
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  @Override
  public void close() {
    if (s3 != null) {
      s3.close();
    }
    dynamoDb.close();
  }
}
