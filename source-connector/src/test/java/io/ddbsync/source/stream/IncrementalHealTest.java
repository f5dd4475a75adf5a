package io.ddbsync.source.stream;

import static io.ddbsync.source.fixtures.StreamHarness.STREAM;
import static io.ddbsync.source.fixtures.StreamHarness.TABLE;
import static io.ddbsync.source.fixtures.StreamHarness.TABLE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.export.ExportFormat;
import io.ddbsync.source.fixtures.ExportFixtures;
import io.ddbsync.source.fixtures.StreamHarness;
import io.ddbsync.source.offsets.ShardPosition;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.TableMarker;
import io.ddbsync.source.plan.StreamWork;
import io.ddbsync.source.settings.LostPositionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;

/**
 * A stream position lost while the connector was down (its records trimmed after 24 hours) is
 * healed from an incremental export of the changes since the stream was last caught up, then the
 * stream is read again from its oldest records behind the export's end. Incremental exports come
 * from a fake that follows the API Reference (moto has none), in the layout of "DynamoDB table
 * export output format" (Developer Guide): Keys, NewImage, OldImage, Metadata per line.
 */
class IncrementalHealTest {
  private final StreamHarness harness = new StreamHarness();
  private final ExportFixtures fixtures = new ExportFixtures(harness.exportObjects);

  @AfterEach
  void stop() throws InterruptedException {
    harness.close();
  }

  @Test
  void aPositionLostWhileTheConnectorWasDownIsHealedAndTheTopicEndsEqualToTheTable()
      throws Exception {
    long now = System.currentTimeMillis();
    long lastCaughtUp = now - Duration.ofHours(30).toMillis();
    harness.streams.shard("shard-a", null);
    // What the connector emitted before it went down, and where it stood.
    put(OperationType.INSERT, "item-1", 1, lastCaughtUp - 60_000);
    String stored = put(OperationType.INSERT, "item-2", 1, lastCaughtUp - 30_000);
    // Changed while it was down; the stream trimmed these records after 24 hours.
    put(OperationType.MODIFY, "item-1", 2, now - Duration.ofHours(20).toMillis());
    harness.streams.put(
        "shard-a",
        OperationType.REMOVE,
        keys("item-2"),
        null,
        Instant.ofEpochMilli(now - Duration.ofHours(19).toMillis()));
    put(OperationType.INSERT, "item-3", 1, now - Duration.ofHours(18).toMillis());
    harness.streams.trim("shard-a", 5);
    // Still in the stream: changes after the export's end, and one just before its cutoff.
    put(OperationType.MODIFY, "item-1", 2, now - Duration.ofMinutes(20).toMillis());
    put(OperationType.MODIFY, "item-3", 2, now - Duration.ofMinutes(1).toMillis());
    harness.offsets.put(
        SourcePartitions.shard(STREAM, "shard-a"), new ShardPosition(stored, false, 0).toOffset());
    harness.offsets.put(SourcePartitions.table(TABLE), streaming(lastCaughtUp).toOffset());
    long latestRestorable = now - Duration.ofMinutes(10).toMillis();
    harness.exports.recovery =
        new ExportClient.PointInTimeRecovery(
            true, now - Duration.ofDays(35).toMillis(), latestRestorable);
    // The incremental exports: each item changed in the window once, as it was at its end.
    List<String> changes =
        List.of(
            ExportFixtures.jsonChange(
                keys("item-1"), image("item-1", 2), image("item-1", 1), micros(now, 20)),
            ExportFixtures.jsonChange(keys("item-2"), null, image("item-2", 1), micros(now, 19)),
            ExportFixtures.jsonChange(keys("item-3"), image("item-3", 1), null, micros(now, 18)));
    harness.exports.completeWith =
        request ->
            fixtures.write(
                request.prefix(),
                "0" + request.incrementalFromMillis(),
                ExportFormat.DYNAMODB_JSON,
                true,
                request.incrementalToMillis(),
                List.of(
                    changes.stream()
                        .filter(
                            line ->
                                written(line) >= request.incrementalFromMillis() * 1000
                                    && written(line) < request.incrementalToMillis() * 1000)
                        .toList()));

    harness.start(
        StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.INCREMENTAL_EXPORT));
    harness.awaitData(records -> records.size() == 3);
    TableMarker healed = awaitMarker(m -> m.epoch() == 1);
    // The connector plans the new epoch; the reader streams again behind the export's end.
    harness.restart(
        new StreamWork(TABLE, TABLE_ID, STREAM, false, 1, 4),
        StreamHarness.settings(LostPositionPolicy.INCREMENTAL_EXPORT));
    List<SourceRecord> records = harness.awaitData(r -> r.size() == 4);

