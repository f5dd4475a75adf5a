package io.ddbsync.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.TableNamingSettings;
import io.ddbsync.sink.fixtures.Shapes;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two regions' Orders tables (half the keys shared) through two source connectors into one sink:
 * two different sources to the sink in every table, child table, grandchild table and sweep, with
 * one sink task per topic and with one task holding both, on both dialects.
 */
class TwoSourcesIT {
  private static final Instant FIRST = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant SECOND = Instant.parse("2026-11-20T08:30:00Z");
  private final List<String> deadLetters = new ArrayList<>();

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  static Stream<Arguments> dialectsAndTasks() {
    List<Arguments> all = new ArrayList<>();
    for (DialectName dialect : DialectName.values()) {
      all.add(Arguments.of(dialect, true));
      all.add(Arguments.of(dialect, false));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, a task per topic: {1}")
  @MethodSource("dialectsAndTasks")
  void withTheTopicInTheTableNameTwoRegionsNeverMix(DialectName dialect, boolean taskPerTopic)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    Map<String, String> settings = Map.of(TableNamingSettings.TABLE_NAME_FORMAT, "${topic}");
    SinkEvents us = SinkEvents.orders("us.Orders").generation(FIRST);
    SinkEvents eu = SinkEvents.orders("eu.Orders").generation(FIRST);
    List<SinkRecord> usRecords = new ArrayList<>();
    List<SinkRecord> euRecords = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      usRecords.add(us.read(Shapes.order("o-" + i, "us" + i, false), 0, i));
      // Half the keys shared, every value different.
      euRecords.add(eu.read(Shapes.order("o-" + (i + 2), "eu" + (i + 2), false), 0, i));
    }
    load(dialect, db, settings, taskPerTopic, usRecords, euRecords);

    assertThat(column(db, "SELECT DISTINCT sku FROM us_order_items ORDER BY 1"))
        .containsExactly("F23", "us0", "us1", "us2", "us3");
    assertThat(column(db, "SELECT DISTINCT sku FROM eu_order_items ORDER BY 1"))
        .containsExactly("F23", "eu2", "eu3", "eu4", "eu5");
    assertThat(column(db, "SELECT DISTINCT value FROM eu_order_items_options ORDER BY 1"))
        .containsExactly("eu2", "eu3", "eu4", "eu5");

    // A change in one region replaces its own child rows only; the other's new snapshot (which no
    // longer finds o-2) sweeps its own rows only.
    eu.generation(SECOND);
    load(
        dialect,
        db,
        settings,
        taskPerTopic,
        List.of(us.upsert(Shapes.order("o-2", "us-changed", false), 0, 4)),
        List.of(
            eu.read(Shapes.order("o-3", "eu3", false), 0, 4),
            eu.read(Shapes.order("o-4", "eu4", false), 0, 5),
            eu.read(Shapes.order("o-5", "eu5", false), 0, 6),
            eu.snapshotComplete(SECOND, 0, 7)));

    assertThat(column(db, "SELECT order_id FROM us_orders ORDER BY 1"))
        .containsExactly("o-0", "o-1", "o-2", "o-3");
    assertThat(column(db, "SELECT note FROM us_orders WHERE order_id = 'o-2'"))
        .containsExactly("us-changed");
    assertThat(column(db, "SELECT order_id FROM eu_orders ORDER BY 1"))
        .containsExactly("o-3", "o-4", "o-5");
    assertThat(column(db, "SELECT note FROM eu_orders WHERE order_id = 'o-3'"))
        .containsExactly("eu3");
    assertThat(column(db, "SELECT DISTINCT order_id || ':' || sku FROM us_order_items ORDER BY 1"))
        .contains("o-2:us-changed", "o-3:us3");
    assertThat(column(db, "SELECT DISTINCT order_id FROM eu_order_items ORDER BY 1"))
        .containsExactly("o-3", "o-4", "o-5");
    assertThat(column(db, "SELECT DISTINCT order_id FROM eu_order_items_options ORDER BY 1"))
        .containsExactly("o-3", "o-4", "o-5");
    assertThat(column(db, "SELECT count(*) FROM us_order_items_options WHERE value LIKE 'eu%'"))
        .containsExactly("0");
    assertThat(deadLetters).isEmpty();
  }

  @ParameterizedTest(name = "{0}, a task per topic: {1}")
  @MethodSource("dialectsAndTasks")
  void withTheDefaultNamesTheSecondRegionStopsNamingBothTopicsAndTheSettingAndTheRestGoesOn(
      DialectName dialect, boolean taskPerTopic) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents us = SinkEvents.orders("us.Orders");
    SinkEvents eu = SinkEvents.orders("eu.Orders");
    SinkEvents users =
        new SinkEvents(
            "Users",
            List.of(
                new io.ddbsync.common.event.KeyAttribute(
                    "UserId", io.ddbsync.common.event.KeyAttribute.ScalarType.S)),
            "us.Users");
    List<String> stops = new ArrayList<>();
    load(
        dialect,
        db,
        Map.of(),
        taskPerTopic,
        List.of(us.read(Shapes.order("o-1", "us", false), 0, 0)),
        List.of());
    load(
        dialect,
        db,
        Map.of(),
        taskPerTopic,
        stops,
        List.of(
            us.read(Shapes.order("o-2", "us", false), 0, 1),
            users.read(
                io.ddbsync.common.testing.Items.item(
                    "UserId", io.ddbsync.common.testing.Items.s("u-1")),
                0,
                0)),
        List.of(eu.read(Shapes.order("o-1", "eu", false), 0, 0)));

    assertThat(stops)
        .singleElement()
        .asString()
        .contains("us.Orders", "eu.Orders", "table.name.format=${topic}");
    assertThat(column(db, "SELECT order_id || ':' || note FROM orders ORDER BY 1"))
        .containsExactly("o-1:us", "o-2:us");
    assertThat(column(db, "SELECT DISTINCT sku FROM order_items ORDER BY 1"))
        .containsExactly("F23", "us");
    assertThat(column(db, "SELECT user_id FROM users")).containsExactly("u-1");
  }

  private void load(
      DialectName dialect,
      String db,
      Map<String, String> settings,
      boolean taskPerTopic,
      List<SinkRecord> first,
      List<SinkRecord> second) {
    load(dialect, db, settings, taskPerTopic, new ArrayList<>(), first, second);
  }

  /** Two tasks, one per topic (one after the other), or one task holding both topics. */
  private void load(
      DialectName dialect,
      String db,
      Map<String, String> settings,
      boolean taskPerTopic,
      List<String> stops,
      List<SinkRecord> first,
      List<SinkRecord> second) {
    if (taskPerTopic) {
      SinkStack.load(dialect, db, settings, deadLetters, stops, first);
      SinkStack.load(dialect, db, settings, deadLetters, stops, second);
    } else {
      List<SinkRecord> both = new ArrayList<>(first);
      both.addAll(second);
      SinkStack.load(dialect, db, settings, deadLetters, stops, both);
    }
  }

  private static List<String> column(String db, String sql) throws SQLException {
    return SinkStack.rows(db, sql).stream().map(row -> row.get(0)).toList();
  }
}
