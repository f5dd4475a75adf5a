package io.ddbsync.source.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The objects of an export in S3: its manifests and data files. */
public interface ExportObjects {
  /** The object's bytes as they are stored (a data file stays gzip-compressed). */
  InputStream open(String bucket, String key) throws IOException;

  /** Whether the object exists. */
  boolean exists(String bucket, String key);

  /** The keys of every object under {@code prefix}, in key order. */
  List<String> list(String bucket, String prefix);

  /** A small object (a manifest) as UTF-8 text. */
  default String readText(String bucket, String key) throws IOException {
    try (InputStream in = open(bucket, key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
