package io.ddbsync.source.fakes;

import io.ddbsync.source.catalog.TableCatalog;
import io.ddbsync.source.catalog.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Tables for unit tests. */
public final class FakeCatalog implements TableCatalog {
  private final Map<String, TableInfo> tables = new HashMap<>();
  private final Map<String, Map<String, String>> tags = new HashMap<>();

  public synchronized FakeCatalog put(TableInfo table) {
    tables.put(table.name(), table);
    return this;
  }

  public synchronized FakeCatalog tag(String table, String key, String value) {
    tags.computeIfAbsent(table, t -> new HashMap<>()).put(key, value);
    return this;
  }

  public synchronized void drop(String table) {
    tables.remove(table);
  }

  @Override
  public synchronized List<String> listTables() {
    return new ArrayList<>(tables.keySet());
  }

  @Override
  public synchronized TableInfo describe(String table) {
    return tables.get(table);
  }

  @Override
  public synchronized Map<String, String> tags(String table) {
    return tags.getOrDefault(table, Map.of());
  }
}
