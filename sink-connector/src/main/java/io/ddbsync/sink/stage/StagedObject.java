package io.ddbsync.sink.stage;

import java.util.List;

/**
 * A staged file in S3, or a manifest that lists several.
 *
 * @param uploaded the bytes that were uploaded, kept while their batch loads so that a dialect that
 *     loads the file itself (PostgreSQL) does not download its own upload again; null when unknown
 * @param rows the rows the file (every part of a manifest, in order) was written from, in its
 *     column order, kept (the batch holds them anyway until its load commits) so that such a
 *     dialect streams them without reading the file back; null when unknown (a file staged by
 *     another attempt)
 * @param parts for a manifest, the files it lists, in the order of their rows; empty for a file
 */
public record StagedObject(
    String bucket,
    String key,
    long size,
    byte[] uploaded,
    List<Object[]> rows,
    List<StagedObject> parts) {
  public StagedObject {
    parts = parts == null ? List.of() : List.copyOf(parts);
  }

  public StagedObject(String bucket, String key, long size, byte[] uploaded) {
    this(bucket, key, size, uploaded, null, List.of());
  }

  public StagedObject(String bucket, String key, long size) {
    this(bucket, key, size, null, null, List.of());
  }

  /** The same object, with the rows it was written from. */
  public StagedObject withRows(List<Object[]> writtenFrom) {
    return new StagedObject(bucket, key, size, uploaded, writtenFrom, parts);
  }

  /** This object as the manifest of {@code files}, whose rows are {@code rows}. */
  public StagedObject asManifestOf(List<StagedObject> files, List<Object[]> allRows) {
    return new StagedObject(bucket, key, size, uploaded, allRows, files);
  }

  /** Whether this is a manifest, which COPY reads with the MANIFEST option. */
  public boolean isManifest() {
    return !parts.isEmpty();
  }

  /** The data files: the parts of a manifest, else this file. */
  public List<StagedObject> files() {
    return isManifest() ? parts : List.of(this);
  }

  /** The objects to delete once loaded: the parts of a manifest and the manifest, else this. */
  public List<StagedObject> objects() {
    if (!isManifest()) {
      return List.of(this);
    }
    List<StagedObject> all = new java.util.ArrayList<>(parts);
    all.add(this);
    return all;
  }

  public String uri() {
    return "s3://" + bucket + "/" + key;
  }
}
