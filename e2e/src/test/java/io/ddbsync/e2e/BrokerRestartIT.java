package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The only Kafka broker goes down twice while the table changes, and is back within seconds; the
 * stock Connect worker stays up. Connect restarts the tasks after the rebalances, possibly before
 * their previous instances finished stopping: no task may fail for it (a task instance's metrics
 * never block the next instance's start), and the warehouse ends equal to the table.
 */
class BrokerRestartIT {
  @Test
  void aBrokerRestartedTwiceUnderLoadCostsNothing() throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    String table = "Restart" + Long.toHexString(System.nanoTime() & 0xffffff);
    LocalPipeline.Options options =
        LocalPipeline.Options.named("restart-" + table.toLowerCase())
            .stockWorkers()
            .source(Map.of("tasks.max", "2", "snapshot.segments", "4"))
            .sink(Map.of("tasks.max", "2"));
    try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
      OrderWorkload workload =
          new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.RANDOMIZED, 7);
      workload.load(200);
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer = workload.runInBackground(writing, 15);
      pipeline.createConnectors(table);
      String source = pipeline.sourceConnector(table).name();
      String sink = pipeline.sinkConnector().name();

      for (int restart = 1; restart <= 2; restart++) {
        Thread.sleep(8_000);
        pipeline.kafka().cluster().stopOnlyBrokers();
        System.out.printf("Broker down (%d)%n", restart);
        Thread.sleep(3_000);
        pipeline.kafka().cluster().restartOnlyBrokers();
        System.out.printf("Broker back (%d)%n", restart);
      }
      Thread.sleep(8_000);
      writing.set(false);
      writer.join();
      for (int i = 0; i < 30; i++) {
        workload.change();
      }

      WarehouseComparison.Report report =
          pipeline.awaitReconciled(table, Duration.ofMinutes(4), progress -> {});
      System.out.printf("After two broker restarts: %s%n", report);
      assertThat(report.isExact()).as(report.toString()).isTrue();
      for (String connector : new String[] {source, sink}) {
        String status = pipeline.rest().get("/connectors/" + connector + "/status").text();
        assertThat(status).as(connector).doesNotContain("FAILED");
      }
    }
  }
}
