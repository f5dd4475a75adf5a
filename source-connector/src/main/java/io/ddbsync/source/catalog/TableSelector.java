package io.ddbsync.source.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which tables the connector reads: the explicit list if one is configured, otherwise every table
 * whose name passes the include and exclude expressions and which carries all required tags. Names
 * come back sorted, so plans are deterministic.
 */
public final class TableSelector {
  private final List<String> explicit;
  private final Pattern include;
  private final Pattern exclude;
  private final Map<String, String> requiredTags;

  public TableSelector(
      List<String> explicit, Pattern include, Pattern exclude, Map<String, String> requiredTags) {
    this.explicit = List.copyOf(explicit);
    this.include = include;
    this.exclude = exclude;
    this.requiredTags = Map.copyOf(requiredTags);
  }

  public boolean isExplicit() {
    return !explicit.isEmpty();
  }

  public List<String> select(TableCatalog catalog) {
    if (isExplicit()) {
      return List.copyOf(new TreeSet<>(explicit));
    }
    List<String> selected = new ArrayList<>();
    for (String name : new TreeSet<>(catalog.listTables())) {
      if (matchesName(name) && (requiredTags.isEmpty() || hasTags(catalog.tags(name)))) {
        selected.add(name);
      }
    }
    return selected;
  }

  boolean matchesName(String name) {
    if (include != null && !include.matcher(name).matches()) {
      return false;
    }
    return exclude == null || !exclude.matcher(name).matches();
  }

  private boolean hasTags(Map<String, String> tags) {
    for (Map.Entry<String, String> required : requiredTags.entrySet()) {
      if (!required.getValue().equals(tags.get(required.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
