package io.ddbsync.sink.flatten;

import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The settings that decide how events become rows. */
public final class FlattenSettings {
  /** The default of {@code flatten.max.map.columns}. */
  public static final int DEFAULT_MAX_MAP_COLUMNS = 100;

  /** The default of {@code flatten.max.table.columns}. */
  public static final int DEFAULT_MAX_TABLE_COLUMNS = 1000;

  private final TableNaming naming;
  private final int maxDepth;
  private final int maxMapColumns;
  private final int maxTableColumns;
  private final ListsMode listsMode;
  private final List<Pattern> timestampPatterns;
  private final OverflowPolicy overflowPolicy;
  private final DeleteMode deleteMode;
  private final TtlRemovals ttlRemovals;

  public FlattenSettings(
      TableNaming naming,
      int maxDepth,
      ListsMode listsMode,
      List<String> timestampGlobs,
      OverflowPolicy overflowPolicy,
      DeleteMode deleteMode) {
    this(
        naming,
        maxDepth,
        DEFAULT_MAX_MAP_COLUMNS,
        DEFAULT_MAX_TABLE_COLUMNS,
        listsMode,
        timestampGlobs,
        overflowPolicy,
        deleteMode,
        TtlRemovals.DELETE);
  }

  /**
   * @param maxMapColumns the most columns one map is flattened into; a wider map stays one JSON
   *     column
   * @param maxTableColumns the most columns a table's item (or list element) is flattened into;
   *     past it the widest maps stay JSON columns
   * @param ttlRemovals what the removal of an item by its time to live does
   */
  public FlattenSettings(
      TableNaming naming,
      int maxDepth,
      int maxMapColumns,
      int maxTableColumns,
      ListsMode listsMode,
      List<String> timestampGlobs,
      OverflowPolicy overflowPolicy,
      DeleteMode deleteMode,
      TtlRemovals ttlRemovals) {
    this.ttlRemovals = ttlRemovals;
    this.naming = naming;
    this.maxDepth = maxDepth;
    this.maxMapColumns = maxMapColumns;
    this.maxTableColumns = maxTableColumns;
    this.listsMode = listsMode;
    this.overflowPolicy = overflowPolicy;
    this.deleteMode = deleteMode;
    this.timestampPatterns = new ArrayList<>(timestampGlobs.size());
    for (String glob : timestampGlobs) {
      timestampPatterns.add(glob(glob.trim()));
    }
  }

  public TableNaming naming() {
    return naming;
  }

  public int maxDepth() {
    return maxDepth;
  }

  public int maxMapColumns() {
    return maxMapColumns;
  }

  public int maxTableColumns() {
    return maxTableColumns;
  }

  public ListsMode listsMode() {
    return listsMode;
  }

  public OverflowPolicy overflowPolicy() {
    return overflowPolicy;
  }

  public DeleteMode deleteMode() {
    return deleteMode;
  }

  public TtlRemovals ttlRemovals() {
    return ttlRemovals;
  }

  /** Whether tables carry the soft-delete flag and time (some removals keep their rows). */
  public boolean keepsRemovedRows() {
    return deleteMode == DeleteMode.SOFT || ttlRemovals == TtlRemovals.SOFT;
  }

  /** Whether a removal keeps its row flagged: delete.mode=SOFT, or a TTL removal under SOFT. */
  public boolean isSoft(boolean ttlRemoval) {
    return deleteMode == DeleteMode.SOFT || (ttlRemoval && ttlRemovals == TtlRemovals.SOFT);
  }

  /** True when {@code <table>.<attribute path>} is configured to hold ISO-8601 timestamps. */
  public boolean isTimestamp(String dynamoTable, List<String> attributePath) {
    String candidate = dynamoTable + "." + String.join(".", attributePath);
    for (Pattern pattern : timestampPatterns) {
      if (pattern.matcher(candidate).matches()) {
        return true;
      }
    }
    return false;
  }

  /** A glob where {@code *} matches any text and everything else matches itself. */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    String[] parts = glob.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      if (!parts[i].isEmpty()) {
        regex.append(Pattern.quote(parts[i]));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