    assertThat(harness.failure()).isNull();
    // 30 hours lost: two windows, chained in time order.
    long from = lastCaughtUp - HandoffRule.CUTOFF_MARGIN.toMillis();
    long day = Duration.ofHours(24).toMillis();
    assertThat(harness.exports.requests).allMatch(ExportClient.Request::incremental);
    assertThat(harness.exports.requests)
        .extracting(r -> r.incrementalFromMillis() + "-" + r.incrementalToMillis())
        .containsExactly(from + "-" + (from + day), (from + day) + "-" + latestRestorable);
    assertThat(records.subList(0, 3))
        .extracting(r -> op(r) + " " + key(r))
        .containsExactlyInAnyOrder("MODIFY item-1", "REMOVE item-2", "INSERT item-3");
    assertThat(records.get(3))
        .satisfies(r -> assertThat(op(r) + " " + key(r)).isEqualTo("MODIFY item-3"));
    assertThat(healed.phase()).isEqualTo(TableMarker.Phase.STREAMING);
    assertThat(healed.healing()).isFalse();
    assertThat(healed.cutoffMillis())
        .isEqualTo(latestRestorable - HandoffRule.CUTOFF_MARGIN.toMillis());
    assertThat(state(records))
        .as("the topic replayed, as a consumer would apply it")
        .isEqualTo(Map.of("item-1", "2", "item-3", "2"));
  }

  @Test
  void aTaskRestartedMidHealGetsTheSameIncrementalExportBack() throws Exception {
    long now = System.currentTimeMillis();
    // Lost within a day: one window, one export.
    long lastCaughtUp = now - Duration.ofHours(23).toMillis();
    harness.streams.shard("shard-a", null);
    String stored = put(OperationType.INSERT, "item-1", 1, lastCaughtUp - 60_000);
    put(OperationType.MODIFY, "item-1", 2, now - Duration.ofHours(20).toMillis());
    harness.streams.trim("shard-a", 2);
    harness.offsets.put(
        SourcePartitions.shard(STREAM, "shard-a"), new ShardPosition(stored, false, 0).toOffset());
    harness.offsets.put(SourcePartitions.table(TABLE), streaming(lastCaughtUp).toOffset());
    harness.exports.recovery = new ExportClient.PointInTimeRecovery(true, 0, now);

    harness.start(
        StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.INCREMENTAL_EXPORT));
    awaitMarker(TableMarker::healing);
    awaitRequests(1);
    harness.restart(
        StreamHarness.streamOnly(), StreamHarness.settings(LostPositionPolicy.INCREMENTAL_EXPORT));
    awaitRequests(2);
    String arn = harness.exports.arns().get(0);
    harness.exports.complete(
        arn,
        fixtures.write(
            harness.exports.requests.get(0).prefix(),
            "0-restart",
            ExportFormat.DYNAMODB_JSON,
            true,
            now,
            List.of(
                List.of(
                    ExportFixtures.jsonChange(
                        keys("item-1"),
                        image("item-1", 2),
                        image("item-1", 1),
                        micros(now, 20))))));
    harness.awaitData(records -> records.size() == 1);
    awaitMarker(m -> m.epoch() == 1);

    assertThat(harness.exports.arns()).as("exports taken").hasSize(1);
    assertThat(harness.exports.requests.get(1)).isEqualTo(harness.exports.requests.get(0));
  }

  @Test
  void healWindowsAreChainedAtMost24HoursAndAtLeast15Minutes() {
    long hour = Duration.ofHours(1).toMillis();
    assertThat(IncrementalHeal.windows(0, 50 * hour))
        .containsExactly(
            new TableMarker.Heal(0, 24 * hour),
            new TableMarker.Heal(24 * hour, 48 * hour),
            new TableMarker.Heal(48 * hour, 50 * hour));
    long minute = Duration.ofMinutes(1).toMillis();
    assertThat(IncrementalHeal.windows(100 * minute, 105 * minute))
        .containsExactly(new TableMarker.Heal(90 * minute, 105 * minute));
    assertThat(IncrementalHeal.windows(0, 24 * hour + 5 * minute))
        .containsExactly(
            new TableMarker.Heal(0, 24 * hour),
            new TableMarker.Heal(24 * hour - 10 * minute, 24 * hour + 5 * minute));
  }

  private String put(OperationType type, String key, int version, long createdMillis) {
    return harness.streams.put(
        "shard-a", type, keys(key), image(key, version), Instant.ofEpochMilli(createdMillis));
  }

  private void awaitRequests(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (harness.exports.requests.size() < count && System.currentTimeMillis() < deadline) {
      harness.drainFor(Duration.ofMillis(50));
    }
    assertThat(harness.exports.requests).hasSizeGreaterThanOrEqualTo(count);
  }

  private TableMarker awaitMarker(java.util.function.Predicate<TableMarker> wanted)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      harness.drainFor(Duration.ofMillis(50));
      TableMarker marker =
          TableMarker.fromOffset(harness.offsets.offset(SourcePartitions.table(TABLE)));
      if (marker != null && wanted.test(marker)) {
        return marker;
      }
    }
    throw new AssertionError("No such marker; failure " + harness.failure());
  }

  private static TableMarker streaming(long caughtUpTo) {
    return new TableMarker(TABLE_ID, STREAM, 0, 0, TableMarker.Phase.STREAMING, 0, caughtUpTo);
  }

  private static long written(String line) {
    String micros = line.substring(line.indexOf("\"N\":\"") + 5);
    return Long.parseLong(micros.substring(0, micros.indexOf('"')));
  }

  private static long micros(long now, int hoursAgo) {
    return (now - Duration.ofHours(hoursAgo).toMillis()) * 1000;
  }

  private static Map<String, AttributeValue> keys(String key) {
    return Map.of("pk", AttributeValue.fromS(key));
  }

  private static Map<String, AttributeValue> image(String key, int version) {
    return Map.of(
        "pk",
        AttributeValue.fromS(key),
        "version",
        AttributeValue.fromN(Integer.toString(version)));
  }

  private static String op(SourceRecord record) {
    return ((Struct) record.value()).getString("op");
  }

  private static String key(SourceRecord record) {
    return ((Struct) record.key()).get("pk").toString();
  }

  /** The items a consumer holds after applying the records in order: key to version. */
  private static Map<String, String> state(List<SourceRecord> records) {
    Map<String, String> state = new LinkedHashMap<>();
    for (SourceRecord record : records) {
      Struct value = (Struct) record.value();
      if (op(record).equals("REMOVE")) {
        state.remove(key(record));
      } else {
        state.put(key(record), String.valueOf(value.getStruct("after").get("version")));
      }
    }
    return state;
  }
}
