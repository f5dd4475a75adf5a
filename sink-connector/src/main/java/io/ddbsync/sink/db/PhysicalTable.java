package io.ddbsync.sink.db;

import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.Identifiers;
import java.util.List;

/**
 * A target table as it is (or is about to be) in the database.
 *
 * @param keyColumns the primary key: the item key, plus the positions for child tables
 * @param distributionColumn the column Redshift distributes rows on (the partition key, in child
 *     tables too, so parents and children join locally)
 * @param unmapped columns the connector created for fields this batch's schemas do not have (an
 *     older or newer schema's); a change is a whole item, so a MERGE sets them to NULL
 */
public record PhysicalTable(
    String schema,
    String name,
    List<Column> columns,
    List<Column> keyColumns,
    Column distributionColumn,
    List<Column> unmapped) {
  public PhysicalTable {
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
    unmapped = List.copyOf(unmapped);
  }

  public PhysicalTable(
      String schema,
      String name,
      List<Column> columns,
      List<Column> keyColumns,
      Column distributionColumn) {
    this(schema, name, columns, keyColumns, distributionColumn, List.of());
  }

  public String qualifiedName() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(name);
  }
}
