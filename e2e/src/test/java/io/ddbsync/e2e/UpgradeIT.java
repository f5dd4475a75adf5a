package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upgrade in the middle of a snapshot, one connector at a time, both orders: the archives of the
 * commit before snapshot generations existed (ef95ce2), then the sink (or the source) of today's,
 * then both. Rows written before the upgrade carry no generation and rows read by the older
 * source's segments neither, so no sweep may remove them; the older sink has no generation column
 * and tables whose comments name no topic, which the new sink takes over. The table changes all
 * along, and the worker is stopped with kill -9 at each step. At the end the warehouse equals
 * DynamoDB.
 */
class UpgradeIT {
  /** The last commit before snapshot generations (37ad881). */
  private static final String BEFORE_GENERATIONS = "ef95ce2";

  @ParameterizedTest(name = "{0} first")
  @ValueSource(strings = {"sink", "source"})
  void anUpgradeInTheMiddleOfASnapshotEndsWithTheWarehouseEqualToDynamoDb(String first)
      throws Exception {
    OldRelease old = OldRelease.of(BEFORE_GENERATIONS);
    MotoServer moto = MotoServer.sharedOrSkip();
    String table = "Upgrade" + Long.toHexString(System.nanoTime() & 0xffffff);
    String name = "upgrade-" + first + "-" + table.toLowerCase();
    Path before = old.pluginPath(name + "-before", true, true);
    Path between = old.pluginPath(name + "-between", first.equals("sink"), first.equals("source"));
    Path after = old.pluginPath(name + "-after", false, false);
    LocalPipeline.Options options =
        LocalPipeline.Options.named(name)
            .worker(Map.of("plugin.path", before.toString()))
            // A slow snapshot (small pages, 1.5 RCU/s), so that both upgrades fall in the middle.
            .source(
                Map.of(
                    "tasks.max", "2",
                    "snapshot.segments", "4",
                    "snapshot.page.size", "20",
                    "snapshot.read.budget.rcu", "1.5"))
            .sink(Map.of("tasks.max", "2"));
    try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
      DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
      OrderWorkload workload =
          new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.RANDOMIZED, 11);
      workload.load(500);
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer = workload.runInBackground(writing, 5);
      pipeline.createConnectors(table);
      String source = pipeline.sourceConnector(table).name();
      String sink = pipeline.sinkConnector().name();

      Thread.sleep(8_000);
      pipeline.killWorker(0);
      pipeline.replaceWorker(0, Map.of("plugin.path", between.toString()));
      pipeline.awaitRunning(source, Duration.ofSeconds(120));
      pipeline.awaitRunning(sink, Duration.ofSeconds(120));
      System.out.printf("%s upgraded first, in the middle of the snapshot%n", first);

      Thread.sleep(10_000);
      pipeline.killWorker(0);
      pipeline.replaceWorker(0, Map.of("plugin.path", after.toString()));
      pipeline.awaitRunning(source, Duration.ofSeconds(120));
      pipeline.awaitRunning(sink, Duration.ofSeconds(120));
      System.out.println("Both upgraded");

      Thread.sleep(10_000);
      writing.set(false);
      writer.join();
      for (int i = 0; i < 40; i++) {
        workload.change();
      }

      WarehouseComparison.Report report =
          pipeline.awaitReconciled(table, Duration.ofMinutes(4), progress -> {});
      System.out.printf("Upgrade, %s first: %s%n", first, report);
      assertThat(report.isExact()).as(report.toString()).isTrue();
      for (String connector : new String[] {source, sink}) {
        assertThat(pipeline.rest().get("/connectors/" + connector + "/status").text())
            .as(connector)
            .doesNotContain("FAILED");
      }
    }
  }
}
