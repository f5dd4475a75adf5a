package io.ddbsync.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * An in-process Kafka broker and Connect cluster with the settings our tests want: JSON with
 * schemas (so records can be decoded exactly), service-loader plugin discovery (faster start), and
 * short offset flush and rebalance intervals.
 */
public final class EmbeddedConnect {
  private EmbeddedConnect() {}

  public static EmbeddedConnectCluster start(String name, int workers, Map<String, String> extra) {
    return start(name, workers, extra, Map.of());
  }

  /** As {@link #start(String, int, Map)}, with {@code brokerExtra} added to the broker's config. */
  public static EmbeddedConnectCluster start(
      String name, int workers, Map<String, String> extra, Map<String, String> brokerExtra) {
    Map<String, String> workerProps = new HashMap<>();
    workerProps.put("plugin.discovery", "service_load");
    workerProps.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    workerProps.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    workerProps.put("key.converter.schemas.enable", "true");
    workerProps.put("value.converter.schemas.enable", "true");
    workerProps.put("offset.flush.interval.ms", "1000");
    workerProps.put("scheduled.rebalance.max.delay.ms", "2000");
    workerProps.put("task.shutdown.graceful.timeout.ms", "10000");
    workerProps.putAll(extra);
    Properties brokerProps = new Properties();
    brokerProps.put("auto.create.topics.enable", "true");
    brokerProps.put("group.initial.rebalance.delay.ms", "0");
    brokerProps.put("transaction.state.log.replication.factor", "1");
    brokerProps.put("transaction.state.log.min.isr", "1");
    brokerProps.putAll(brokerExtra);
    EmbeddedConnectCluster cluster =
        new EmbeddedConnectCluster.Builder()
            .name(name)
            .numWorkers(workers)
            .numBrokers(1)
            .workerProps(workerProps)
            .brokerProps(brokerProps)
            .maskExitProcedures(true)
            .build();
    cluster.start();
    return cluster;
  }
}
