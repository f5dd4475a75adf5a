package io.ddbsync.source.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds an export's data files in S3: through its manifests when the export wrote them (as AWS
 * always does), else by listing its {@code data/} folders (moto writes data files only). Keys in a
 * manifest are written relative to the export's prefix or in full; both are resolved.
 */
public final class ExportManifests {
  private final ExportObjects objects;

  public ExportManifests(ExportObjects objects) {
    this.objects = objects;
  }

  /** The data files of the completed export {@code export}, keys in full. */
  public ExportManifest read(ExportDescription export) throws IOException {
    String bucket = export.bucket();
    String prefix = export.prefix() == null ? "" : trimSlashes(export.prefix());
    if (export.manifestKey() != null && !export.manifestKey().isEmpty()) {
      String summaryKey = resolve(bucket, prefix, export.manifestKey());
      if (summaryKey != null) {
        String summary = objects.readText(bucket, summaryKey);
        String filesKey = resolve(bucket, prefix, ExportManifest.filesManifestKey(summary));
        if (filesKey == null) {
          throw new IOException(
              "The files manifest of export "
                  + export.exportArn()
                  + " is missing from s3://"
                  + bucket);
        }
        ExportManifest manifest = ExportManifest.parse(summary, objects.readText(bucket, filesKey));
        return withFullKeys(bucket, prefix, manifest);
      }
    }
    return listed(bucket, prefix, export.exportId());
  }

  private ExportManifest withFullKeys(String bucket, String prefix, ExportManifest manifest)
      throws IOException {
    List<ExportDataFile> files = new ArrayList<>(manifest.files().size());
    Boolean relative = null;
    for (ExportDataFile file : manifest.files()) {
      if (relative == null) {
        // Decided once, by the first file: every key of a manifest is written the same way.
        relative = !prefix.isEmpty() && !objects.exists(bucket, file.key());
      }
      String key = relative ? prefix + "/" + file.key() : file.key();
      files.add(new ExportDataFile(key, file.itemCount(), file.md5Base64()));
    }
    if (!files.isEmpty() && !objects.exists(bucket, files.get(0).key())) {
      throw new IOException(
          "The export's data file " + files.get(0).key() + " is missing from s3://" + bucket);
    }
    return new ExportManifest(manifest.itemCount(), files);
  }

  /** Data files found by listing: those of this export's id when its folder exists, else all. */
  private ExportManifest listed(String bucket, String prefix, String exportId) {
    String root = (prefix.isEmpty() ? "" : prefix + "/") + "AWSDynamoDB/";
    List<String> keys = objects.list(bucket, root + exportId + "/data/");
    if (keys.isEmpty()) {
      keys = objects.list(bucket, root).stream().filter(k -> k.contains("/data/")).toList();
    }
    List<ExportDataFile> files = new ArrayList<>(keys.size());
    for (String key : keys) {
      files.add(new ExportDataFile(key, -1, null));
    }
    return new ExportManifest(-1, files);
  }

  /** {@code key} as it is in the bucket: in full, or under the prefix; null if neither exists. */
  private String resolve(String bucket, String prefix, String key) {
    if (objects.exists(bucket, key)) {
      return key;
    }
    String underPrefix = prefix.isEmpty() ? key : prefix + "/" + key;
    return objects.exists(bucket, underPrefix) ? underPrefix : null;
  }

  static String trimSlashes(String prefix) {
    String trimmed = prefix;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
