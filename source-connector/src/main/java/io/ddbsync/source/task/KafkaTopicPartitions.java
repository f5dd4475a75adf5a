package io.ddbsync.source.task;

import io.ddbsync.source.emit.TopicPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Partition counts read from the Kafka cluster of the schema history (the worker's own), with a
 * bounded wait. The admin client is made on first use: most tasks never complete a snapshot.
 */
public final class KafkaTopicPartitions implements TopicPartitions, AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Object> clientConfig;
  private Admin admin;

  public KafkaTopicPartitions(Map<String, Object> clientConfig) {
    this.clientConfig = Map.copyOf(clientConfig);
  }

  @Override
  public synchronized int count(String topic) {
    if (admin == null) {
      Map<String, Object> config = new java.util.HashMap<>(clientConfig);
      config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
      config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
      admin = Admin.create(config);
    }
    try {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return 0;
      }
      throw new RetriableException("Cannot describe topic " + topic + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new RetriableException(
          "Kafka did not describe topic " + topic + " within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("Interrupted while describing topic " + topic, e);
    }
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }
}
