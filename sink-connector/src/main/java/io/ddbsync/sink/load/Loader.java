package io.ddbsync.sink.load;

import io.ddbsync.sink.batch.Batch;

/**
 * Loads batches into the warehouse. The JDBC implementation is {@link JdbcLoader}; unit tests of
 * the batching discipline use a fake. A load that fails because the database refused some rows
 * throws a {@link LoadFailure} naming their records.
 */
public interface Loader extends AutoCloseable {
  LoadResult load(Batch batch) throws Exception;

  /**
   * Called on the task's thread while another load runs, with the batch that will be loaded next:
   * its files may be staged meanwhile. Loading it later uses them if its tables still match.
   */
  default void prestage(Batch batch) {}

  /** True for failures a retry may cure. */
  boolean isTransient(Exception error);

  /** Drops connections after a failure. */
  void reset();

  @Override
  void close();
}
