package io.ddbsync.testing;

import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** An in-process KRaft broker for tests that run Connect workers in child JVMs. */
public final class KafkaBroker implements AutoCloseable {
  private final EmbeddedKafkaCluster cluster;

  private KafkaBroker(EmbeddedKafkaCluster cluster) {
    this.cluster = cluster;
  }

  public static KafkaBroker start() {
    return start(java.util.Map.of());
  }

  /**
   * A broker with {@code overrides} on top of the test defaults; for instance {@code
   * auto.create.topics.enable=false}, as on MSK and Confluent Cloud.
   */
  public static KafkaBroker start(java.util.Map<String, String> overrides) {
    Properties properties = new Properties();
    properties.put("auto.create.topics.enable", "true");
    properties.put("group.initial.rebalance.delay.ms", "0");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.putAll(overrides);
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(1, properties);
    cluster.start();
    return new KafkaBroker(cluster);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public EmbeddedKafkaCluster cluster() {
    return cluster;
  }

  @Override
  public void close() {
    cluster.stop();
  }
}
