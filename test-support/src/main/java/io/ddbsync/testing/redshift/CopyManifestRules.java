package io.ddbsync.testing.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Redshift accepts as the manifest of a COPY of Parquet files ("Using a manifest to specify
 * data files", "COPY from columnar data formats", Database Developer Guide): JSON with an {@code
 * entries} array of objects with the full {@code url} of an object (not a prefix), an optional
 * {@code mandatory} flag (default false; a mandatory file that is missing fails the COPY), and, for
 * Parquet and ORC, {@code meta.content_length}, the object's size in bytes, which COPY requires.
 * COPY fails when no file is found, whatever the flags say. One rule is the stand-in's own, a
 * tripwire rather than Redshift's behaviour: a file listed twice, which Redshift would load twice,
 * is refused, so that no test passes with a row loaded twice.
 */
final class CopyManifestRules {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern S3_URL = Pattern.compile("s3://([^/]+)/(.+)");

  /** A file to load: its bucket and key. */
  record DataFile(String bucket, String key) {
    String uri() {
      return "s3://" + bucket + "/" + key;
    }
  }

  /** The files to load, in the manifest's order, or why COPY fails. */
  record Outcome(List<DataFile> files, String failure) {}

  private CopyManifestRules() {}

  /**
   * @param size an object's size in bytes, or -1 when it does not exist
   */
  static Outcome read(byte[] manifest, ToLongFunction<DataFile> size) {
    JsonNode root;
    try {
      root = JSON.readTree(manifest);
    } catch (IOException e) {
      return failure("Manifest file is not in correct json format: " + e.getMessage());
    }
    JsonNode entries = root == null ? null : root.get("entries");
    if (entries == null || !entries.isArray()) {
      return failure("Manifest file is not in correct json format: no \"entries\" array");
    }
    List<DataFile> files = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (JsonNode entry : entries) {
      String url = entry.path("url").asText("");
      Matcher parts = S3_URL.matcher(url);
      if (!parts.matches()) {
        return failure("Manifest entry has no valid s3:// url: " + entry);
      }
      if (!listed.add(url)) {
        return failure(
            "Stand-in tripwire: the manifest lists "
                + url
                + " twice; Redshift would load its rows"
                + " twice");
      }
      JsonNode length = entry.path("meta").path("content_length");
      if (!length.isIntegralNumber()) {
        return failure(
            "Manifest entry for "
                + url
                + " has no meta.content_length, which COPY of Parquet or ORC files requires");
      }
      DataFile file = new DataFile(parts.group(1), parts.group(2));
      long actual = size.applyAsLong(file);
      if (actual < 0) {
        if (entry.path("mandatory").asBoolean(false)) {
          return failure(
              "S3ServiceException: The specified key does not exist. Mandatory file " + url);
        }
        continue;
      }
      if (actual != length.asLong()) {
        return failure(
            "Manifest entry for "
                + url
                + " gives content_length "
                + length.asLong()
                + " but the object has "
                + actual
                + " bytes");
      }
      files.add(file);
    }
    if (files.isEmpty()) {
      return failure("The manifest lists no file that exists");
    }
    return new Outcome(files, null);
  }

  private static Outcome failure(String message) {
    return new Outcome(List.of(), message);
  }
}
