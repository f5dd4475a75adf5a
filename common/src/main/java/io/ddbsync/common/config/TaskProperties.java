package io.ddbsync.common.config;

import java.util.Map;

/** What both connectors add to each task's configuration, beside the connector's own settings. */
public final class TaskProperties {
  private TaskProperties() {}

  /** The task's number, 0 to tasks.max - 1: it tags the task's metrics and names its threads. */
  public static final String TASK_ID = "task.id";

  /** The task's number in its configuration; 0 where none is given. */
  public static int taskId(Map<String, String> props) {
    return Integer.parseInt(props.getOrDefault(TASK_ID, "0"));
  }
}
