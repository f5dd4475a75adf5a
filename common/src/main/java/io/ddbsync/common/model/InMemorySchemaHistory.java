package io.ddbsync.common.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A schema history shared by the objects of one process; used by tests and benchmarks. */
public final class InMemorySchemaHistory implements SchemaHistory {
  private final Map<String, List<Assignment>> byTable = new HashMap<>();

  @Override
  public synchronized List<Assignment> load(String table) {
    return List.copyOf(byTable.getOrDefault(table, List.of()));
  }

  @Override
  public synchronized List<Assignment> append(String table, List<Assignment> proposals) {
    List<Assignment> history = byTable.computeIfAbsent(table, t -> new ArrayList<>());
    history.addAll(proposals);
    return List.copyOf(history);
  }
}
