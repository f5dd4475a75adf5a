package io.ddbsync.source;

import io.ddbsync.common.Version;
import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.TaskProperties;
import io.ddbsync.common.metrics.TaskMetrics;
import io.ddbsync.common.model.SchemaHistory;
import io.ddbsync.source.catalog.DynamoDbTableCatalog;
import io.ddbsync.source.export.DynamoDbExportClient;
import io.ddbsync.source.export.S3ExportObjects;
import io.ddbsync.source.history.KafkaSchemaHistory;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.plan.TaskAssignment;
import io.ddbsync.source.snapshot.DynamoDbScanClient;
import io.ddbsync.source.snapshot.ScanClient;
import io.ddbsync.source.stream.DynamoDbStreamClient;
import io.ddbsync.source.task.ExportAccess;
import io.ddbsync.source.task.KafkaTopicPartitions;
import io.ddbsync.source.task.RecordQueue;
import io.ddbsync.source.task.SourceTaskRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A source task: starts the readers of its assignment and hands their records to the framework from
 * a bounded queue. Everything it knows survives only as the source offsets of the records it
 * returns.
 */
public class DynamoDbSourceTask extends SourceTask {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbSourceTask.class);
  private static final Duration POLL_WAIT = Duration.ofMillis(500);

  private DynamoDbSourceConfig config;
  private TaskAssignment assignment;
  private DynamoDbClient dynamoDb;
  private DynamoDbStreamsClient streams;
  private S3Client s3;
  private SchemaHistory history;
  private KafkaTopicPartitions topicPartitions;
  private AwsSettings aws;
  private RecordQueue queue;
  private SourceTaskRunner runner;
  private TaskMetrics metrics;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new DynamoDbSourceConfig(props);
    assignment = TaskAssignment.fromJson(props.get(TaskAssignment.CONFIG));
    String connector = props.getOrDefault("name", "dynamodb-source");
    int taskId = TaskProperties.taskId(props);
    String name = connector + "-" + taskId;
    queue = new RecordQueue(config.queueMaxRecords(), config.queueMaxBytes());
    if (assignment.isEmpty()) {
      LOG.info("{} has nothing assigned and idles", name);
      return;
    }
    aws = config.aws();
    dynamoDb = aws.configure(DynamoDbClient.builder()).build();
    streams = aws.configure(DynamoDbStreamsClient.builder()).build();
    try {
      history =
          KafkaSchemaHistory.open(
              config.historyTopic(),
              config.historyClientConfig(),
              config.historyReplicationFactor(),
              name);
    } catch (RuntimeException failed) {
      // Nothing the task built may outlive a start that failed.
      stop();
      throw failed;
    }
    topicPartitions = new KafkaTopicPartitions(config.historyClientConfig());
    ExportAccess exports = config.usesExports() ? exportAccess(dynamoDb, aws) : ExportAccess.NONE;
    runner =
        new SourceTaskRunner(
            name,
            config.runnerSettings(),
            assignment,
            scanClient(dynamoDb),
            new DynamoDbStreamClient(streams),
            new DynamoDbTableCatalog(dynamoDb, false),
            StoredOffsets.of(context.offsetStorageReader()),
            history,
            queue,
            topicPartitions,
            exports,
            Clock.systemUTC());
    metrics = TaskMetrics.create(context, "ddbsync-source-task-metrics", connector, taskId);
    registerMetrics();
    runner.start();
    LOG.info(
        "{} started: {} snapshot segments, {} table streams",
        name,
        assignment.segments().size(),
        assignment.streams().size());
  }

  /**
   * The client the snapshot scans with: DynamoDB's Scan. The port lets a benchmark measure the
   * connector's own speed behind an in-memory table, without an emulator's limits.
   */
  protected ScanClient scanClient(DynamoDbClient dynamoDb) {
    return new DynamoDbScanClient(dynamoDb);
  }

  /**
   * The ports exports are requested and read with: DynamoDB's export calls and S3 (through the
   * endpoint override too, path-style there, as emulators need). The port lets a benchmark serve
   * exports from memory.
   */
  protected ExportAccess exportAccess(DynamoDbClient dynamoDb, AwsSettings aws) {
    s3 = aws.configure(S3Client.builder()).forcePathStyle(aws.endpoint() != null).build();
    return new ExportAccess(new DynamoDbExportClient(dynamoDb), new S3ExportObjects(s3));
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (runner == null) {
      Thread.sleep(POLL_WAIT.toMillis());
      return null;
    }
    List<SourceRecord> records = queue.drain(config.pollMaxRecords(), POLL_WAIT);
    return records.isEmpty() ? null : records;
  }

  @Override
  public void stop() {
    if (runner != null) {
      runner.stop();
    }
    if (queue != null) {
      queue.close();
    }
    closeQuietly(metrics);
    closeQuietly(history);
    closeQuietly(topicPartitions);
    closeQuietly(streams);
    closeQuietly(s3);
    closeQuietly(dynamoDb);
    closeQuietly(aws);
  }

  private void registerMetrics() {
    runner.snapshotProgress().register(metrics, runner.snapshotTables());
    runner.streamProgress().register(metrics, runner.streamedTables());
    metrics.gauge("queue-records", "Records waiting between readers and poll()", runner::queueSize);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("Failed to close {} while stopping", closeable.getClass().getSimpleName(), e);
    }
  }
}
