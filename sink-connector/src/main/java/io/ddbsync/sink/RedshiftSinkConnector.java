package io.ddbsync.sink;

import io.ddbsync.common.Version;
import io.ddbsync.common.config.TaskProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * The Redshift sink connector: change events of DynamoDB tables, flattened into typed tables,
 * staged as Parquet on S3 and loaded with COPY and MERGE, one transaction per batch.
 */
public class RedshiftSinkConnector extends SinkConnector {

  private Map<String, String> props;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public ConfigDef config() {
    return RedshiftSinkConfig.CONFIG_DEF;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    return SinkConfigValidator.forLiveSystems()
        .validate(super.validate(connectorConfigs), connectorConfigs);
  }

  @Override
  public void start(Map<String, String> props) {
    new RedshiftSinkConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return RedshiftSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int task = 0; task < maxTasks; task++) {
      Map<String, String> config = new HashMap<>(props);
      config.put(TaskProperties.TASK_ID, Integer.toString(task));
      configs.add(config);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public boolean alterOffsets(
      Map<String, String> connectorConfig,
      Map<org.apache.kafka.common.TopicPartition, Long> offsets) {
    // Offsets are consumer offsets; resetting them replays batches, which the MERGE makes harmless.
    return true;
  }
}
