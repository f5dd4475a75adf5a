package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.ConnectorConfigs.ConnectorRequest;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The cluster users already have (issue 16): a broker that does not create topics on first use
 * ({@code auto.create.topics.enable=false}, MSK's and Confluent Cloud's default) and a stock Kafka
 * Connect 4.1 worker given none of our worker settings (Kafka's defaults: metadata refresh every 5
 * minutes, 45-second consumer sessions). Both connectors are POSTed together from config/*.json, as
 * a new user does. The first rows must reach the warehouse within 30 seconds of the table's first
 * change event, the topics must have been created with the settings in config/dynamodb-source.json,
 * and the whole pipeline must reconcile.
 */
class StockClusterIT {
  @Test
  void aStockWorkerOnABrokerWithoutAutoCreationLoadsTheFirstRowsWithinThirtySeconds()
      throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    String table = "StockOrders" + Long.toHexString(System.nanoTime() & 0xffffff);
    LocalPipeline.Options options =
        LocalPipeline.Options.named("stock-" + Long.toHexString(System.nanoTime() & 0xffff))
            .stockWorkers()
            .broker(Map.of("auto.create.topics.enable", "false"))
            // The shipped flush interval, not the tests' shorter one.
            .sink(Map.of("flush.interval.ms", "5000"));
    try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
      OrderWorkload workload =
          new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.DEMO, 5);
      workload.load(50);

      List<ConnectorRequest> connectors = pipeline.connectorsFor(table);
      // The sink first, with no matching topic yet: the hardest case for topics.regex.
      for (ConnectorRequest connector : List.of(connectors.get(1), connectors.get(0))) {
        pipeline.rest().create(connector.name(), connector.config()).requireSuccess();
      }

      String topic = "dynamodb." + table;
      String parent = io.ddbsync.sink.model.Identifiers.snakeCase(table);
      long firstEvent;
      long firstRow;
      try (Admin admin =
              Admin.create(Map.of("bootstrap.servers", pipeline.kafka().bootstrapServers()));
          Connection connection = pipeline.connect()) {
        firstEvent = awaitFirstRecord(admin, topic, Duration.ofSeconds(120));
        firstRow = awaitFirstRow(connection, parent, Duration.ofSeconds(120));
        double seconds = (firstRow - firstEvent) / 1e9;
        System.out.printf("first change event to first row on a stock worker: %.1f s%n", seconds);
        assertThat(seconds)
            .as("seconds from the table's first change event to its first row")
            .isLessThan(30.0);

        // Created by Connect with config/dynamodb-source.json's topic.creation.* settings.
        Map<String, String> tableTopic = topicConfig(admin, topic);
        assertThat(tableTopic.get("cleanup.policy")).isEqualTo("delete");
        assertThat(tableTopic.get("retention.ms")).isEqualTo("604800000");
        String progress = "_ddbsync_source_progress";
        Map<String, TopicDescription> described =
            admin
                .describeTopics(List.of(topic, progress))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS);
        assertThat(described.get(progress).partitions()).hasSize(1);
        assertThat(topicConfig(admin, progress).get("retention.ms")).isEqualTo("86400000");
        // The schema history topic is the connector's own: created by its admin client.
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
            .contains(options.name() + "-schema-history", topic, progress);
      }

      for (int i = 0; i < 40; i++) {
        workload.change();
      }
      WarehouseComparison.Report report =
          pipeline.awaitReconciled(table, Duration.ofMinutes(3), progress -> {});
      assertThat(report.isExact()).as(report.toString()).isTrue();
    }
  }

  private static long awaitFirstRecord(Admin admin, String topic, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
          TopicDescription description =
              admin
                  .describeTopics(Set.of(topic))
                  .allTopicNames()
                  .get(10, TimeUnit.SECONDS)
                  .get(topic);
          Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
          description
              .partitions()
              .forEach(
                  p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
          long records =
              admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                  .mapToLong(info -> info.offset())
                  .sum();
          if (records > 0) {
            return System.nanoTime();
          }
        }
      } catch (java.util.concurrent.ExecutionException notYet) {
        // The topic is being created.
      }
      Thread.sleep(100);
    }
    throw new AssertionError("No record in " + topic + " within " + timeout);
  }

  private static long awaitFirstRow(Connection connection, String table, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT count(*) FROM public." + table)) {
        rows.next();
        if (rows.getLong(1) > 0) {
          return System.nanoTime();
        }
      } catch (SQLException notCreatedYet) {
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("No row in " + table + " within " + timeout);
  }

  private static Map<String, String> topicConfig(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config =
        admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    Map<String, String> values = new java.util.HashMap<>();
    config.entries().forEach(entry -> values.put(entry.name(), entry.value()));
    return values;
  }
}
