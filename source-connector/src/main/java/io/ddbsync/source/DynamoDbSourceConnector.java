package io.ddbsync.source;

import io.ddbsync.common.Version;
import io.ddbsync.common.config.TaskProperties;
import io.ddbsync.common.logging.PluginThreads;
import io.ddbsync.source.catalog.DynamoDbTableCatalog;
import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.catalog.TableSelector;
import io.ddbsync.source.export.DynamoDbExportClient;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.offsets.OffsetValues;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.StoredOffsets;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.TablePlanning;
import io.ddbsync.source.plan.TableWork;
import io.ddbsync.source.plan.TaskAssignment;
import io.ddbsync.source.plan.WorkPlanner;
import io.ddbsync.source.settings.SourceMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB source connector: finds the tables to read, spreads their snapshot segments and
 * streams over tasks, and re-plans when tables appear or disappear or a table needs a new snapshot.
 * It keeps no state of its own: the plan follows from the tables and the source offsets.
 */
public class DynamoDbSourceConnector extends SourceConnector {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbSourceConnector.class);
  private static final long WATCH_INTERVAL_MILLIS = 5_000;

  private Map<String, String> props;
  private DynamoDbSourceConfig config;
  private TableCatalog catalog;
  private TableSelector selector;
  private WorkPlanner planner;
  private ScheduledExecutorService watcher;
  private volatile List<TableInfo> tables = List.of();
  private final Map<String, Integer> plannedEpochs = new ConcurrentHashMap<>();
  private final Map<String, Integer> plannedSegments = new ConcurrentHashMap<>();
  // Per table and epoch: the export data files planned for tasks to read (0: none yet).
  private final Map<String, Integer> plannedFiles = new ConcurrentHashMap<>();
  private ExportClient exportClient;
  private SnapshotMethods methods;
  private volatile long lastDiscoveryMillis;
  private volatile boolean snapshotCompletionAnnounced;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public ConfigDef config() {
    return DynamoDbSourceConfig.CONFIG_DEF;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    return SourceConfigValidator.forAws()
        .validate(super.validate(connectorConfigs), connectorConfigs);
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
    this.config = new DynamoDbSourceConfig(props);
    DynamoDbClient dynamoDb = config.aws().configure(DynamoDbClient.builder()).build();
    this.catalog = new DynamoDbTableCatalog(dynamoDb, true);
    this.exportClient = new DynamoDbExportClient(dynamoDb);
    this.selector =
        new TableSelector(
            config.tables(),
            config.includePattern(),
            config.excludePattern(),
            config.requiredTags());
    this.planner =
        new WorkPlanner(
            config.mode(),
            config.snapshotSegments(),
            config.budgetPercent(),
            config.budgetOnDemandRcu());
    this.methods = new SnapshotMethods(config, planner, exportClient);
    try {
      tables = discover();
    } catch (SdkException e) {
      throw new ConnectException(
          "Cannot list or describe the DynamoDB tables: " + e.getMessage(), e);
    }
    LOG.info(
        "DynamoDB source {} reads {} table(s) in mode {}: {}",
        props.get("name"),
        tables.size(),
        config.mode(),
        tables.stream().map(TableInfo::name).toList());
    watcher =
        Executors.newSingleThreadScheduledExecutor(
            PluginThreads.named("ddbsync-source-watcher-" + props.get("name")));
    watcher.scheduleWithFixedDelay(
        this::watch, WATCH_INTERVAL_MILLIS, WATCH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return DynamoDbSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    StoredOffsets offsets = StoredOffsets.of(context().offsetStorageReader());
    List<TableWork> work = new ArrayList<>();
    for (TableInfo table : tables) {
      TableMarker marker =
          TableMarker.fromOffset(offsets.offset(SourcePartitions.table(table.name())));
      TableWork tableWork =
          TablePlanning.workFor(
              table,
              marker,
              config.mode(),
              planner,
              maxTasks,
              plannedSegments.getOrDefault(planKey(table, marker), 0),
              config.lostPositionPolicy(),
              () -> methods.newSnapshotMethod(table, marker, planKey(table, marker), offsets));
      plannedEpochs.put(table.name(), tableWork.epoch());
      plannedSegments.put(planKey(table, marker), tableWork.segments());
      plannedFiles.put(
          planKey(table, marker), tableWork.exportFilesKnown() ? tableWork.segments() : 0);
      work.add(tableWork);
    }
    List<TaskAssignment> assignments = planner.plan(work, maxTasks);
    List<Map<String, String>> configs = new ArrayList<>(assignments.size());
    for (int task = 0; task < assignments.size(); task++) {
      Map<String, String> taskConfig = new HashMap<>(props);
      taskConfig.put(TaskAssignment.CONFIG, assignments.get(task).toJson());
      taskConfig.put(TaskProperties.TASK_ID, Integer.toString(task));
      configs.add(taskConfig);
    }
    return configs;
  }

  @Override
  public void stop() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
    if (catalog != null) {
      catalog.close();
    }
  }

  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    // Every record carries its exact source position; with exactly.once.source.support=enabled
    // the framework commits records and offsets in one transaction.
    return ExactlyOnceSupport.SUPPORTED;
  }

  @Override
  public boolean alterOffsets(
      Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
    for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
      Map<String, ?> partition = entry.getKey();
      if (!SourcePartitions.isValid(partition)) {
        throw new ConnectException(
            "Not a partition of this connector: "
                + partition
                + ". Partitions have \"kind\" segment, shard or table (see docs/source-connector.md).");
      }
      String problem = OffsetValues.problem(partition, entry.getValue());
      if (problem != null) {
        throw new ConnectException(
            "Offset of partition "
                + partition
                + " refused: "
                + problem
                + " (see \"Offsets\" in docs/source-connector.md).");
      }
    }
    return true;
  }

  /** The tables to read now; tables that cannot be streamed are skipped with a warning. */
  private List<TableInfo> discover() {
    lastDiscoveryMillis = System.currentTimeMillis();
    List<TableInfo> found = new ArrayList<>();
    for (String name : selector.select(catalog)) {
      TableInfo info = catalog.describe(name);
      if (info == null) {
        LOG.warn("Table {} does not exist (yet); it is read once it does", name);
        continue;
      }
      if (config.mode() != SourceMode.SNAPSHOT_ONLY && info.streamProblem() != null) {
        if (selector.isExplicit()) {
          throw new ConnectException(info.streamProblem());
        }
        LOG.warn("Skipping table {}: {}", name, info.streamProblem());
        continue;
      }
      found.add(info);
    }
    return found;
  }

  /** Runs every few seconds: new or dropped tables, re-snapshot requests, snapshot completion. */
  private void watch() {
    try {
      boolean replan = false;
      if (System.currentTimeMillis() - lastDiscoveryMillis
          >= config.discoveryInterval().toMillis()) {
        List<TableInfo> current = discover();
        if (!identities(current).equals(identities(tables))) {
          LOG.info(
              "The set of tables changed to {}; re-planning tasks",
              current.stream().map(TableInfo::name).toList());
          tables = current;
          replan = true;
        }
      }
      StoredOffsets offsets = StoredOffsets.of(context().offsetStorageReader());
      for (TableInfo table : tables) {
        TableMarker marker =
            TableMarker.fromOffset(offsets.offset(SourcePartitions.table(table.name())));
        Integer planned = plannedEpochs.get(table.name());
        if (marker != null
            && marker.tableId().equals(table.tableId())
            && marker.phase() == TableMarker.Phase.SNAPSHOT
            && marker.exportSnapshot()
            && marker.segments() > 0
            && plannedFiles.getOrDefault(planKey(table, marker), 0) == 0) {
          LOG.info(
              "Table {}: its export completed with {} data files; re-planning tasks to read them",
              table.name(),
              marker.segments());
          replan = true;
        }
        if (marker != null
            && marker.tableId().equals(table.tableId())
            && planned != null
            && marker.epoch() != planned) {
          LOG.info(
              "Table {} needs snapshot epoch {}; re-planning tasks", table.name(), marker.epoch());
          if (marker.streamArn() != null && !marker.streamArn().equals(table.streamArn())) {
            tables = discover();
          }
          replan = true;
        }
      }
      if (replan) {
        context.requestTaskReconfiguration();
      }
      if (config.mode() == SourceMode.SNAPSHOT_ONLY && !snapshotCompletionAnnounced) {
        announceSnapshotCompletion(offsets);
      }
    } catch (RuntimeException e) {
      LOG.warn("Checking tables failed; trying again in {} ms", WATCH_INTERVAL_MILLIS, e);
    }
  }

  private void announceSnapshotCompletion(StoredOffsets offsets) {
    long items = 0;
    for (TableInfo table : tables) {
      int segments = plannedSegments.getOrDefault(planKey(table, null), 0);
      if (segments == 0) {
        return;
      }
      for (int segment = 0; segment < segments; segment++) {
        SegmentPosition position =
            SegmentPosition.fromOffset(
                offsets.offset(
                    SourcePartitions.segment(table.name(), table.tableId(), 0, segment, segments)));
        if (position == null || !position.done()) {
          return;
        }
        items += position.items();
      }
    }
    snapshotCompletionAnnounced = true;
    LOG.info(
        "Snapshot complete: all {} table(s) are in Kafka ({} items). The connector now idles;"
            + " delete it when the migration is done.",
        tables.size(),
        items);
  }

  private static String planKey(TableInfo table, TableMarker marker) {
    int epoch = marker != null && marker.tableId().equals(table.tableId()) ? marker.epoch() : 0;
    return table.name() + "/" + table.tableId() + "/" + epoch;
  }

  private static List<String> identities(List<TableInfo> tables) {
    return tables.stream().map(t -> t.name() + "/" + t.tableId() + "/" + t.streamArn()).toList();
  }
}
