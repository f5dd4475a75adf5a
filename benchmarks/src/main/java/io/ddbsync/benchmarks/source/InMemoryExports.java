package io.ddbsync.benchmarks.source;

import io.ddbsync.common.json.DynamoJson;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.export.ExportDescription;
import io.ddbsync.source.export.ExportFormat;
import io.ddbsync.source.export.ExportObjects;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.GZIPOutputStream;

/**
 * DynamoDB's export of the benchmark's {@link InMemoryTable}, written beforehand (DynamoDB writes
 * exports on its own servers, at no cost to the connector) as AWS lays it out: manifests and
 * gzip-compressed DynamoDB JSON data files, every item in the file of its index modulo the file
 * count. Requests complete at once; the connector's reading of the files is what is measured.
 */
public final class InMemoryExports implements ExportClient, ExportObjects {
  private static final String BUCKET = "benchmark-exports";
  private static final String ARN =
      "arn:aws:dynamodb:us-east-1:123456789012:table/InMemoryOrders/export/01700000000000-bench";

  private static volatile InMemoryExports current;

  private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
  private volatile String prefix = "";
  private final long items;

  /** Writes the export of {@code table} in {@code files} data files. */
  public InMemoryExports(InMemoryTable table, int files) throws Exception {
    this.items = table.items();
    String root = "AWSDynamoDB/01700000000000-bench";
    StringBuilder manifest = new StringBuilder();
    for (int file = 0; file < files; file++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      long count = 0;
      try (Writer out =
          new OutputStreamWriter(new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8)) {
        for (long i = file; i < table.items(); i += files) {
          out.write("{\"Item\":");
          out.write(DynamoJson.writeItem(table.item(i)));
          out.write("}\n");
          count++;
        }
      }
      byte[] gz = bytes.toByteArray();
      String key = root + "/data/file" + file + ".json.gz";
      objects.put(key, gz);
      manifest
          .append("{\"itemCount\":")
          .append(count)
          .append(",\"md5Checksum\":\"")
          .append(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(gz)))
          .append("\",\"dataFileS3Key\":\"")
          .append(key)
          .append("\"}\n");
    }
    objects.put(
        root + "/manifest-files.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
    objects.put(
        root + "/manifest-summary.json",
        ("{\"manifestFilesS3Key\":\""
                + root
                + "/manifest-files.json\",\"itemCount\":"
                + items
                + "}")
            .getBytes(StandardCharsets.UTF_8));
  }

  /** The export the benchmark's tasks read (they are made by Connect, by class name). */
  public static void use(InMemoryExports exports) {
    current = exports;
  }

  static InMemoryExports current() {
    return current;
  }

  /** Bytes of the compressed data files: what the tasks download from S3. */
  public long dataBytes() {
    return objects.entrySet().stream()
        .filter(e -> e.getKey().contains("/data/"))
        .mapToLong(e -> e.getValue().length)
        .sum();
  }

  @Override
  public String request(Request request) {
    prefix = "";
    return ARN;
  }

  @Override
  public ExportDescription describe(String exportArn) {
    return new ExportDescription(
        ARN,
        "COMPLETED",
        null,
        null,
        System.currentTimeMillis() - 60_000,
        BUCKET,
        prefix,
        "AWSDynamoDB/01700000000000-bench/manifest-summary.json",
        ExportFormat.DYNAMODB_JSON,
        false,
        items);
  }

  @Override
  public PointInTimeRecovery pointInTimeRecovery(String table) {
    return new PointInTimeRecovery(true, 0, Long.MAX_VALUE);
  }

  @Override
  public InputStream open(String bucket, String key) throws IOException {
    byte[] bytes = objects.get(key);
    if (bytes == null) {
      throw new IOException("No object " + key);
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public boolean exists(String bucket, String key) {
    return objects.containsKey(key);
  }

  @Override
  public List<String> list(String bucket, String prefix) {
    return new ArrayList<>(objects.keySet()).stream().filter(k -> k.startsWith(prefix)).toList();
  }
}
