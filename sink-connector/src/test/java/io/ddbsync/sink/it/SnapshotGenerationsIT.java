package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.FlatteningSettings;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.SinkComponents;
import io.ddbsync.sink.TableNamingSettings;
import io.ddbsync.sink.fixtures.ForwardingStore;
import io.ddbsync.sink.fixtures.RecordingContext;
import io.ddbsync.sink.fixtures.Shapes;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DeleteMode;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table deleted and created again in DynamoDB (or snapshotted again after a lost position) is
 * read by a new snapshot; items the old table had and the new one has not must leave the warehouse
 * once that snapshot is complete, from the item table and from every child and grandchild table, on
 * both dialects and under both delete modes. Changes of the old generation that arrive late must
 * not bring them back.
 */
class SnapshotGenerationsIT {
  private static final Instant FIRST = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant SECOND = Instant.parse("2026-11-20T08:30:00.123Z");

  private final List<String> deadLetters = new ArrayList<>();

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  static Stream<Arguments> dialectsAndDeleteModes() {
    List<Arguments> all = new ArrayList<>();
    for (DialectName dialect : DialectName.values()) {
      for (DeleteMode mode : DeleteMode.values()) {
        all.add(Arguments.of(dialect, mode));
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("dialectsAndDeleteModes")
  void aCompletedSnapshotRemovesTheRowsOfItemsItDidNotFindFromEveryTable(
      DialectName dialect, DeleteMode mode) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    Map<String, String> settings = Map.of(FlatteningSettings.DELETE_MODE, mode.name());
    SinkEvents events = SinkEvents.orders();
    // The old table: three items read by its snapshot, one changed after it.
    events.generation(FIRST);
    load(
        dialect,
        db,
        settings,
        events.read(Shapes.order("o-1", "old", false), 0, 0),
        events.read(Shapes.order("o-2", "old", false), 0, 1),
        events.read(Shapes.order("o-3", "old", false), 1, 0),
        events.upsert(Shapes.order("o-3", "older", false), 1, 1));

    // The new table, snapshotted: o-1 again and a new o-4; o-2 and o-3 are gone.
    events.generation(SECOND);
    load(
        dialect,
        db,
        settings,
        events.read(Shapes.order("o-1", "new", false), 0, 2),
        events.read(Shapes.order("o-4", "new", false), 1, 2));
    assertThat(liveOrders(db, mode)).containsExactly("o-1", "o-2", "o-3", "o-4");

    // Its end, alone in a batch (an idle table after its snapshot).
    load(dialect, db, settings, events.snapshotComplete(SECOND, 0, 3));

    assertThat(liveOrders(db, mode)).containsExactly("o-1", "o-4");
    assertThat(column(db, "SELECT note FROM orders WHERE order_id = 'o-1'")).containsExactly("new");
    if (mode == DeleteMode.HARD) {
      assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1"))
          .containsExactly("o-1", "o-4");
      assertThat(column(db, "SELECT DISTINCT order_id FROM order_items ORDER BY 1"))
          .containsExactly("o-1", "o-4");
      assertThat(column(db, "SELECT DISTINCT order_id FROM order_items_options ORDER BY 1"))
          .containsExactly("o-1", "o-4");
    } else {
      // Flagged as removed when the new snapshot started; soft removals keep their child rows.
      assertThat(
              column(
                  db,
                  "SELECT order_id || ' ' || CAST(_ddbsync_deleted_at AS VARCHAR(40)) FROM orders"
                      + " WHERE _ddbsync_deleted ORDER BY 1"))
          .containsExactly("o-2 2026-11-20 08:30:00.123", "o-3 2026-11-20 08:30:00.123");
      assertThat(column(db, "SELECT DISTINCT order_id FROM order_items ORDER BY 1"))
          .containsExactly("o-1", "o-2", "o-3", "o-4");
    }

    // A change of the old table that arrives late, on a partition that lagged: stale.
    events.generation(FIRST);
    load(dialect, db, settings, events.upsert(Shapes.order("o-2", "late", false), 2, 0));
    assertThat(liveOrders(db, mode)).containsExactly("o-1", "o-4");
    if (mode == DeleteMode.HARD) {
      assertThat(column(db, "SELECT count(*) FROM order_items WHERE order_id = 'o-2'"))
          .containsExactly("0");
    }

    // Changes streamed after the new snapshot load as usual.
    events.generation(SECOND);
    load(dialect, db, settings, events.upsert(Shapes.order("o-5", "streamed", false), 0, 4));
    assertThat(liveOrders(db, mode)).containsExactly("o-1", "o-4", "o-5");
    assertThat(deadLetters).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void rowsOfNoKnownGenerationSurviveTheEndOfASnapshotAndAStreamedChangeEndsNothing(
      DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    // The end of a snapshot of a table the warehouse does not have yet: nothing to do, no error.
    load(dialect, db, Map.of(), events.snapshotComplete(FIRST, 0, 0));
    assertThat(column(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'orders'"))
        .containsExactly("0");

    // Rows of a source that recorded no generations (an older version, mid-upgrade).
    events.generation(null);
    load(
        dialect,
        db,
        Map.of(),
        events.upsert(item("OrderId", s("o-1"), "Note", s("a")), 0, 1),
        events.upsert(item("OrderId", s("o-2"), "Note", s("b")), 0, 2));

    // A newer source's snapshot (whose reads may have missed rows read before the upgrade) and a
    // change streamed after it: the change announces nothing.
    events.generation(SECOND);
    load(
        dialect,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-2"), "Note", s("b")), 0, 3),
        events.upsert(item("OrderId", s("o-3"), "Note", s("c")), 0, 4));
    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1"))
        .containsExactly("o-1", "o-2", "o-3");

    // Its end: rows of no known generation are never proven gone.
    load(dialect, db, Map.of(), events.snapshotComplete(SECOND, 0, 5));
    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1"))
        .containsExactly("o-1", "o-2", "o-3");
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aTableOfASinkBeforeGenerationsKeepsEveryRowWhenItsFirstBatchEndsASnapshot(
      DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders().generation(SECOND);
    load(
        dialect,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-1")), 0, 0),
        events.read(item("OrderId", s("o-2")), 0, 1),
        events.read(item("OrderId", s("o-3")), 0, 2));
    // What a sink without generations left: the same rows, no generation column.
    SinkStack.execute(db, "ALTER TABLE orders DROP COLUMN _ddbsync_snapshot_start");

    load(
        dialect,
        db,
        Map.of(),
        events.upsert(item("OrderId", s("o-4")), 0, 3),
        events.snapshotComplete(SECOND, 0, 4));

    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1"))
        .containsExactly("o-1", "o-2", "o-3", "o-4");
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void theEndOfASnapshotRemovesNothingUntilEveryPartitionAnnouncedIt(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders().generation(FIRST);
    load(
        dialect,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-1")), 0, 0),
        events.read(item("OrderId", s("o-2")), 1, 0),
        events.read(item("OrderId", s("o-3")), 1, 1));

    // A new snapshot; partition 0 is loaded to its end, partition 1 lags behind.
    events.generation(SECOND);
    load(
        dialect,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-1")), 0, 1),
        events.snapshotComplete(SECOND, 0, 2, 2));
    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1"))
        .as("o-2's read is still on partition 1")
        .containsExactly("o-1", "o-2", "o-3");

    // A replay of partition 0's end changes nothing either.
    load(dialect, db, Map.of(), events.snapshotComplete(SECOND, 0, 2, 2));
    assertThat(column(db, "SELECT count(*) FROM orders")).containsExactly("3");

    load(
        dialect,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-2")), 1, 2),
        events.snapshotComplete(SECOND, 1, 3, 2));
    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1")).containsExactly("o-1", "o-2");
  }

  @Test
  void theEndOfASnapshotAnnouncedOnOnePartitionOnlyByAnOlderSourceRemovesNothing()
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders().generation(FIRST);
    load(DialectName.POSTGRES, db, Map.of(), events.read(item("OrderId", s("o-1")), 0, 0));
    events.generation(SECOND);
    load(
        DialectName.POSTGRES,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-2")), 0, 1),
        events.snapshotComplete(SECOND, 0, 2, -1));

    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1")).containsExactly("o-1", "o-2");
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aStaleChangeLoadedWhileAnotherTaskCompletesTheSnapshotNeverStays(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders().generation(FIRST);
    load(dialect, db, Map.of(), events.read(item("OrderId", s("o-1")), 0, 0));
    // Task B holds a lagging partition's first record of an item created and deleted while the
    // stream position was lost (it has no later record); its load stages while task A loads the
    // end of the new snapshot (which did not find it), and only then goes on.
    CountDownLatch staging = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    RedshiftSinkConfig config = new RedshiftSinkConfig(SinkStack.config(dialect, db, Map.of()));
    try (SinkComponents taskB =
        SinkComponents.create(
            config,
            new RecordingContext(java.util.Set.of()),
            (record, error) -> CompletableFuture.completedFuture(null),
            store ->
                new ForwardingStore(store) {
                  @Override
                  public StagedObject put(String key, byte[] data) {
                    staging.countDown();
                    try {
                      go.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return store.put(key, data);
                  }
                })) {
      taskB.writer().put(List.of(events.upsert(item("OrderId", s("ghost")), 1, 0)));
      CompletableFuture<Void> loadB =
          CompletableFuture.runAsync(() -> taskB.writer().flushDue(true));
      assertThat(staging.await(30, TimeUnit.SECONDS)).isTrue();

      events.generation(SECOND);
      load(
          dialect,
          db,
          Map.of(),
          events.read(item("OrderId", s("o-1")), 0, 1),
          events.snapshotComplete(SECOND, 0, 2));
      go.countDown();
      loadB.get(60, TimeUnit.SECONDS);
      assertThat(taskB.metrics().staleSkipped()).isEqualTo(1);
    }

    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1")).containsExactly("o-1");
  }

  @ParameterizedTest
  @MethodSource("dialectsAndDeleteModes")
  void rowsKeptByTtlRemovalsKeepSurviveEveryLaterSnapshotWithTheirChildRows(
      DialectName dialect, DeleteMode mode) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    Map<String, String> settings =
        Map.of(
            FlatteningSettings.DELETE_MODE, mode.name(), FlatteningSettings.TTL_REMOVALS, "KEEP");
    SinkEvents events = SinkEvents.orders().generation(FIRST);
    load(
        dialect,
        db,
        settings,
        events.read(Shapes.order("o-1", "kept", false), 0, 0),
        events.read(Shapes.order("o-2", "kept", false), 0, 1),
        events.read(Shapes.order("o-3", "gone", false), 0, 2));
    // o-1 expires (its REMOVE, then its tombstone); o-2 is changed and expires in the same batch;
    // o-3 is deleted while no stream was read.
    load(
        dialect,
        db,
        settings,
        events.ttlRemove(item("OrderId", s("o-1")), 0, 3),
        events.ttlTombstone(item("OrderId", s("o-1")), 0, 4),
        events.upsert(Shapes.order("o-2", "last", false), 0, 5),
        events.ttlTombstone(item("OrderId", s("o-2")), 0, 6));

    // A re-snapshot (a lost position, a recreated table) finds neither o-1 nor o-2 nor o-3.
    events.generation(SECOND);
    load(
        dialect,
        db,
        settings,
        events.read(Shapes.order("o-4", "new", false), 0, 7),
        events.snapshotComplete(SECOND, 0, 8));

    assertThat(liveOrders(db, mode)).containsExactly("o-1", "o-2", "o-4");
    assertThat(column(db, "SELECT note FROM orders WHERE order_id = 'o-2'"))
        .containsExactly("last");
    assertThat(column(db, "SELECT DISTINCT order_id FROM order_items ORDER BY 1"))
        .containsExactly(
            mode == DeleteMode.HARD
                ? new String[] {"o-1", "o-2", "o-4"}
                : new String[] {"o-1", "o-2", "o-3", "o-4"});
    assertThat(column(db, "SELECT DISTINCT order_id FROM order_items_options ORDER BY 1"))
        .contains("o-1", "o-2", "o-4");
  }

  @ParameterizedTest
  @MethodSource("dialectsAndDeleteModes")
  void attributesNamedLikeTheConnectorsColumnsStayUserDataWhenASnapshotSweeps(
      DialectName dialect, DeleteMode mode) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    // Attribute names never snake_case to the connector's names (the leading _ goes), but overrides
    // can give attributes exactly those names; the connector's columns then get others.
    Map<String, String> settings =
        Map.of(
            FlatteningSettings.DELETE_MODE,
            mode.name(),
            TableNamingSettings.COLUMN_NAME_OVERRIDES,
            "Orders.Marker=_ddbsync_snapshot_start,Orders.Flag=_ddbsync_deleted,"
                + "Orders.When=_ddbsync_deleted_at");
    SinkEvents events = SinkEvents.orders().generation(FIRST);
    load(
        dialect,
        db,
        settings,
        events.read(
            item(
                "OrderId", s("o-1"), "Marker", s("user data"), "Flag", s("no"), "When", s("never")),
            0,
            0),
        events.read(item("OrderId", s("o-2"), "Marker", s("gone")), 0, 1));
    events.generation(SECOND);
    load(
        dialect,
        db,
        settings,
        events.read(
            item(
                "OrderId", s("o-1"), "Marker", s("user data"), "Flag", s("no"), "When", s("never")),
            0,
            2),
        events.snapshotComplete(SECOND, 0, 3));

    assertThat(liveOrdersByConnector(db, mode)).containsExactly("o-1");
    assertThat(
            column(
                db,
                "SELECT \"_ddbsync_snapshot_start\" || '/' || \"_ddbsync_deleted\" || '/'"
                    + " || \"_ddbsync_deleted_at\" FROM orders WHERE order_id = 'o-1'"))
        .containsExactly("user data/no/never");
  }

  /** Live rows, telling the connector's removal flag by its field, whatever its column name. */
  private List<String> liveOrdersByConnector(String db, DeleteMode mode) throws SQLException {
    if (mode == DeleteMode.HARD) {
      return column(db, "SELECT order_id FROM orders ORDER BY 1");
    }
    String flag =
        column(
                db,
                "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid"
                    + " JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = a.attnum"
                    + " WHERE c.relname = 'orders' AND d.description = 'ddbsync field"
                    + " __ddbsync_deleted'")
            .get(0);
    return column(db, "SELECT order_id FROM orders WHERE NOT \"" + flag + "\" ORDER BY 1");
  }

  @Test
  void aSnapshotCompletingTwiceRemovesNothingTheSecondTime() throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders().generation(SECOND);
    load(
        DialectName.REDSHIFT,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-1")), 0, 0),
        events.snapshotComplete(SECOND, 0, 1));
    // A replay of the same records (an offset reset) leaves the same rows.
    load(
        DialectName.REDSHIFT,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-1")), 0, 0),
        events.snapshotComplete(SECOND, 0, 1));

    assertThat(column(db, "SELECT order_id FROM orders")).containsExactly("o-1");
    assertThat(
            column(db, "SELECT obj_description(c.oid) FROM pg_class c WHERE c.relname = 'orders'"))
        .singleElement()
        .asString()
        .endsWith("snapshot=" + SECOND.toEpochMilli() * 1000);
  }

  private List<String> liveOrders(String db, DeleteMode mode) throws SQLException {
    return column(
        db,
        mode == DeleteMode.SOFT
            ? "SELECT order_id FROM orders WHERE NOT _ddbsync_deleted ORDER BY 1"
            : "SELECT order_id FROM orders ORDER BY 1");
  }

  private void load(
      DialectName dialect, String db, Map<String, String> settings, SinkRecord... records) {
    SinkStack.load(dialect, db, settings, deadLetters, List.of(records));
  }

  private static List<String> column(String db, String sql) throws SQLException {
    return SinkStack.rows(db, sql).stream().map(row -> row.get(0)).toList();
  }
}
