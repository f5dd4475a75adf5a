package io.ddbsync.sink.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The manifest through which one COPY loads several staged Parquet files ("Using a manifest to
 * specify data files", Database Developer Guide): each file by its full URL, mandatory (a missing
 * file fails the COPY instead of loading fewer rows), and with {@code meta.content_length}, the
 * file's size in bytes, which COPY requires of Parquet and ORC files listed in a manifest.
 */
public final class CopyManifest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CopyManifest() {}

  /** The manifest's JSON, UTF-8. */
  public static byte[] of(List<StagedObject> files) {
    ObjectNode manifest = JSON.createObjectNode();
    ArrayNode entries = manifest.putArray("entries");
    for (StagedObject file : files) {
      ObjectNode entry = entries.addObject();
      entry.put("url", file.uri());
      entry.put("mandatory", true);
      entry.putObject("meta").put("content_length", file.size());
    }
    try {
      return JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
  }
}
