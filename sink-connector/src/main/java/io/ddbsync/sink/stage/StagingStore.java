package io.ddbsync.sink.stage;

import java.util.List;

/** Where batches are staged: S3 in production and tests (moto); a fake in unit tests. */
public interface StagingStore extends AutoCloseable {
  /** Writes (or overwrites) an object. */
  StagedObject put(String key, byte[] data);

  byte[] get(StagedObject object);

  void delete(List<StagedObject> objects);

  /** A cheap call that fails when the bucket is unreachable or forbidden, for validate(). */
  void check();

  @Override
  default void close() {}
}
