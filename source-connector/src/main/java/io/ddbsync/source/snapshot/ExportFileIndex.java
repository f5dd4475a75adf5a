package io.ddbsync.source.snapshot;

import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.export.ExportDataFile;
import io.ddbsync.source.export.ExportDescription;
import io.ddbsync.source.export.ExportManifest;
import io.ddbsync.source.export.ExportManifests;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data files of the exports a task reads, each export's manifest read once per task and shared
 * by the task's file readers. Every task reads the same manifest, so file {@code i} is the same
 * file everywhere.
 */
public final class ExportFileIndex {
  /** An export's data file and where it is. */
  public record Located(ExportDescription export, ExportDataFile file) {}

  private final ExportClient exports;
  private final ExportManifests manifests;
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

  private record Loaded(ExportDescription export, ExportManifest manifest) {}

  public ExportFileIndex(ExportClient exports, ExportManifests manifests) {
    this.exports = exports;
    this.manifests = manifests;
  }

  /** File {@code index} of the {@code total} files of export {@code exportArn}. */
  public Located file(String exportArn, int index, int total) throws IOException {
    Loaded export = loaded.get(exportArn);
    if (export == null) {
      synchronized (this) {
        export = loaded.get(exportArn);
        if (export == null) {
          ExportDescription description = exports.describe(exportArn);
          export = new Loaded(description, manifests.read(description));
          loaded.put(exportArn, export);
        }
      }
    }
    if (export.manifest().files().size() != total) {
      throw new IOException(
          "Export "
              + exportArn
              + " lists "
              + export.manifest().files().size()
              + " data files, but its snapshot was planned for "
              + total);
    }
    return new Located(export.export(), export.manifest().files().get(index));
  }
}
