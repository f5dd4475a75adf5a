package io.ddbsync.source.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An export's data files as its manifests list them ("DynamoDB table export output format",
 * Developer Guide): {@code manifest-summary.json} (one JSON object: the export, its item count, the
 * key of the files manifest) and {@code manifest-files.json} (JSON lines: each data file's key,
 * item count and MD5). The files manifest must add up to the summary's item count.
 *
 * @param itemCount the items (or changes) of the whole export; -1 when unknown
 * @param files the data files in the order the manifest lists them
 */
public record ExportManifest(long itemCount, List<ExportDataFile> files) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ExportManifest {
    files = List.copyOf(files);
  }

  /** The key of the files manifest the summary names. */
  public static String filesManifestKey(String summaryJson) throws IOException {
    JsonNode summary = JSON.readTree(summaryJson);
    JsonNode key = summary.get("manifestFilesS3Key");
    if (key == null || key.isNull() || key.asText().isEmpty()) {
      throw new IOException("The export's summary manifest names no manifestFilesS3Key");
    }
    return key.asText();
  }

  /**
   * The manifest of a summary and its files manifest. Data file keys are as the manifest writes
   * them; the caller resolves them against the export's prefix.
   */
  public static ExportManifest parse(String summaryJson, String filesJsonLines) throws IOException {
    JsonNode summary = JSON.readTree(summaryJson);
    long total = summary.path("itemCount").asLong(-1);
    List<ExportDataFile> files = new ArrayList<>();
    long counted = 0;
    for (String line : filesJsonLines.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry = JSON.readTree(line);
      JsonNode key = entry.get("dataFileS3Key");
      if (key == null || key.asText().isEmpty()) {
        throw new IOException(
            "An entry of the export's files manifest has no dataFileS3Key: " + line);
      }
      long items = entry.path("itemCount").asLong(-1);
      JsonNode md5 = entry.get("md5Checksum");
      files.add(
          new ExportDataFile(
              key.asText(), items, md5 == null || md5.isNull() ? null : md5.asText()));
      counted += Math.max(0, items);
    }
    if (total >= 0 && counted != total) {
      throw new IOException(
          "The export's files manifest counts "
              + counted
              + " items but its summary "
              + total
              + ": the manifests do not belong together");
    }
    return new ExportManifest(total, files);
  }

  /** Whether the export wrote no manifest (an emulator): the files were found by listing. */
  public boolean listed() {
    return files.stream().allMatch(file -> file.itemCount() < 0);
  }
}
