package io.ddbsync.sink.flatten;

import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The settings that decide how events become rows. */
public final class FlattenSettings {
  private final TableNaming naming;
  private final int maxDepth;
  private final ListsMode listsMode;
  private final List<Pattern> timestampPatterns;
  private final OverflowPolicy overflowPolicy;
  private final DeleteMode deleteMode;

  public FlattenSettings(
      TableNaming naming,
      int maxDepth,
      ListsMode listsMode,
      List<String> timestampGlobs,
      OverflowPolicy overflowPolicy,
      DeleteMode deleteMode) {
    this.naming = naming;
    this.maxDepth = maxDepth;
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

  public ListsMode listsMode() {
    return listsMode;
  }

  public OverflowPolicy overflowPolicy() {
    return overflowPolicy;
  }

  public DeleteMode deleteMode() {
    return deleteMode;
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
