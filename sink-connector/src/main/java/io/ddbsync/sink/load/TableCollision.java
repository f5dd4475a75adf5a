package io.ddbsync.sink.load;

import io.ddbsync.sink.db.TableSource;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Two sources map to one target table. Never retried: rows of one would land among the other's, so
 * the table of the second stops (its partitions pause; the task's other tables go on) with the
 * names of both and the setting that separates them.
 */
public final class TableCollision extends ConnectException {
  private static final long serialVersionUID = 1L;
  private final String table;

  public TableCollision(String schema, String table, TableSource owner, TableSource other) {
    super(message(schema, table, owner, other));
    this.table = table;
  }

  /** The target table both sources map to. */
  public String table() {
    return table;
  }

  private static String message(String schema, String table, TableSource owner, TableSource other) {
    String head =
        "Table "
            + schema
            + "."
            + table
            + " holds the rows of "
            + owner.describe()
            + ", and "
            + other.describe()
            + " maps to the same table, so its records are not loaded.";
    if (owner.dynamoTable().equals(other.dynamoTable())
        && owner.topic() != null
        && other.topic() != null
        && !owner.topic().equals(other.topic())) {
      return head
          + " Two sources of a DynamoDB table of the same name (regions, accounts, environments)"
          + " need tables of their own: set table.name.format=${topic} (child tables follow their"
          + " parent's name), or run one sink connector per source with its own target.schema."
          + " If "
          + other.topic()
          + " now carries the very same table under a new topic name, clear the table's comment"
          + " (COMMENT ON TABLE "
          + schema
          + "."
          + table
          + " IS NULL, and the same on its child tables) and the new topic takes it over.";
    }
    return head
        + " Give one of them a table of its own with table.name.overrides, for example "
        + other.overrideKey()
        + "="
        + table
        + "_2 (or change table.name.format / child.table.name.format).";
  }
}
