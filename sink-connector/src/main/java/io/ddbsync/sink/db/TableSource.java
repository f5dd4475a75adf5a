package io.ddbsync.sink.db;

import java.util.Objects;

/**
 * Where a target table's rows come from: a DynamoDB table, or a list attribute of one (at any
 * depth). Recorded as the table's comment, so that no two sources ever write one physical table,
 * whichever task or connector created it, and so that a table's child tables can be found.
 *
 * <p>The comment of an item's table also records the newest snapshot generation whose end the table
 * has seen ({@code snapshot=} and microseconds since the epoch), so that a change older than it,
 * arriving late on another partition, is known to be stale.
 *
 * @param listPath the list's attribute path from the item, dot-separated; null for the item's own
 *     table
 */
public record TableSource(String dynamoTable, String listPath) {
  private static final String PREFIX = "ddbsync source table=";
  private static final String LIST = " list=";
  private static final String SNAPSHOT = " snapshot=";

  public TableSource {
    Objects.requireNonNull(dynamoTable, "dynamoTable");
  }

  public static TableSource of(String dynamoTable) {
    return new TableSource(dynamoTable, null);
  }

  /** The comment text. DynamoDB table names have no spaces, so the parts stay apart. */
  public String comment() {
    return PREFIX + dynamoTable + (listPath == null ? "" : LIST + listPath);
  }

  /** The comment of an item's table that has seen the end of snapshot generation {@code micros}. */
  public String comment(long completedSnapshotMicros) {
    return completedSnapshotMicros > 0 ? comment() + SNAPSHOT + completedSnapshotMicros : comment();
  }

  /** The completed snapshot generation a table comment records; 0 for none. */
  public static long completedSnapshot(String comment) {
    if (comment == null || !comment.startsWith(PREFIX)) {
      return 0;
    }
    int at = comment.indexOf(SNAPSHOT);
    if (at < 0) {
      return 0;
    }
    try {
      return Long.parseLong(comment.substring(at + SNAPSHOT.length()).trim());
    } catch (NumberFormatException notOurs) {
      return 0;
    }
  }

  /** The comment prefix every child table of {@code dynamoTable} has. */
  public static String childCommentPrefix(String dynamoTable) {
    return PREFIX + dynamoTable + LIST;
  }

  /** The source a table comment names, or null for a comment the connector did not write. */
  public static TableSource parse(String comment) {
    if (comment == null || !comment.startsWith(PREFIX)) {
      return null;
    }
    String rest = comment.substring(PREFIX.length());
    int snapshot = rest.indexOf(SNAPSHOT);
    if (snapshot >= 0) {
      rest = rest.substring(0, snapshot);
    }
    int list = rest.indexOf(LIST);
    return list < 0
        ? new TableSource(rest, null)
        : new TableSource(rest.substring(0, list), rest.substring(list + LIST.length()));
  }

  /** For messages: "DynamoDB table Orders" or "list Items of DynamoDB table Orders". */
  public String describe() {
    return listPath == null
        ? "DynamoDB table " + dynamoTable
        : "list " + listPath + " of DynamoDB table " + dynamoTable;
  }

  /** For messages: the table.name.overrides entry key of this source. */
  public String overrideKey() {
    return listPath == null ? dynamoTable : dynamoTable + "." + listPath;
  }
}
