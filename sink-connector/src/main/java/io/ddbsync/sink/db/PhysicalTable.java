package io.ddbsync.sink.db;

import io.ddbsync.sink.model.Column;
import java.util.List;

/**
 * A target table as it is (or is about to be) in the database.
 *
 * @param keyColumns the primary key: the item key, plus _position for child tables
 * @param distributionColumn the column Redshift distributes rows on (the partition key, in child
 *     tables too, so parents and children join locally)
 */
public record PhysicalTable(
    String schema,
    String name,
    List<Column> columns,
    List<Column> keyColumns,
    Column distributionColumn) {
  public PhysicalTable {
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
  }

  public String qualifiedName() {
    return io.ddbsync.sink.model.Identifiers.quote(schema)
        + "."
        + io.ddbsync.sink.model.Identifiers.quote(name);
  }
}
