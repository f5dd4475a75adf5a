package io.ddbsync.source.history;

import io.ddbsync.common.model.Assignment;
import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.common.model.SchemaHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * The schema history in a single-partition Kafka topic with infinite retention. A partition is one
 * total order that every task reads the same way, so whichever task records an assignment first
 * decides it for all: appending is a produce followed by a read to the end of the log.
 */
public final class KafkaSchemaHistory implements SchemaHistory {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String topic;
  private final TopicPartition partition;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final Map<String, List<Assignment>> byTable = new HashMap<>();

  private KafkaSchemaHistory(
      String topic,
      KafkaProducer<String, String> producer,
      KafkaConsumer<String, String> consumer) {
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    this.producer = producer;
    this.consumer = consumer;
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
  }

  /** Creates the topic if needed and opens the log. */
  public static KafkaSchemaHistory open(
      String topic, Map<String, Object> clientConfig, short replicationFactor, String clientId) {
    ensureTopic(topic, clientConfig, replicationFactor);
    Map<String, Object> producerConfig = new HashMap<>(clientConfig);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-schema-history-producer");
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-schema-history-consumer");
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaSchemaHistory(
        topic, new KafkaProducer<>(producerConfig), new KafkaConsumer<>(consumerConfig));
  }

  /**
   * A copy of the history as it stands, read once and never written: for tools that encode items as
   * the source does (the same field names for the same attribute types) without adding to the
   * source's history. Fields the copy is asked to assign are kept in memory only. An absent topic
   * gives an empty copy.
   */
  public static SchemaHistory readOnlyCopy(String topic, Map<String, Object> clientConfig) {
    Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    InMemorySchemaHistory copy = new InMemorySchemaHistory();
    Map<String, List<Assignment>> byTable = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
      if (consumer.partitionsFor(topic, TIMEOUT).isEmpty()) {
        return copy;
      }
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new RetriableException("Timed out reading the schema history topic " + topic);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          byTable
              .computeIfAbsent(record.key(), t -> new ArrayList<>())
              .add(AssignmentJson.read(record.value()));
        }
      }
    }
    byTable.forEach(copy::append);
    return copy;
  }

  /** Creates the history topic unless it exists; refuses a topic with more than one partition. */
  public static void ensureTopic(
      String topic, Map<String, Object> clientConfig, short replicationFactor) {
    try (Admin admin = Admin.create(clientConfig)) {
      NewTopic newTopic =
          new NewTopic(topic, Optional.of(1), Optional.of(replicationFactor))
              .configs(
                  Map.of(
                      "cleanup.policy", "delete",
                      "retention.ms", "-1",
                      "retention.bytes", "-1"));
      // Every task of the connector runs this at start, often at the same moment: the topic that
      // another task just created can be unknown to the broker answering for a while. An exception
      // thrown from a task's start() kills the task for good, so retriable errors are waited out.
      retryWhileRetriable(
          () -> {
            try {
              admin
                  .createTopics(List.of(newTopic))
                  .all()
                  .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
              if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
              }
            }
            return null;
          },
          TIMEOUT,
          Thread::sleep);
      TopicDescription description =
          retryWhileRetriable(
              () ->
                  admin
                      .describeTopics(List.of(topic))
                      .allTopicNames()
                      .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                      .get(topic),
              TIMEOUT,
              Thread::sleep);
      if (description.partitions().size() != 1) {
        throw new ConnectException(
            "The schema history topic "
                + topic
                + " has "
                + description.partitions().size()
                + " partitions; it needs exactly one, which is what gives every task the same"
                + " order. Point schema.history.topic at a new topic.");
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new RetriableException(
          "Cannot create or describe the schema history topic "
              + topic
              + " within "
              + TIMEOUT.toSeconds()
              + " s: check that the brokers are reachable and that the worker may create and"
              + " describe topics, or create the topic with one partition and infinite retention",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while preparing the schema history", e);
    }
  }

  /** One call to the Kafka admin API. */
  @FunctionalInterface
  interface AdminCall<T> {
    T call() throws ExecutionException, TimeoutException, InterruptedException;
  }

  /** Waits between attempts; a parameter so that tests do not sleep. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * Runs {@code call}, again after a growing pause (50 ms to 2 s) while it fails with an error that
   * Kafka marks retriable, until {@code timeout} has passed; then the last error is thrown.
   */
  static <T> T retryWhileRetriable(AdminCall<T> call, Duration timeout, Sleeper sleeper)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 50;
    while (true) {
      try {
        return call.call();
      } catch (ExecutionException e) {
        boolean retriable =
            e.getCause() instanceof org.apache.kafka.common.errors.RetriableException;
        if (!retriable || System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
          throw e;
        }
        sleeper.sleep(pauseMillis);
        pauseMillis = Math.min(pauseMillis * 2, 2_000);
      }
    }
  }

  @Override
  public synchronized List<Assignment> load(String table) {
    readToEnd();
    return List.copyOf(byTable.getOrDefault(table, List.of()));
  }

  @Override
  public synchronized List<Assignment> append(String table, List<Assignment> proposals) {
    List<Future<RecordMetadata>> sends = new ArrayList<>(proposals.size());
    for (Assignment assignment : proposals) {
      sends.add(
          producer.send(new ProducerRecord<>(topic, 0, table, AssignmentJson.write(assignment))));
    }
    try {
      for (Future<RecordMetadata> send : sends) {
        send.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new RetriableException("Cannot write to the schema history topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while writing the schema history", e);
    }
    readToEnd();
    return List.copyOf(byTable.getOrDefault(table, List.of()));
  }

  private void readToEnd() {
    long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (consumer.position(partition, TIMEOUT) < end) {
      if (System.nanoTime() > deadline) {
        throw new RetriableException("Timed out reading the schema history topic " + topic);
      }
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        byTable
            .computeIfAbsent(record.key(), t -> new ArrayList<>())
            .add(AssignmentJson.read(record.value()));
      }
    }
  }

  @Override
  public synchronized void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
