package io.ddbsync.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.MaintenanceSettings;
import io.ddbsync.sink.fixtures.Shapes;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Planner statistics after bulk loads, on both dialects (Redshift's ANALYZE ... PREDICATE COLUMNS
 * through the stand-in): the item table and its child and grandchild tables are analyzed once a
 * snapshot of them has been loaded, not before; by setting also every N rows; and not at all when
 * turned off. Counted by PostgreSQL's own statistics (pg_stat_user_tables.analyze_count, manual
 * ANALYZE only: autovacuum's are counted apart).
 */
class AnalyzeIT {
  private static final Instant GENERATION = Instant.parse("2026-12-01T10:00:00Z");
  private static final List<String> TABLES =
      List.of("orders", "order_items", "order_items_options");

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aLoadedSnapshotIsAnalyzedWithItsChildTablesOnceItsEndIsLoaded(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    events.generation(GENERATION);
    load(
        dialect,
        db,
        Map.of(),
        events.read(Shapes.order("o-1", "a", false), 0, 0),
        events.read(Shapes.order("o-2", "b", false), 0, 1));
    assertThat(analyzed(db)).as("before the snapshot's end").containsOnly(0L);

    load(dialect, db, Map.of(), events.snapshotComplete(GENERATION, 0, 1));
    assertThat(analyzed(db)).as("after the snapshot's end").containsOnly(1L);

    // Streamed changes afterwards leave statistics to the warehouse's own analyze.
    load(dialect, db, Map.of(), events.upsert(Shapes.order("o-3", "c", false), 0, 3));
    assertThat(analyzed(db)).containsOnly(1L);
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void everyNRowsAndOffAreHonoured(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    events.generation(GENERATION);
    Map<String, String> everyRow =
        Map.of(
            MaintenanceSettings.ANALYZE_AFTER_SNAPSHOT,
            "false",
            MaintenanceSettings.ANALYZE_EVERY_ROWS,
            "1");
    load(dialect, db, everyRow, events.upsert(Shapes.order("o-1", "a", false), 0, 0));
    assertThat(analyzed(db)).containsOnly(1L);

    String off = PostgresServer.shared().createDatabase();
    Map<String, String> none = Map.of(MaintenanceSettings.ANALYZE_AFTER_SNAPSHOT, "false");
    load(
        dialect,
        off,
        none,
        events.read(Shapes.order("o-1", "a", false), 0, 0),
        events.snapshotComplete(GENERATION, 0, 1));
    assertThat(analyzed(off)).containsOnly(0L);
  }

  private static void load(
      DialectName dialect, String db, Map<String, String> settings, SinkRecord... records) {
    SinkStack.loadWithoutDeadLetters(dialect, db, settings, records);
  }

  /** Each table's count of manual ANALYZE runs, in {@link #TABLES} order. */
  private static List<Long> analyzed(String db) throws Exception {
    SinkStack.execute(db, "SELECT pg_stat_force_next_flush()");
    List<Long> counts = new ArrayList<>();
    for (String table : TABLES) {
      List<List<String>> rows =
          SinkStack.rows(
              db, "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '" + table + "'");
      assertThat(rows).as("table " + table).hasSize(1);
      counts.add(Long.parseLong(rows.get(0).get(0)));
    }
    return counts;
  }
}
