package io.ddbsync.sink;

import io.ddbsync.common.Version;
import io.ddbsync.common.config.TaskProperties;
import io.ddbsync.common.metrics.TaskMetrics;
import io.ddbsync.sink.task.SinkMetrics;
import io.ddbsync.sink.task.SinkWriter;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink task: hands records to a {@link SinkWriter} and reports to the framework only the offsets
 * whose records are in committed loads, so Kafka offsets are the sink's only checkpoint.
 */
public class RedshiftSinkTask extends SinkTask {
  private SinkComponents components;
  private SinkWriter writer;
  private TaskMetrics taskMetrics;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    components = SinkComponents.create(new RedshiftSinkConfig(props), context, reporter());
    writer = components.writer();
    SinkMetrics metrics = components.metrics();
    String connector = props.getOrDefault("name", "redshift-sink");
    int task = TaskProperties.taskId(props);
    taskMetrics = TaskMetrics.create(context, "ddbsync-sink-task-metrics", connector, task);
    metrics.register(taskMetrics);
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
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
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
    if (components != null) {
      components.close();
    }
    if (taskMetrics != null) {
      taskMetrics.close();
    }
  }
}
