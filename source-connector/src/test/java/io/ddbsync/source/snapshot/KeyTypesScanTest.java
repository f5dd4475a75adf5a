package io.ddbsync.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.fixtures.SegmentedScanClient;
import io.ddbsync.source.offsets.SegmentPosition;
import io.ddbsync.source.plan.SegmentWork;
import io.ddbsync.source.task.RecordQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table keyed by any of DynamoDB's key types (partition key of type S, N or B, sort key of
 * another), scanned in several segments with a crash in the middle of each: every item is emitted
 * once, with its key exactly, and the position stored between pages (binary and numeric keys
 * included) resumes each segment where it stopped. moto cannot scan a binary-keyed table in
 * segments; this fake can.
 */
class KeyTypesScanTest {
  private static final int SEGMENTS = 3;
  private static final int ITEMS = 60;

  private final SnapshotProgress progress = new SnapshotProgress();

  @ParameterizedTest
  @EnumSource(KeyAttribute.ScalarType.class)
  void everyKeyTypeIsScannedInSegmentsAndResumedAfterACrashWithEachItemOnce(
      KeyAttribute.ScalarType partitionType) throws Exception {
    KeyAttribute.ScalarType sortType =
        partitionType == KeyAttribute.ScalarType.B
            ? KeyAttribute.ScalarType.N
            : KeyAttribute.ScalarType.B;
    List<KeyAttribute> key =
        List.of(new KeyAttribute("Id", partitionType), new KeyAttribute("Seq", sortType));
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    TreeSet<String> expected = new TreeSet<>();
    for (int i = 0; i < ITEMS; i++) {
      // Three items per partition key, so sort keys order pages too.
      AttributeValue id = value(partitionType, i / 3);
      AttributeValue seq = value(sortType, i % 3);
      items.add(Map.of("Id", id, "Seq", seq, "Note", AttributeValue.fromS("note-" + i)));
      expected.add(text(id) + "/" + text(seq));
    }
    SegmentedScanClient client = new SegmentedScanClient(items, List.of("Id", "Seq"), 4);

    TreeSet<String> emitted = new TreeSet<>();
    List<String> all = new ArrayList<>();
    for (int segment = 0; segment < SEGMENTS; segment++) {
      SegmentWork work = new SegmentWork("Keys", "id-1", 0, segment, SEGMENTS, 1_000_000, 20, 100);
      List<SourceRecord> first = scan(client, key, work, null);
      // The worker dies: only what it committed up to the middle of the segment stays.
      int committed = first.size() / 2;
      SegmentPosition stored = position(first.get(committed));
      for (SourceRecord record : first.subList(0, committed + 1)) {
        all.add(keyText(record));
      }
      List<SourceRecord> resumed = scan(client, key, work, stored);
      for (SourceRecord record : resumed) {
        all.add(keyText(record));
      }
      assertThat(position(resumed.get(resumed.size() - 1)).done()).isTrue();
      // Resumed where it stopped, from the stored key (of whatever type), not from the start.
      assertThat(resumed.size()).isLessThan(first.size());
    }
    emitted.addAll(all);

    // Every item, with its key exactly (at least once: the page of the committed record is read
    // again after the crash).
    assertThat(emitted).isEqualTo(expected);
    assertThat(client.startKeys).anyMatch(start -> start != null && start.size() == 2);
  }

  private List<SourceRecord> scan(
      SegmentedScanClient client, List<KeyAttribute> key, SegmentWork work, SegmentPosition stored)
      throws InterruptedException {
    RecordQueue queue = new RecordQueue(100_000, 1L << 30);
    TableEventModel model =
        new TableEventModel(
            "Keys", key, ModelSettings.defaults(), new InMemorySchemaHistory(), Clock.systemUTC());
    new SegmentScanner(
            work,
            client,
            model,
            new ChangeRecords("ddb.", "progress", false),
            queue,
            new TaskReadBudgets.Share(
                new ReadBudget(1_000_000, System::nanoTime), work.readBudgetRcu()),
            new SegmentScanner.Settings(4, false, Duration.ofMillis(50)),
            Clock.systemUTC(),
            progress,
            () -> true)
        .run(stored);
    return queue.drain(100_000, Duration.ZERO).stream()
        .filter(record -> record.topic().startsWith("ddb."))
        .toList();
  }

  private static AttributeValue value(KeyAttribute.ScalarType type, int i) {
    return switch (type) {
      case S -> AttributeValue.fromS("k-" + i);
      case N -> AttributeValue.fromN(Integer.toString(i * 7 - 20));
      case B -> AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xff, (byte) i, 0}));
    };
  }

  private static String text(AttributeValue value) {
    if (value.b() != null) {
      return HexFormat.of().formatHex(value.b().asByteArray());
    }
    return value.s() != null ? value.s() : value.n();
  }

  private static String keyText(SourceRecord record) {
    Struct key = (Struct) record.key();
    return part(key.get("Id")) + "/" + part(key.get("Seq"));
  }

  private static String part(Object value) {
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    return String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  private static SegmentPosition position(SourceRecord record) {
    return SegmentPosition.fromOffset((Map<String, Object>) record.sourceOffset());
  }
}
