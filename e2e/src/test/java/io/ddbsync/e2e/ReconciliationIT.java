package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.DynamoTables;
import io.ddbsync.testing.FaultProxy;
import io.ddbsync.testing.MotoServer;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's promise under stress: a randomized workload (inserts, updates, deletes, new
 * attributes, type conflicts, NULLs, sets, nested maps, rewritten item lists) runs before, during
 * and after the snapshot, while the Connect worker is killed with {@code kill -9} and replaced at
 * random points and the fault proxy answers a share of DynamoDB, Streams and S3 requests with
 * throttling, server errors and dropped connections. At the end the warehouse tables equal the
 * DynamoDB table: 0 missing, 0 extra, 0 different rows, compared column by column.
 *
 * <p>It runs once per snapshot method: a Scan, and DynamoDB's export to S3 (point-in-time recovery
 * on, moto's export; the kills then fall on the export's wait and on the reading of its files).
 *
 * <p>CI runs the small size. {@code -Dreconciliation.size=large} runs a larger one by hand, and
 * {@code -Dreconciliation.seed=<n>} repeats a run.
 */
class ReconciliationIT {
  /** How much happens in one run. */
  private record Size(
      int initialItems, int changesPerSecond, int writingSeconds, int changesAfter, int kills) {
    static Size of(String name) {
      return switch (name) {
        case "large" -> new Size(3000, 40, 150, 500, 6);
        default -> new Size(300, 20, 45, 100, 2);
      };
    }
  }

  @ParameterizedTest(name = "snapshot.method={0}")
  @ValueSource(strings = {"SCAN", "EXPORT"})
  void randomizedWorkloadWithWorkerKillsAndAwsFaultsEndsWithTablesEqual(String method)
      throws Exception {
    Size size = Size.of(System.getProperty("reconciliation.size", "small"));
    long seed = Long.getLong("reconciliation.seed", System.nanoTime());
    System.out.println("Reconciliation run: " + size + ", seed " + seed);
    Random random = new Random(seed);
    MotoServer moto = MotoServer.sharedOrSkip();
    String table = "Recon" + method.charAt(0) + Long.toHexString(seed & 0xffffff);
    try (FaultProxy proxy = new FaultProxy(moto.endpoint(), seed)) {
      proxy
          .inject(
              FaultProxy.operation("DynamoDB_20120810.Scan"),
              FaultProxy.Fault.PROVISIONED_THROUGHPUT_EXCEEDED,
              0.15)
          .inject(
              FaultProxy.operation("DynamoDBStreams_20120810.GetRecords"),
              FaultProxy.Fault.THROTTLING,
              0.1)
          .inject(
              FaultProxy.operation("DynamoDBStreams_20120810.GetRecords"),
              FaultProxy.Fault.INTERNAL_ERROR,
              0.03)
          .inject(FaultProxy.operation("S3.PUT"), FaultProxy.Fault.S3_SLOW_DOWN, 0.1)
          .inject(FaultProxy.operation("S3.PUT"), FaultProxy.Fault.DROP_CONNECTION, 0.03)
          .inject(FaultProxy.operation("S3.GET"), FaultProxy.Fault.DROP_CONNECTION, 0.03);
      Map<String, String> source = new java.util.HashMap<>();
      source.put("tasks.max", "2");
      source.put("snapshot.segments", "4");
      source.put("snapshot.page.size", "25");
      source.put("snapshot.read.budget.rcu", "5");
      if (method.equals("EXPORT")) {
        String bucket = "recon-exports";
        if (moto.s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
          moto.s3().createBucket(b -> b.bucket(bucket));
        }
        source.put("snapshot.method", "EXPORT");
        source.put("snapshot.export.s3.bucket", bucket);
        source.put("snapshot.export.poll.interval.ms", "1000");
      }
      LocalPipeline.Options options =
          LocalPipeline.Options.named(
                  "recon-" + method.toLowerCase() + "-" + Long.toHexString(seed & 0xffffff))
              .awsEndpoints(proxy.endpoint(), proxy.endpoint())
              // A slow snapshot (small pages, 5 RCU/s) so that writes and kills overlap it.
              .source(source)
              .sink(Map.of("tasks.max", "2", "flush.interval.ms", "1000"));
      try (LocalPipeline pipeline = LocalPipeline.startShared(options)) {
        DynamoTables.create(moto.dynamoDb(), table, "OrderId", 0);
        if (method.equals("EXPORT")) {
          moto.dynamoDb()
              .updateContinuousBackups(
                  b ->
                      b.tableName(table)
                          .pointInTimeRecoverySpecification(
                              s -> s.pointInTimeRecoveryEnabled(true)));
        }
        OrderWorkload workload =
            new OrderWorkload(moto.dynamoDb(), table, OrderWorkload.Profile.RANDOMIZED, seed);
        workload.load(size.initialItems());

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = workload.runInBackground(writing, size.changesPerSecond());
        long start = System.nanoTime();
        pipeline.createConnectors(table);

        long writingEnds = start + Duration.ofSeconds(size.writingSeconds()).toNanos();
        long gap = Duration.ofSeconds(size.writingSeconds()).toMillis() / (size.kills() + 1);
        for (int kill = 1; kill <= size.kills(); kill++) {
          Thread.sleep(gap / 2 + random.nextLong(gap));
          pipeline.killWorker(0);
          System.out.printf(
              "kill -9 of the worker %d at %.1fs%n", kill, (System.nanoTime() - start) / 1e9);
          Thread.sleep(random.nextInt(2000));
          pipeline.replaceWorker(0);
          pipeline.awaitRunning(pipeline.sourceConnector(table).name(), Duration.ofSeconds(120));
          pipeline.awaitRunning(pipeline.sinkConnector().name(), Duration.ofSeconds(120));
        }
        Thread.sleep(Math.max(0, (writingEnds - System.nanoTime()) / 1_000_000));
        writing.set(false);
        writer.join();
        for (int i = 0; i < size.changesAfter(); i++) {
          workload.change();
        }
        long lastWrite = System.nanoTime();

        WarehouseComparison.Report report =
            pipeline.awaitReconciled(table, Duration.ofMinutes(4), progress -> {});
        System.out.printf(
            "Reconciliation: %s; %d inserts, %d updates, %d deletes, %d kills, %d AWS faults"
                + " injected; reconciled %.1fs after the last write, %.1fs in all%n",
            report,
            workload.inserts(),
            workload.updates(),
            workload.deletes(),
            size.kills(),
            proxy.injectedTotal(),
            (System.nanoTime() - lastWrite) / 1e9,
            (System.nanoTime() - start) / 1e9);
        assertThat(proxy.injectedTotal()).as("faults injected").isPositive();
        assertThat(report.isExact()).as(report.toString()).isTrue();
      }
    }
  }
}
