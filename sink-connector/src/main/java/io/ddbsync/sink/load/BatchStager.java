package io.ddbsync.sink.load;

import io.ddbsync.common.logging.PluginThreads;
import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.db.CopySplit;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.flatten.RowGroup;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.SystemColumns;
import io.ddbsync.sink.parquet.ParquetRows;
import io.ddbsync.sink.stage.CopyManifest;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.sink.stage.StagingStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages a batch's files: encodes the upserts, the deletes and each child table's rows as Parquet
 * and uploads them in parallel under keys named after the batch's offsets and unique to the attempt
 * (no attempt reads another's files, nor the load errors Redshift records by file name). While one
 * batch loads, the next can be staged early ({@link #prestage}); its load takes those files only if
 * they were staged for the same batch and the same tables. Files no attempt will load (a failed
 * attempt's, an early batch's that was built again) are deleted once their uploads finished. A
 * table's rows may be staged as several files and a manifest that lists them ({@link CopySplit}),
 * so that every slice of a Redshift cluster loads a share.
 */
final class BatchStager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchStager.class);
  private static final int STAGING_THREADS = 3;

  private final StagingStore staging;
  private final String prefix;
  private final CompressionCodecName compression;
  private final boolean keepFiles;
  private final ExecutorService pool =
      Executors.newFixedThreadPool(STAGING_THREADS, PluginThreads.named("ddbsync-staging"));

  /** Files staged for a batch while the previous load ran, and the tables they were written for. */
  private record Prestaged(Batch batch, BatchTables tables, StagedBatch files) {}

  // At most one: the batch the task will load next. Set on the task thread, taken by the loader.
  private Prestaged prestaged;
  // The uploads last started by prestage(), on the task thread only: a batch built again after a
  // failed load has the same offsets, so its files have the same keys, and two uploads of one key
  // must never overlap.
  private StagedBatch lastEarlyUploads;
  // How many files a table's rows are staged as: what the dialect said at the latest load.
  private volatile CopySplit split = CopySplit.ONE_FILE;

  BatchStager(
      StagingStore staging, String prefix, CompressionCodecName compression, boolean keepFiles) {
    this.staging = staging;
    this.prefix = prefix;
    this.compression = compression;
    this.keepFiles = keepFiles;
  }

  /** How the files of later batches are split, as the dialect says for the connection it loads. */
  void splitFilesBy(CopySplit split) {
    this.split = split;
  }

  /** Starts staging {@code batch}'s files for {@code planned} tables, for its load to take. */
  void prestage(Batch batch, BatchTables planned) {
    Prestaged unused;
    synchronized (this) {
      unused = prestaged; // an earlier batch built early and never loaded
      prestaged = null;
    }
    if (unused != null) {
      cleanUp(unused.files().finishQuietly());
    }
    if (lastEarlyUploads != null) {
      // At most one batch's files upload early at a time.
      lastEarlyUploads.finishQuietly();
    }
    StagedBatch files = stage(batch, planned);
    lastEarlyUploads = files;
    synchronized (this) {
      prestaged = new Prestaged(batch, planned, files);
    }
  }

  /**
   * The batch's files: those staged early if they were staged for this batch and these tables, else
   * staged now. Every file is encoded and uploaded in the background; each step of the load waits
   * only for its own file, so the child files are still staging while the parent rows load.
   */
  StagedBatch stagingFor(Batch batch, BatchTables tables) {
    String key = batch.stageKey(prefix);
    Prestaged early;
    synchronized (this) {
      early = prestaged;
      // Files staged early for a later batch stay for it (this may be a retry of the batch before).
      if (early != null && (early.batch() == batch || early.batch().stageKey(prefix).equals(key))) {
        prestaged = null;
      } else {
        early = null;
      }
    }
    if (early != null) {
      if (early.batch() == batch && early.tables().equals(tables)) {
        return early.files();
      }
      // The same offsets built again, or tables changed since: those files are not wanted.
      cleanUp(early.files().finishQuietly());
    }
    return stage(batch, tables);
  }

  /** The removed keys' file: the key columns and the removal time. */
  static List<Column> deleteColumns(PhysicalTable parent) {
    List<Column> columns = new ArrayList<>(parent.keyColumns());
    columns.add(
        new Column(
            SystemColumns.EVENT_TIME,
            SqlType.TIMESTAMP,
            SystemColumns.fieldPath(SystemColumns.EVENT_TIME)));
    return columns;
  }

  /** The soft-removed keys' file: as the removed keys', and whether each expired if recorded. */
  static List<Column> softDeleteColumns(PhysicalTable parent) {
    List<Column> columns = deleteColumns(parent);
    expiredColumn(parent)
        .ifPresent(
            expired ->
                columns.add(
                    new Column(SystemColumns.EXPIRED, SqlType.BOOLEAN, expired.fieldPath())));
    return columns;
  }

  /** The parent's expiry flag, when its layout records expiry (ttl.removals=SOFT). */
  static java.util.Optional<Column> expiredColumn(PhysicalTable parent) {
    String path = SystemColumns.fieldPath(SystemColumns.EXPIRED);
    return parent.columns().stream().filter(c -> c.fieldPath().equals(path)).findFirst();
  }

  /** Deletes a loaded batch's files (and manifests) unless they are kept for auditing. */
  void cleanUp(List<StagedObject> staged) {
    if (keepFiles) {
      return;
    }
    deleteQuietly(staged.stream().flatMap(file -> file.objects().stream()).toList());
  }

  private void deleteQuietly(List<StagedObject> staged) {
    if (staged.isEmpty()) {
      return;
    }
    try {
      staging.delete(staged);
    } catch (RuntimeException e) {
      // The batch is loaded; a leftover file costs storage, not correctness.
      LOG.warn(
          "Could not delete staged files {}: {}",
          staged.stream().map(StagedObject::uri).toList(),
          e.getMessage());
    }
  }

  /** Upserts, deletes and each child table's rows, under keys of their own for this attempt. */
  private StagedBatch stage(Batch batch, BatchTables tables) {
    String key = batch.stageKey(prefix, attemptId());
    PhysicalTable parent = tables.parent();
    Future<StagedObject> upserts =
        submit(key + "-upserts", parent.columns(), batch.rows().upserts());
    Future<StagedObject> deletes =
        submit(key + "-deletes", deleteColumns(parent), batch.rows().deletes());
    Future<StagedObject> softDeletes =
        submit(key + "-soft-deletes", softDeleteColumns(parent), batch.rows().softDeletes());
    Future<StagedObject> keeps = submit(key + "-kept", deleteColumns(parent), batch.rows().keeps());
    Map<String, Future<StagedObject>> children = new LinkedHashMap<>();
    List<TableLayout.ChildLayout> layouts = batch.layout().children();
    for (int i = 0; i < layouts.size(); i++) {
      // Rows are the layout's list's; the file is named after the table they go to.
      String list = layouts.get(i).name();
      PhysicalTable child = tables.children().get(i);
      children.put(
          list,
          submit(key + "-" + childFile(child.name()), child.columns(), batch.rows().child(list)));
    }
    return new StagedBatch(upserts, deletes, softDeletes, keeps, children);
  }

  /** Random, so that two attempts never share a key, even across task restarts. */
  private static String attemptId() {
    return "a"
        + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);
  }

  /** A child table's file name part, never the name of the batch's other files. */
  private static String childFile(String table) {
    return table.equals("upserts") || table.equals("deletes") || table.equals("kept")
        ? "child-" + table
        : table;
  }

  private Future<StagedObject> submit(String key, List<Column> columns, RowGroup rows) {
    if (rows.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<Object[]> all = rows.rows();
    List<CopySplit.Range> ranges = split.ranges(all.size());
    if (ranges.size() == 1) {
      return CompletableFuture.supplyAsync(() -> write(key + ".parquet", columns, all), pool);
    }
    List<CompletableFuture<StagedObject>> parts = new ArrayList<>(ranges.size());
    for (int i = 0; i < ranges.size(); i++) {
      List<Object[]> partRows = all.subList(ranges.get(i).from(), ranges.get(i).to());
      String partKey = key + String.format(java.util.Locale.ROOT, "-part%04d.parquet", i + 1);
      parts.add(CompletableFuture.supplyAsync(() -> write(partKey, columns, partRows), pool));
    }
    // Written once every part is, on a staging thread (never the task thread, which may attach
    // this after the parts finished), and never by a thread that waits for the parts.
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .handleAsync(
            (done, failure) -> {
              List<StagedObject> written = new ArrayList<>();
              for (CompletableFuture<StagedObject> part : parts) {
                if (!part.isCompletedExceptionally()) {
                  written.add(part.join());
                }
              }
              if (failure != null) {
                // The attempt fails; the parts that were written are not listed anywhere else.
                deleteQuietly(written);
                throw failure instanceof java.util.concurrent.CompletionException completion
                    ? completion
                    : new java.util.concurrent.CompletionException(failure);
              }
              try {
                return staging
                    .put(key + ".manifest", CopyManifest.of(written))
                    .asManifestOf(written, all);
              } catch (RuntimeException manifestFailed) {
                deleteQuietly(written);
                throw manifestFailed;
              }
            },
            pool);
  }

  private StagedObject write(String key, List<Column> columns, List<Object[]> rows) {
    return staging.put(key, ParquetRows.write(columns, rows, compression)).withRows(rows);
  }

  /** Stops the staging threads. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
