package io.ddbsync.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.KeyAttribute.ScalarType;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every DynamoDB key shape into both dialects: a partition key of type S, N or B, alone or with a
 * sort key of each type. Items sharing a partition key are different rows; a change replaces its
 * own row; a removal removes only its own.
 */
class KeyTypesLoadIT {
  private final List<String> deadLetters = new ArrayList<>();

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  static Stream<Arguments> keyShapes() {
    List<Arguments> all = new ArrayList<>();
    for (DialectName dialect : DialectName.values()) {
      for (ScalarType partition : ScalarType.values()) {
        all.add(Arguments.of(dialect, partition, null));
        for (ScalarType sort : ScalarType.values()) {
          all.add(Arguments.of(dialect, partition, sort));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("keyShapes")
  void everyKeyShapeLoadsOneRowPerItem(DialectName dialect, ScalarType partition, ScalarType sort)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    List<KeyAttribute> key = new ArrayList<>(List.of(new KeyAttribute("Id", partition)));
    if (sort != null) {
      key.add(new KeyAttribute("Seq", sort));
    }
    SinkEvents events = new SinkEvents("Keyed", key, "dynamodb.Keyed");
    int perPartition = sort == null ? 1 : 2;
    List<SinkRecord> reads = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      reads.add(events.read(item(partition, sort, i, perPartition, "v" + i), 0, i));
    }
    // The stream's copies of the same items, as a snapshot's handoff margin re-emits them.
    for (int i = 0; i < 6; i++) {
      reads.add(events.upsert(item(partition, sort, i, perPartition, "v" + i), 0, 6 + i));
    }
    SinkStack.load(dialect, db, Map.of(), deadLetters, reads);
    assertThat(SinkStack.rows(db, "SELECT count(*) FROM keyed")).containsExactly(List.of("6"));

    // A change of item 1 and the removal of item 2 touch only their own rows.
    SinkStack.load(
        dialect,
        db,
        Map.of(),
        deadLetters,
        List.of(
            events.upsert(item(partition, sort, 1, perPartition, "changed"), 0, 12),
            events.remove(item(partition, sort, 2, perPartition, null), 0, 13)));

    assertThat(SinkStack.rows(db, "SELECT note FROM keyed ORDER BY note"))
        .extracting(row -> row.get(0))
        .containsExactly("changed", "v0", "v3", "v4", "v5");
    assertThat(deadLetters).isEmpty();
  }

  private static Map<String, AttributeValue> item(
      ScalarType partition, ScalarType sort, int i, int perPartition, String note) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("Id", value(partition, i / perPartition));
    if (sort != null) {
      item.put("Seq", value(sort, i % perPartition));
    }
    if (note != null) {
      item.put("Note", AttributeValue.fromS(note));
    }
    return item;
  }

  private static AttributeValue value(ScalarType type, int i) {
    return switch (type) {
      case S -> AttributeValue.fromS("id-" + i);
      case N -> AttributeValue.fromN(Integer.toString(i * 1000 - 3));
      case B -> AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xfe, (byte) i, 0}));
    };
  }
}
