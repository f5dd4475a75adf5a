package io.ddbsync.common.model;

import java.util.List;

/**
 * The ordered, shared record of every table's field assignments. All tasks that emit records for a
 * table append to one history and apply it in its order, which is what keeps the plain field name
 * of an attribute on the same type everywhere. Implementations: an in-memory list for tests and
 * single-process tools, and a single-partition Kafka topic in the source connector.
 */
public interface SchemaHistory extends AutoCloseable {
  /** Every assignment recorded for {@code table} so far, in history order. */
  List<Assignment> load(String table);

  /**
   * Records {@code proposals} (in this order, after anything already recorded) and returns the
   * table's full history afterwards, which may also contain other tasks' assignments.
   */
  List<Assignment> append(String table, List<Assignment> proposals);

  @Override
  default void close() {}
}
