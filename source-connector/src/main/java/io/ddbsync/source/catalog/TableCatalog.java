package io.ddbsync.source.catalog;

import java.util.List;
import java.util.Map;

/** The DynamoDB control-plane calls the connector makes; a fake implements it in unit tests. */
public interface TableCatalog extends AutoCloseable {
  /** Every table name of the account and region (ListTables, all pages). */
  List<String> listTables();

  /** The table, or null if it does not exist. */
  TableInfo describe(String table);

  /** The table's tags (ListTagsOfResource, all pages). */
  Map<String, String> tags(String table);

  @Override
  default void close() {}
}
