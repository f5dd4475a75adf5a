package io.ddbsync.sink.batch;

import io.ddbsync.sink.flatten.ChangeRow;
import io.ddbsync.sink.flatten.RowBuilder;
import io.ddbsync.sink.flatten.TableLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * One table's batch, ready to load: its layout, its rows, and the Kafka offset ranges it covers,
 * which name its staged files, so that a retry of the same batch overwrites them.
 *
 * @param completedSnapshotMicros the newest snapshot generation the batch's records show complete
 *     (0 for none): after its changes, the rows of older generations are removed
 */
public record Batch(
    TableLayout layout,
    RowBuilder.Rows rows,
    Map<TopicPartition, OffsetRange> ranges,
    List<ChangeRow> changes,
    long completedSnapshotMicros) {
  private static final int MAX_NAME = 160;

  public Batch(
      TableLayout layout,
      RowBuilder.Rows rows,
      Map<TopicPartition, OffsetRange> ranges,
      List<ChangeRow> changes) {
    this(layout, rows, ranges, changes, 0);
  }

  /** A batch that only completes a snapshot: nothing to stage, only older rows to remove. */
  public boolean completesOnly() {
    return changes.isEmpty() && layout.columns().isEmpty();
  }

  /**
   * e.g. {@code dynamodb.Orders+0-100-199_1-40-80}: topic, then partition-first-last per partition.
   */
  public String rangeDescription() {
    Map<String, List<String>> byTopic = new TreeMap<>();
    new TreeMap<>(
            ranges.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        e ->
                            e.getKey().topic()
                                + "#"
                                + String.format("%08d", e.getKey().partition()),
                        Map.Entry::getValue)))
        .forEach(
            (key, range) -> {
              String topic = key.substring(0, key.lastIndexOf('#'));
              int partition = Integer.parseInt(key.substring(key.lastIndexOf('#') + 1));
              byTopic
                  .computeIfAbsent(topic, t -> new ArrayList<>())
                  .add(partition + "-" + range.first() + "-" + range.last());
            });
    List<String> parts = new ArrayList<>();
    byTopic.forEach((topic, partitions) -> parts.add(topic + "+" + String.join("_", partitions)));
    return String.join("__", parts);
  }

  /** The S3 key prefix of this batch's files: deterministic from the offset ranges. */
  public String stageKey(String prefix) {
    String ranges = rangeDescription().replaceAll("[^A-Za-z0-9._+=-]", "_");
    if (ranges.length() > MAX_NAME) {
      ranges = ranges.substring(0, MAX_NAME) + "-" + sha(ranges);
    }
    return prefix + layout.name() + "/" + ranges;
  }

  private static String sha(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
