package io.ddbsync.sink.load;

import io.ddbsync.sink.stage.StagedObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch's staged files by what they hold: the upserts, the deletes, the soft deletes and each
 * child table's rows, each being written and uploaded in the background. Each accessor waits for
 * its own file only; null where there were no rows to stage. A failure is thrown only once every
 * upload has finished, so that none outlives the attempt and races its retry.
 */
final class StagedBatch {
  private static final Logger LOG = LoggerFactory.getLogger(StagedBatch.class);

  private final Future<StagedObject> upserts;
  private final Future<StagedObject> deletes;
  private final Future<StagedObject> softDeletes;
  private final Future<StagedObject> keeps;
  private final Map<String, Future<StagedObject>> children;

  StagedBatch(
      Future<StagedObject> upserts,
      Future<StagedObject> deletes,
      Future<StagedObject> softDeletes,
      Future<StagedObject> keeps,
      Map<String, Future<StagedObject>> children) {
    this.upserts = upserts;
    this.deletes = deletes;
    this.softDeletes = softDeletes;
    this.keeps = keeps;
    this.children = new LinkedHashMap<>(children);
  }

  StagedObject upserts() {
    return await(upserts);
  }

  StagedObject deletes() {
    return await(deletes);
  }

  StagedObject softDeletes() {
    return await(softDeletes);
  }

  /** The keys of items expired under ttl.removals=KEEP, whose rows are kept. */
  StagedObject keeps() {
    return await(keeps);
  }

  /** The file of the rows of the layout's child table {@code list} (its layout name). */
  StagedObject child(String list) {
    Future<StagedObject> file = children.get(list);
    if (file == null) {
      throw new IllegalArgumentException("No file was staged for child table " + list);
    }
    return await(file);
  }

  /** Every staged file; throws the first failure. */
  List<StagedObject> awaitAll() {
    List<StagedObject> staged = new ArrayList<>(children.size() + 3);
    for (Future<StagedObject> future : all()) {
      StagedObject file = await(future);
      if (file != null) {
        staged.add(file);
      }
    }
    return staged;
  }

  /**
   * Waits for every upload after a failure that is being reported anyway, or of files no longer
   * wanted, and returns the files that were staged, for deletion.
   */
  List<StagedObject> finishQuietly() {
    List<StagedObject> staged = new ArrayList<>();
    for (Future<StagedObject> future : all()) {
      try {
        StagedObject file = future.get();
        if (file != null) {
          staged.add(file);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return staged;
      } catch (ExecutionException alsoFailed) {
        LOG.debug("Staging also failed: {}", alsoFailed.getCause().getMessage());
      }
    }
    return staged;
  }

  private List<Future<StagedObject>> all() {
    List<Future<StagedObject>> all = new ArrayList<>(children.size() + 4);
    all.add(upserts);
    all.add(deletes);
    all.add(softDeletes);
    all.add(keeps);
    all.addAll(children.values());
    return all;
  }

  private static StagedObject await(Future<StagedObject> file) {
    try {
      return file.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("Interrupted while staging files", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException("Staging failed", cause);
    }
  }
}
