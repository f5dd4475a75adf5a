package io.ddbsync.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.testing.ItemArbitraries;
import io.ddbsync.sink.FlatteningSettings;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Random items in two batches, the second meeting the tables the first created (attributes of
 * another kind, maps become lists, lists nested under one name, removals), both dialects, every
 * lists mode, overflow policy and flattening depth: the second load never stops the task, and
 * afterwards the item table holds exactly the first batch's rows that were not removed and the
 * second batch's that were not refused. The kind of test that found the two faults fixed with it
 * (position columns of lists nested under one name; a list under a map and one under a list of maps
 * of the same name given one table).
 */
class TwoBatchesOfRandomItemsIT {
  @Property(tries = 12)
  void theSecondBatchLoadsIntoTheFirstsTablesWithoutStoppingTheTask(
      @ForAll("items") List<Map<String, AttributeValue>> first,
      @ForAll("items") List<Map<String, AttributeValue>> second,
      @ForAll @IntRange(min = 1, max = 4) int removeEvery,
      @ForAll DialectName dialect,
      @ForAll OverflowPolicy overflow,
      @ForAll ListsMode lists,
      @ForAll @IntRange(min = 0, max = 3) int depth)
      throws Exception {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
    String db = PostgresServer.shared().createDatabase();
    Map<String, String> settings =
        Map.of(FlatteningSettings.LISTS_MODE, ListsMode.CHILD_TABLE.name());
    SinkEvents events = SinkEvents.orders();
    List<SinkRecord> one = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      one.add(events.read(keyed(first.get(i), "a-" + i), 0, i));
    }
    List<SinkRecord> two = new ArrayList<>();
    Set<String> removed = new HashSet<>();
    for (int i = 0; i < second.size(); i++) {
      two.add(events.upsert(keyed(second.get(i), "b-" + i), 0, 1_000 + i));
    }
    for (int i = 0; i < first.size(); i += removeEvery) {
      removed.add("a-" + i);
      two.add(events.remove(Map.of("OrderId", AttributeValue.fromS("a-" + i)), 0, 2_000 + i));
    }

    SinkStack.load(dialect, db, settings, new ArrayList<>(), one);
    Set<String> afterFirst = keys(db);
    List<String> refused = new ArrayList<>();
    SinkStack.load(dialect, db, settings, refused, two);

    Set<String> expected = new HashSet<>(afterFirst);
    expected.removeAll(removed);
    Set<String> loaded = keys(db);
    assertThat(loaded).containsAll(expected);
    assertThat(loaded.size()).isEqualTo(expected.size() + second.size() - refused.size());
    assertThat(refused).allSatisfy(reason -> assertThat(reason).isNotBlank());
  }

  @Provide
  Arbitrary<List<Map<String, AttributeValue>>> items() {
    return ItemArbitraries.items(3).list().ofMinSize(8).ofMaxSize(30);
  }

  private static Map<String, AttributeValue> keyed(Map<String, AttributeValue> item, String key) {
    Map<String, AttributeValue> keyed = new LinkedHashMap<>(item);
    keyed.put("OrderId", AttributeValue.fromS(key));
    return keyed;
  }

  private static Set<String> keys(String db) throws Exception {
    Set<String> keys = new HashSet<>();
    for (List<String> row : SinkStack.rows(db, "SELECT order_id FROM orders")) {
      keys.add(row.get(0));
    }
    return keys;
  }
}
