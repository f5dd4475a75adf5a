package io.ddbsync.source.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.common.event.KeyAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * What one task reads: its snapshot segments (Scan segments, or the data files of exports), the
 * exports it requests (SNAPSHOT_ONLY) and its table streams, plus each table's key, so tasks need
 * not describe tables themselves. Travels in the task config as JSON.
 */
public record TaskAssignment(
    List<SegmentWork> segments,
    List<StreamWork> streams,
    Map<String, List<KeyAttribute>> keys,
    List<ExportFileWork> exportFiles,
    List<ExportWork> exports) {
  public static final String CONFIG = "task.assignment";
  private static final ObjectMapper JSON = new ObjectMapper();

  public TaskAssignment {
    segments = List.copyOf(segments);
    streams = List.copyOf(streams);
    keys = Map.copyOf(keys);
    // Absent in the assignments of versions before exports.
    exportFiles = exportFiles == null ? List.of() : List.copyOf(exportFiles);
    exports = exports == null ? List.of() : List.copyOf(exports);
  }

  public TaskAssignment(
      List<SegmentWork> segments, List<StreamWork> streams, Map<String, List<KeyAttribute>> keys) {
    this(segments, streams, keys, List.of(), List.of());
  }

  @JsonIgnore
  public boolean isEmpty() {
    return segments.isEmpty() && streams.isEmpty() && exportFiles.isEmpty() && exports.isEmpty();
  }

  @JsonIgnore
  public List<String> tables() {
    List<String> tables = new ArrayList<>(keys.keySet());
    tables.sort(null);
    return tables;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the task assignment", e);
    }
  }

  public static TaskAssignment fromJson(String json) {
    try {
      return JSON.readValue(json, TaskAssignment.class);
    } catch (JsonProcessingException e) {
      throw new ConnectException("The task configuration holds no valid assignment: " + json, e);
    }
  }
}
