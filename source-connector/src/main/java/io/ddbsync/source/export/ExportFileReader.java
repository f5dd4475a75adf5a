package io.ddbsync.source.export;

import com.amazon.ion.IonReader;
import com.amazon.ion.system.IonReaderBuilder;
import io.ddbsync.common.json.DynamoJson;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads one export data file, gzip-compressed, line by line: each line one item (full export) or
 * one change (incremental export), in DynamoDB JSON or Amazon Ion. Once the last line is read,
 * {@link #verify} checks the file against its manifest entry: as many lines as the manifest counts,
 * and the MD5 of the stored bytes. A file that fails either is refused rather than half trusted.
 */
public final class ExportFileReader implements Closeable {
  /** The file read does not hold what its manifest says: reading it again would not help. */
  public static final class Mismatch extends IOException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message);
    }
  }

  private final ExportDataFile file;
  private final ExportFormat format;
  private final DigestInputStream raw;
  private final BufferedReader lines;
  private final IonReader ion;
  private long read;

  public ExportFileReader(InputStream stored, ExportDataFile file, ExportFormat format)
      throws IOException {
    this.file = file;
    this.format = format;
    this.raw = new DigestInputStream(stored, md5());
    // An empty partition's file may be empty: no gzip stream at all.
    java.io.PushbackInputStream compressed = new java.io.PushbackInputStream(raw, 1);
    int first = compressed.read();
    InputStream text;
    if (first < 0) {
      text = InputStream.nullInputStream();
    } else {
      compressed.unread(first);
      text = new GZIPInputStream(compressed, 64 * 1024);
    }
    if (format == ExportFormat.ION) {
      this.lines = null;
      this.ion = IonReaderBuilder.standard().build(text);
    } else {
      this.lines =
          new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8), 64 * 1024);
      this.ion = null;
    }
  }

  /** The next line's record, or null at the end of the file. */
  public ExportRecord next() throws IOException {
    ExportRecord record = format == ExportFormat.ION ? nextIon() : nextJson();
    if (record != null) {
      read++;
    }
    return record;
  }

  /** Reads past {@code count} records (those a restart already emitted). */
  public void skip(long count) throws IOException {
    for (long i = 0; i < count; i++) {
      if (next() == null) {
        throw new IOException(
            "Export file " + file.key() + " ends after " + read + " lines, not " + count);
      }
    }
  }

  /** Records read so far. */
  public long linesRead() {
    return read;
  }

  /**
   * After the last record: whether the file holds what its manifest says. Throws an {@link
   * IOException} naming the difference.
   */
  public void verify() throws IOException {
    raw.transferTo(java.io.OutputStream.nullOutputStream());
    if (file.itemCount() >= 0 && file.itemCount() != read) {
      throw new Mismatch(
          "Export file "
              + file.key()
              + " holds "
              + read
              + " lines but its manifest counts "
              + file.itemCount());
    }
    if (file.md5Base64() != null) {
      String md5 = Base64.getEncoder().encodeToString(raw.getMessageDigest().digest());
      if (!md5.equals(file.md5Base64())) {
        throw new Mismatch(
            "Export file "
                + file.key()
                + " has MD5 "
                + md5
                + " but its manifest says "
                + file.md5Base64()
                + ": it changed or was cut short since the export wrote it");
      }
    }
  }

  private ExportRecord nextJson() throws IOException {
    String line;
    do {
      line = lines.readLine();
      if (line == null) {
        return null;
      }
    } while (line.isBlank());
    try {
      return fromFields(DynamoJson.readItems(line), line);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "Line " + (read + 1) + " of export file " + file.key() + ": " + e.getMessage(), e);
    }
  }

  private ExportRecord nextIon() throws IOException {
    try {
      if (ion.next() == null) {
        return null;
      }
      Map<String, Map<String, AttributeValue>> fields = new java.util.LinkedHashMap<>();
      ion.stepIn();
      while (ion.next() != null) {
        fields.put(ion.getFieldName(), IonItems.item(ion));
      }
      ion.stepOut();
      return fromFields(fields, "(Ion)");
    } catch (RuntimeException e) {
      throw new IOException(
          "Line " + (read + 1) + " of export file " + file.key() + ": " + e.getMessage(), e);
    }
  }

  private static ExportRecord fromFields(
      Map<String, Map<String, AttributeValue>> fields, String line) {
    Map<String, AttributeValue> item = fields.get("Item");
    if (item != null) {
      return ExportRecord.item(item);
    }
    Map<String, AttributeValue> keys = fields.get("Keys");
    if (keys == null) {
      throw new IllegalArgumentException(
          "neither an Item nor the Keys of a change: "
              + (line.length() > 120 ? line.substring(0, 120) + "..." : line));
    }
    Map<String, AttributeValue> metadata = fields.get("Metadata");
    AttributeValue written = metadata == null ? null : metadata.get("WriteTimestampMicros");
    return new ExportRecord(
        keys,
        fields.get("NewImage"),
        fields.get("OldImage"),
        written == null || written.n() == null
            ? 0
            : new java.math.BigDecimal(written.n()).longValue());
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has MD5", e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (ion != null) {
        ion.close();
      }
    } finally {
      raw.close();
    }
  }
}
