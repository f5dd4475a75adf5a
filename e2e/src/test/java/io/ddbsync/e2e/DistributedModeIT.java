package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.testing.ConnectWorkerProcess;
import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Distributed mode: three Connect workers share one table's snapshot (its segments spread over
 * tasks on different workers); a worker that holds snapshot work is killed with {@code kill -9},
 * its tasks move to the others, and the warehouse still ends equal to the table.
 */
class DistributedModeIT {
  @Test
  void oneTablesSnapshotRunsOnSeveralWorkersAndSurvivesTheLossOfOne() throws Exception {
    MotoServer moto = MotoServer.sharedOrSkip();
    String table = "DistOrders" + Long.toHexString(System.nanoTime() & 0xffff);
    LocalPipeline.Options options =
        LocalPipeline.Options.named("dist-" + Long.toHexString(System.nanoTime() & 0xffff))
            .workers(3)
            // A slow snapshot, so that a worker dies while it still holds segments.
            .source(
                Map.of(
                    "tasks.max", "3",
                    "snapshot.segments", "6",
                    "snapshot.page.size", "25",
                    "snapshot.read.budget.rcu", "2"))
            .sink(Map.of("tasks.max", "1"));
    try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
      OrderWorkload workload =
          new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.DEMO, 7);
      workload.load(900);
      pipeline.createConnectors(table);
      String source = pipeline.sourceConnector(table).name();

      Set<String> workersWithSourceTasks = new HashSet<>();
      JsonNode status = null;
      long started = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < started) {
        status = pipeline.rest().get("/connectors/" + source + "/status").body();
        if (status.path("tasks").size() == 3) {
          break;
        }
        Thread.sleep(500);
      }
      for (JsonNode task : status.path("tasks")) {
        workersWithSourceTasks.add(task.path("worker_id").asText());
      }
      assertThat(workersWithSourceTasks)
          .as("source tasks spread over workers: %s", status)
          .hasSizeGreaterThanOrEqualTo(2);

      // Kill a worker that runs a source task (not the first, whose REST API the test uses).
      int victim = -1;
      for (int i = 1; i < pipeline.workers().size(); i++) {
        ConnectWorkerProcess worker = pipeline.workers().get(i);
        String id = worker.rest().base().getHost() + ":" + worker.rest().base().getPort();
        if (workersWithSourceTasks.contains(id)) {
          victim = i;
        }
      }
      assertThat(victim).as("a worker other than the first holds a source task").isPositive();
      Thread.sleep(3000);
      pipeline.killWorker(victim);
      for (int i = 0; i < 50; i++) {
        workload.change();
      }

      // Its tasks move to the two survivors.
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      Set<String> after = new HashSet<>();
      while (System.nanoTime() < deadline) {
        after.clear();
        boolean allRunning = true;
        JsonNode now = pipeline.rest().get("/connectors/" + source + "/status").body();
        for (JsonNode task : now.path("tasks")) {
          after.add(task.path("worker_id").asText());
          allRunning &= task.path("state").asText().equals("RUNNING");
        }
        String dead =
            pipeline.workers().get(victim).rest().base().getHost()
                + ":"
                + pipeline.workers().get(victim).rest().base().getPort();
        if (allRunning && !after.contains(dead) && now.path("tasks").size() == 3) {
          break;
        }
        Thread.sleep(1000);
      }
      assertThat(after).as("tasks after the rebalance").hasSize(2);

      WarehouseComparison.Report report =
          pipeline.awaitReconciled(table, Duration.ofMinutes(3), progress -> {});
      System.out.println("Distributed mode after losing a worker: " + report);
      assertThat(report.isExact()).as(report.toString()).isTrue();
    }
  }
}
