package io.ddbsync.sink;

import io.ddbsync.common.Version;
import io.ddbsync.common.metrics.TaskMetrics;
import io.ddbsync.sink.batch.EventRouter;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.LoadStatements;
import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.db.RedshiftDialect;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.load.BatchLoader;
import io.ddbsync.sink.load.JdbcLoader;
import io.ddbsync.sink.load.TableManager;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.stage.S3StagingStore;
import io.ddbsync.sink.stage.StagingStore;
import io.ddbsync.sink.task.ConnectionProvider;
import io.ddbsync.sink.task.ErrantRecords;
import io.ddbsync.sink.task.SinkMetrics;
import io.ddbsync.sink.task.SinkWriter;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A sink task: hands records to a {@link SinkWriter} and reports to the framework only the
 * offsets whose records are in committed loads, so Kafka offsets are the sink's only checkpoint.
 */
public class RedshiftSinkTask extends SinkTask {
  private SinkWriter writer;
  private StagingStore staging;
  private TaskMetrics taskMetrics;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    RedshiftSinkConfig config = new RedshiftSinkConfig(props);
    S3Client s3 =
        config.aws().configure(S3Client.builder()).forcePathStyle(config.pathStyleAccess()).build();
    staging = new S3StagingStore(s3, config.bucket());
    Dialect dialect =
        config.dialect() == SinkEnums.DialectName.REDSHIFT
            ? new RedshiftDialect(config.distribution(), config.sortKey(), config.copyIamRole(), config.aws())
            : new PostgresDialect(staging);
    TableNaming naming =
        new TableNaming(
            config.tableNameFormat(),
            config.childTableNameFormat(),
            config.tableNameOverrides(),
            config.columnNameOverrides());
    FlattenSettings flatten =
        new FlattenSettings(
            naming,
            config.flattenMaxDepth(),
            config.listsMode(),
            config.timestampColumns(),
            config.overflowPolicy(),
            config.deleteMode());
    BatchLoader loader =
        new BatchLoader(
            dialect,
            new TableManager(dialect, new LoadStatements(dialect), config.targetSchema()),
            staging,
            config.prefix(),
            config.compression(),
            config.keepFiles(),
            config.deleteMode());
    SinkMetrics metrics = new SinkMetrics();
    writer =
        new SinkWriter(
            new EventRouter(naming),
            flatten,
            dialect.name() == SinkEnums.DialectName.REDSHIFT ? SqlType.MAX_VARCHAR : Integer.MAX_VALUE,
            new JdbcLoader(loader, new ConnectionProvider(config.connectionUrl(), config.user(), config.password())),
            new ErrantRecords(reporter()),
            context,
            new SinkWriter.Limits(
                config.flushMaxRecords(),
                config.flushMaxBytes(),
                config.flushInterval(),
                config.bufferMaxBytes(),
                config.maxRetries(),
                config.retryBackoff()),
            Clock.systemUTC(),
            metrics);
    String connector = props.getOrDefault("name", "redshift-sink");
    int task = Integer.parseInt(props.getOrDefault(RedshiftSinkConnector.TASK_ID, "0"));
    taskMetrics = TaskMetrics.create(context, "ddbsync-sink-task-metrics", connector, task);
    taskMetrics.gauge("batches-loaded", "Batches loaded and committed", metrics::batches);
    taskMetrics.gauge("rows-merged", "Rows upserted by MERGE", metrics::rowsMerged);
    taskMetrics.gauge("rows-deleted", "Rows deleted (or flagged) for removed items", metrics::rowsDeleted);
    taskMetrics.gauge("child-rows-inserted", "Child table rows written", metrics::childRows);
    taskMetrics.gauge("failed-loads", "Loads that failed and were retried or failed the task", metrics::failedLoads);
    taskMetrics.gauge("dead-lettered-records", "Records sent to the dead letter queue", metrics::deadLettered);
    taskMetrics.gauge("last-load-ms", "Duration of the last load, staging to commit", metrics::lastLoadMillis);
    taskMetrics.gauge("freshness-lag-ms", "Commit time of the last load minus the creation time of its newest change", metrics::freshnessLagMillis);
    taskMetrics.gauge("buffered-bytes", "Bytes of records waiting to be loaded", metrics::bufferedBytes);
    taskMetrics.gauge("staged-bytes", "Bytes of Parquet staged on S3", metrics::stagedBytes);
  }

  private ErrantRecordReporter reporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null;
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    writer.put(records);
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    return writer.preCommit(currentOffsets);
  }

  @Override
  public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    // preCommit decides what is committed; nothing is flushed on the framework's schedule.
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    writer.close(partitions);
  }

  @Override
  public void stop() {
    if (writer != null) {
      writer.stop();
    }
    if (staging != null) {
      staging.close();
    }
    if (taskMetrics != null) {
      taskMetrics.close();
    }
  }
}
