package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB table deleted and created again under the same name, while the pipeline runs, under
 * {@code lost.position.policy=RESNAPSHOT}: the new table is snapshotted, and once that snapshot is
 * complete the warehouse holds exactly the new table's items. Rows of items only the old table had
 * (and their child rows) are gone, not left behind as ghosts.
 */
class RecreatedTableIT {
  @Test
  void aTableDeletedAndCreatedAgainEndsWithTheWarehouseEqualToTheNewTable() throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    String table = "Recreated" + Long.toHexString(System.nanoTime() & 0xffffff);
    LocalPipeline.Options options =
        LocalPipeline.Options.named("recreated-" + table.toLowerCase())
            .source(
                Map.of(
                    "stream.lost.position.policy", "RESNAPSHOT",
                    "tables.discovery.interval.ms", "2000"));
    try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
      new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.DEMO, 1).load(40);
      pipeline.createConnectors(table);
      WarehouseComparison.Report first =
          pipeline.awaitReconciled(table, Duration.ofMinutes(2), progress -> {});
      assertThat(first.isExact()).as(first.toString()).isTrue();
      List<Map<String, AttributeValue>> old = DynamoTables.scanAll(moto.dynamoDb(), table);

      // Deleted and created again: half the old items come back, with new values, and new ones.
      moto.dynamoDb().deleteTable(b -> b.tableName(table));
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
      List<Map<String, AttributeValue>> kept = new ArrayList<>();
      for (Map<String, AttributeValue> item : old.subList(0, old.size() / 2)) {
        Map<String, AttributeValue> changed = new java.util.HashMap<>(item);
        changed.put("Status", AttributeValue.fromS("RECREATED"));
        kept.add(changed);
      }
      for (Map<String, AttributeValue> item : old.subList(0, 10)) {
        Map<String, AttributeValue> added = new java.util.HashMap<>(item);
        added.put("OrderId", AttributeValue.fromS("NEW-" + item.get("OrderId").s()));
        kept.add(added);
      }
      DynamoTables.putAll(moto.dynamoDb(), table, kept);

      WarehouseComparison.Report report =
          pipeline.awaitReconciled(table, Duration.ofMinutes(3), progress -> {});
      System.out.printf("Recreated table: %s%n", report);
      assertThat(report.isExact()).as(report.toString()).isTrue();
    }
  }
}
