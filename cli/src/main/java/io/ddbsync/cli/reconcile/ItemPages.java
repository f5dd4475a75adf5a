package io.ddbsync.cli.reconcile;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Pages of a table's items, from a Scan or from an export's data files. */
public interface ItemPages extends AutoCloseable {
  /** The next page; null when every item has been read. */
  List<Map<String, AttributeValue>> next() throws InterruptedException;

  /** The read capacity reading consumed. */
  double consumedCapacity();

  @Override
  void close();
}
