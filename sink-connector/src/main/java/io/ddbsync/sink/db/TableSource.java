package io.ddbsync.sink.db;

import java.util.Objects;

/**
 * Where a target table's rows come from: a DynamoDB table as one topic carries it, or a list
 * attribute of one (at any depth). Recorded as the table's comment, so that no two sources ever
 * write one physical table, whichever task or connector created it, and so that a table's child
 * tables can be found. Two DynamoDB tables of the same name on different topics (two regions,
 * accounts or environments) are different sources.
 *
 * <p>Comments: {@code ddbsync source table=Orders topic=dynamodb.Orders} for an item's table, with
 * its {@link SnapshotGenerations} after it, and {@code ddbsync source table=Orders
 * topic=dynamodb.Orders list=Items.Options} for a list's table. DynamoDB table names and Kafka
 * topic names hold no spaces, so the parts stay apart; the list path comes last and is taken whole.
 * Versions before topics were recorded wrote the same without {@code topic=}: such a table is taken
 * over by the first source of its DynamoDB table that writes it ({@link #adopts}).
 *
 * @param topic the Kafka topic the rows come from (the original topic, before any renaming
 *     transform); null only for a comment written before topics were recorded
 * @param listPath the list's attribute path from the item, dot-separated; null for the item's own
 *     table
 */
public record TableSource(String dynamoTable, String topic, String listPath) {
  private static final String PREFIX = "ddbsync source table=";
  private static final String TOPIC = " topic=";
  private static final String LIST = " list=";

  public TableSource {
    Objects.requireNonNull(dynamoTable, "dynamoTable");
  }

  /** The item table of {@code dynamoTable} on {@code topic}. */
  public static TableSource of(String dynamoTable, String topic) {
    return new TableSource(dynamoTable, topic, null);
  }

  /** The table of the list at {@code path} of this source's items. */
  public TableSource list(String path) {
    return new TableSource(dynamoTable, topic, path);
  }

  /** The item table of this source (itself for an item table). */
  public TableSource items() {
    return listPath == null ? this : new TableSource(dynamoTable, topic, null);
  }

  /** The same source as a version before topics were recorded wrote it. */
  public TableSource withoutTopic() {
    return new TableSource(dynamoTable, null, listPath);
  }

  /** The comment text. */
  public String comment() {
    return PREFIX
        + dynamoTable
        + (topic == null ? "" : TOPIC + topic)
        + (listPath == null ? "" : LIST + listPath);
  }

  /** The comment of an item's table with the state of its snapshot generations. */
  public String comment(SnapshotGenerations generations) {
    String state = generations.comment();
    return state.isEmpty() ? comment() : comment() + " " + state;
  }

  /**
   * Whether a table whose comment names {@code recorded} may take this source's rows: the same
   * source, or the same DynamoDB table and list recorded before topics were.
   */
  public boolean adopts(TableSource recorded) {
    return equals(recorded) || (recorded.topic == null && equals(recorded.withTopic(topic)));
  }

  private TableSource withTopic(String newTopic) {
    return new TableSource(dynamoTable, newTopic, listPath);
  }

  /** The comment prefix every child table of this source has. */
  public String childCommentPrefix() {
    return items().comment() + LIST;
  }

  /** The source a table comment names, or null for a comment the connector did not write. */
  public static TableSource parse(String comment) {
    if (comment == null || !comment.startsWith(PREFIX)) {
      return null;
    }
    String rest = comment.substring(PREFIX.length());
    String listPath = null;
    int list = rest.indexOf(LIST);
    if (list >= 0) {
      listPath = rest.substring(list + LIST.length());
      rest = rest.substring(0, list);
    } else {
      // An item table: its generation state follows the source, after a blank.
      String[] words = rest.split(" ", -1);
      rest = words[0] + (words.length > 1 && words[1].startsWith("topic=") ? " " + words[1] : "");
    }
    int topic = rest.indexOf(TOPIC);
    return topic < 0
        ? new TableSource(rest, null, listPath)
        : new TableSource(
            rest.substring(0, topic), rest.substring(topic + TOPIC.length()), listPath);
  }

  /** For messages: "DynamoDB table Orders (topic t)" or "list Items of DynamoDB table ...". */
  public String describe() {
    String table =
        "DynamoDB table " + dynamoTable + (topic == null ? "" : " (topic " + topic + ")");
    return listPath == null ? table : "list " + listPath + " of " + table;
  }

  /** For messages: the table.name.overrides entry key of this source. */
  public String overrideKey() {
    return listPath == null ? dynamoTable : dynamoTable + "." + listPath;
  }
}
