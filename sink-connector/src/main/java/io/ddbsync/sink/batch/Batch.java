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
 * @param snapshotEnds the ends of snapshots the batch's records announced, one per partition at
 *     most: once every partition announced a generation's end, rows of older generations go
 * @param heartbeats the newest heartbeat of each partition among the batch's records: once the
 *     batch is loaded, the table holds every change of that partition before its time
 */
public record Batch(
    TableLayout layout,
    RowBuilder.Rows rows,
    Map<TopicPartition, OffsetRange> ranges,
    List<ChangeRow> changes,
    List<SnapshotEnd> snapshotEnds,
    List<Heartbeat> heartbeats) {
  private static final int MAX_NAME = 160;

  public Batch {
    snapshotEnds = List.copyOf(snapshotEnds);
    heartbeats = List.copyOf(heartbeats);
  }

  public Batch(
      TableLayout layout,
      RowBuilder.Rows rows,
      Map<TopicPartition, OffsetRange> ranges,
      List<ChangeRow> changes,
      List<SnapshotEnd> snapshotEnds) {
    this(layout, rows, ranges, changes, snapshotEnds, List.of());
  }

  /** The same batch with {@code newHeartbeats}. */
  public Batch withHeartbeats(List<Heartbeat> newHeartbeats) {
    return new Batch(layout, rows, ranges, changes, snapshotEnds, newHeartbeats);
  }

  public Batch(
      TableLayout layout,
      RowBuilder.Rows rows,
      Map<TopicPartition, OffsetRange> ranges,
      List<ChangeRow> changes) {
    this(layout, rows, ranges, changes, List.of());
  }

  /** A batch that only announces the end of a snapshot: nothing to stage. */
  public boolean completesOnly() {
    return changes.isEmpty() && layout.columns().isEmpty();
  }

  /**
   * The topic the batch's records came from (the original topic): with the DynamoDB table, the
   * source of the rows. One per batch: a target table takes one source only.
   */
  public String sourceTopic() {
    return ranges.keySet().iterator().next().topic();
  }

  /**
   * The records of upserts of a snapshot generation older than {@code completedMicros}, the newest
   * the table knows complete: their items were either read again by that snapshot (a newer change
   * of theirs follows on the same partition) or are gone. Written, they would stay as rows of items
   * DynamoDB no longer has. They arrive only when a partition is read again (an offset reset, a
   * replay after a crash). Changes of no known generation are never stale.
   */
  public List<org.apache.kafka.connect.sink.SinkRecord> staleChanges(long completedMicros) {
    if (completedMicros <= 0) {
      return List.of();
    }
    return changes.stream()
        .filter(
            change ->
                !change.delete()
                    && change.snapshotStartMicros() != null
                    && change.snapshotStartMicros() < completedMicros)
        .map(ChangeRow::record)
        .toList();
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
    return stageKey(prefix, null);
  }

  /**
   * The S3 key prefix of the files of one attempt at loading this batch: the offset ranges, under
   * the attempt's own id, so that no attempt ever reads what another wrote (files, or the load
   * errors Redshift records by file name).
   */
  public String stageKey(String prefix, String attempt) {
    String ranges = rangeDescription().replaceAll("[^A-Za-z0-9._+=-]", "_");
    if (ranges.length() > MAX_NAME) {
      ranges = ranges.substring(0, MAX_NAME) + "-" + sha(ranges);
    }
    return prefix + layout.name() + "/" + (attempt == null ? "" : attempt + "/") + ranges;
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
