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
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The applied-through watermark on both dialects: each partition's newest loaded heartbeat, the
 * table's time the minimum over its topic's partitions and NULL until every partition reported;
 * never moved back by a replay of older records; recorded for an idle table's heartbeat-only batch;
 * absent when turned off.
 */
class WatermarkIT {
  private static final Instant GENERATION = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-01T10:05:00Z");
  private static final Instant T2 = Instant.parse("2026-12-01T10:06:30Z");
  private static final Instant T3 = Instant.parse("2026-12-01T10:07:00Z");

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void theTablesTimeIsTheOldestPartitionsAndOnlyMovesForward(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    events.generation(GENERATION);
    load(
        dialect,
        db,
        Map.of(),
        events.read(Shapes.order("o-1", "a", false), 0, 0),
        events.snapshotComplete(GENERATION, 0, 1, 2),
        events.read(Shapes.order("o-2", "b", false), 1, 0),
        events.snapshotComplete(GENERATION, 1, 1, 2),
        events.upsert(Shapes.order("o-3", "c", false), 0, 2),
        events.heartbeat(T2, 0, 3, 2));
    assertThat(view(db))
        .as("one partition of two reported")
        .containsExactly(List.of("orders", "", "1", "2"));
    assertThat(
            SinkStack.rows(
                db,
                "SELECT topic, kafka_partition, CAST(applied_through AS VARCHAR(30)) FROM ddbsync_watermarks"))
        .containsExactly(List.of("dynamodb.Orders", "0", "2026-12-01 10:06:30"));

    // Partition 1 idle: its heartbeat alone, in a batch without rows.
    load(dialect, db, Map.of(), events.heartbeat(T1, 1, 2, 2));
    assertThat(view(db)).containsExactly(List.of("orders", "2026-12-01 10:05:00", "2", "2"));

    // A replay of partition 1's older records never moves it back; a newer heartbeat moves it on.
    load(dialect, db, Map.of(), events.heartbeat(GENERATION, 1, 2, 2));
    assertThat(view(db)).containsExactly(List.of("orders", "2026-12-01 10:05:00", "2", "2"));
    load(
        dialect,
        db,
        Map.of(),
        events.upsert(Shapes.order("o-4", "d", false), 1, 3),
        events.heartbeat(T3, 1, 4, 2));
    assertThat(view(db)).containsExactly(List.of("orders", "2026-12-01 10:06:30", "2", "2"));
    assertThat(SinkStack.rows(db, "SELECT count(*) FROM orders")).containsExactly(List.of("4"));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void emptyTurnsTheWatermarkOff(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    load(
        dialect,
        db,
        Map.of(MaintenanceSettings.WATERMARK_TABLE, ""),
        events.upsert(Shapes.order("o-1", "a", false), 0, 0),
        events.heartbeat(T1, 0, 1, 1));
    assertThat(
            SinkStack.rows(
                db, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ddbsync_watermarks%'"))
        .containsExactly(List.of("0"));
    assertThat(SinkStack.rows(db, "SELECT count(*) FROM orders")).containsExactly(List.of("1"));
  }

  private static List<List<String>> view(String db) throws Exception {
    return SinkStack.rows(
        db,
        "SELECT target_table, COALESCE(CAST(applied_through AS VARCHAR(30)), ''),"
            + " CAST(partitions_reporting AS VARCHAR(5)), CAST(partitions AS VARCHAR(5))"
            + " FROM ddbsync_watermarks_by_table");
  }

  private static void load(
      DialectName dialect, String db, Map<String, String> settings, SinkRecord... records) {
    SinkStack.loadWithoutDeadLetters(dialect, db, settings, records);
  }
}
