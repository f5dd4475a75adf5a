package io.ddbsync.sink.load;

import io.ddbsync.sink.db.TableSource;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Two sources map to one target table. Never retried: rows of one would land among the other's, so
 * the task stops with the names of both and the setting that separates them.
 */
public final class TableCollision extends ConnectException {
  private static final long serialVersionUID = 1L;

  public TableCollision(String schema, String table, TableSource owner, TableSource other) {
    super(
        "Table "
            + schema
            + "."
            + table
            + " holds the rows of "
            + owner.describe()
            + ", and "
            + other.describe()
            + " maps to the same table. Give one of them a table of its own with"
            + " table.name.overrides, for example "
            + other.overrideKey()
            + "="
            + table
            + "_2 (or change table.name.format / child.table.name.format).");
  }
}
