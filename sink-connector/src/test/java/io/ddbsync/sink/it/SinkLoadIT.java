package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.briefOrder;
import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.sink.BatchingSettings;
import io.ddbsync.sink.FlatteningSettings;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.SinkComponents;
import io.ddbsync.sink.fixtures.ForwardingStore;
import io.ddbsync.sink.fixtures.RecordingContext;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.sink.stage.StagedObject;
import io.ddbsync.sink.stage.StagingStore;
import io.ddbsync.sink.task.SinkMetrics;
import io.ddbsync.sink.task.SinkWriter;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sink's load path on the real local stack: moto S3, embedded PostgreSQL, and for the REDSHIFT
 * dialect the real Redshift JDBC driver through the Redshift stand-in. Every test runs for both
 * dialects against its own database.
 */
class SinkLoadIT {
  private final List<String> deadLetters = new ArrayList<>();

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void theBriefsOrderLandsAsTypedOrdersAndOneOrderItemsRowPerLine(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    load(dialect, db, Map.of(), events.read(briefOrder(), 0, 0));

    assertThat(SinkStack.columnTypes(db, "orders"))
        // A key column holds DynamoDB's longest partition key from the start: never widened.
        .containsEntry("order_id", "character varying(2048)")
        .containsEntry("customer_id", "character varying(256)")
        .containsEntry("order_date", "timestamp without time zone")
        .containsEntry("total", "numeric");
    assertThat(SinkStack.rows(db, "SELECT order_id, customer_id, order_date, total FROM orders"))
        .containsExactly(
            List.of("ORD-20240615-0001", "CUST-2994", "2024-06-15 09:12:11", "424.500000000"));
    assertThat(
            SinkStack.rows(
                db,
                "SELECT order_id, _position, sku, quantity FROM order_items ORDER BY _position"))
        .containsExactly(
            List.of("ORD-20240615-0001", "0", "A77", "3"),
            List.of("ORD-20240615-0001", "1", "F23", "7"));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void upsertsDeletesAndChildRowsFollowTheLastChangeOfEachItem(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    load(
        dialect,
        db,
        Map.of(),
        events.read(order("o-1", "A", "B"), 0, 0),
        events.read(order("o-2", "C"), 0, 1),
        events.read(order("o-3", "D"), 0, 2));
    load(
        dialect,
        db,
        Map.of(),
        events.upsert(order("o-1", "Z"), 0, 3),
        events.remove(item("OrderId", s("o-2")), 0, 4),
        events.upsert(order("o-4", "E", "F"), 0, 5));

    assertThat(SinkStack.rows(db, "SELECT order_id FROM orders ORDER BY order_id"))
        .containsExactly(List.of("o-1"), List.of("o-3"), List.of("o-4"));
    assertThat(
            SinkStack.rows(
                db, "SELECT order_id, sku FROM order_items ORDER BY order_id, _position"))
        .containsExactly(
            List.of("o-1", "Z"), List.of("o-3", "D"), List.of("o-4", "E"), List.of("o-4", "F"));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aBatchOfNewKeysIsAppendedOnPostgresAndOneTouchingAnExistingKeyIsMerged(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    SinkMetrics initial =
        load(
            dialect,
            db,
            Map.of(),
            events.read(order("o-1", "A", "B"), 0, 0),
            events.read(order("o-2", "C"), 0, 1));
    // A child row left without its parent (say, by hand) must not collide with the new rows.
    SinkStack.execute(
        db, "INSERT INTO order_items (order_id, _position, sku) VALUES ('o-3', 0, 'X')");
    SinkMetrics next =
        load(
            dialect,
            db,
            Map.of(),
            events.upsert(order("o-3", "D"), 0, 2),
            events.upsert(order("o-4", "E"), 0, 3));
    SinkMetrics mixed =
        load(
            dialect,
            db,
            Map.of(),
            events.upsert(order("o-1", "Z"), 0, 4),
            events.upsert(order("o-5", "F"), 0, 5));

    int appendedIfPostgres = dialect == DialectName.POSTGRES ? 1 : 0;
    assertThat(initial.appendedBatches()).isEqualTo(appendedIfPostgres);
    assertThat(next.appendedBatches()).isEqualTo(appendedIfPostgres);
    assertThat(mixed.appendedBatches()).isZero();
    assertThat(mixed.batches()).isEqualTo(1);
    assertThat(SinkStack.rows(db, "SELECT order_id, customer_id FROM orders ORDER BY order_id"))
        .containsExactly(
            List.of("o-1", "c-o-1"),
            List.of("o-2", "c-o-2"),
            List.of("o-3", "c-o-3"),
            List.of("o-4", "c-o-4"),
            List.of("o-5", "c-o-5"));
    assertThat(
            SinkStack.rows(
                db,
                "SELECT order_id, _position, sku FROM order_items ORDER BY order_id, _position"))
        .containsExactly(
            List.of("o-1", "0", "Z"),
            List.of("o-2", "0", "C"),
            List.of("o-3", "0", "D"),
            List.of("o-4", "0", "E"),
            List.of("o-5", "0", "F"));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void jsonColumnsHoldTheSameValuesWhetherTheirBatchWasAppendedOrMerged(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    Map<String, String> overflowToSuper =
        Map.of(FlatteningSettings.OVERFLOW_POLICY, "SUPER", "errors.tolerance", "none");
    String huge = "\"quoted\" \\ é\n".repeat(7000); // over 65535 bytes
    SinkMetrics first =
        load(dialect, db, overflowToSuper, events.read(jsonOrder("o-1", huge), 0, 0));
    // o-1 is in the table now: this batch is merged, the first one (on PostgreSQL) was appended.
    load(
        dialect,
        db,
        overflowToSuper,
        events.upsert(jsonOrder("o-1", huge), 0, 1),
        events.upsert(jsonOrder("o-2", huge), 0, 2));

    List<List<String>> rows =
        SinkStack.rows(
            db,
            "SELECT order_id, tags::text, note__overflow #>> '{}', note FROM orders ORDER BY order_id");
    assertThat(first.appendedBatches()).isEqualTo(dialect == DialectName.POSTGRES ? 1 : 0);
    assertThat(rows).hasSize(2);
    for (List<String> row : rows) {
      assertThat(row.get(1)).isEqualTo("[\"a\\\"b\", \"é\"]");
      assertThat(row.get(2)).isEqualTo(huge);
      assertThat(row.get(3)).isNull();
    }
    assertThat(deadLetters).isEmpty();
  }

  private static Map<String, AttributeValue> jsonOrder(String id, String note) {
    return item(
        "OrderId", s(id), "Tags", AttributeValue.fromSs(List.of("a\"b", "é")), "Note", s(note));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aCrashAfterTheLoadCommittedButBeforeTheOffsetCommitReplaysWithoutDuplicates(
      DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    List<SinkRecord> batch =
        List.of(
            events.read(order("o-1", "A", "B"), 0, 0),
            events.upsert(order("o-2", "C"), 0, 1),
            events.remove(item("OrderId", s("o-3")), 0, 2));
    load(dialect, db, Map.of(), batch.toArray(SinkRecord[]::new));
    List<List<String>> before = SinkStack.rows(db, "SELECT * FROM orders ORDER BY order_id");
    List<List<String>> childrenBefore =
        SinkStack.rows(db, "SELECT * FROM order_items ORDER BY order_id, _position");

    // A new task (the old one died before committing offsets) gets the same records again.
    load(dialect, db, Map.of(), batch.toArray(SinkRecord[]::new));

    assertThat(SinkStack.rows(db, "SELECT * FROM orders ORDER BY order_id"))
        .isEqualTo(before)
        .hasSize(2);
    assertThat(SinkStack.rows(db, "SELECT * FROM order_items ORDER BY order_id, _position"))
        .isEqualTo(childrenBefore)
        .hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void newAttributesAddColumnsLongerValuesWidenAndConflictsGetSuffixColumns(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    load(
        dialect,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-1"), "note", s("short"), "total", n("10")), 0, 0));
    String longNote = "é".repeat(1500);
    load(
        dialect,
        db,
        Map.of(),
        events.upsert(
            item(
                "OrderId",
                s("o-2"),
                "note",
                s(longNote),
                "status",
                s("NEW"),
                "total",
                s("n/a"),
                "address",
                m(item("city", s("Lyon")))),
            0,
            1));

    assertThat(SinkStack.columnTypes(db, "orders"))
        .containsEntry("note", "character varying(4096)")
        .containsEntry("status", "character varying(256)")
        .containsEntry("total", "bigint")
        .containsEntry("total__s", "character varying(256)")
        .containsEntry("address_city", "character varying(256)");
    assertThat(
            SinkStack.rows(
                db,
                "SELECT order_id, length(note), total, total__s, address_city FROM orders ORDER BY order_id"))
        .containsExactly(
            Arrays.asList("o-1", "5", "10", null, null),
            Arrays.asList("o-2", "1500", null, "n/a", "Lyon"));
  }

  /**
   * DynamoDB lists hold values of any type: a list of strings in one batch and of numbers in a
   * later one load both, the numbers into a child table of their own kind, as a scalar attribute's
   * conflicting type gets a column of its own.
   */
  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aListWhoseElementsChangeTypeInALaterBatchLoadsBoth(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    Map<String, String> childTables = Map.of(FlatteningSettings.LISTS_MODE, "CHILD_TABLE");
    load(
        dialect,
        db,
        childTables,
        events.read(item("OrderId", s("o-1"), "tags", l(s("a"), s("b"))), 0, 0));
    load(
        dialect,
        db,
        childTables,
        events.upsert(item("OrderId", s("o-2"), "tags", l(n("7"))), 0, 1));

    assertThat(SinkStack.rows(db, "SELECT count(*) FROM orders").get(0)).containsExactly("2");
    assertThat(SinkStack.rows(db, "SELECT order_id, value FROM order_tags ORDER BY _position"))
        .containsExactly(List.of("o-1", "a"), List.of("o-1", "b"));
    assertThat(SinkStack.rows(db, "SELECT order_id, value FROM order_tags__l_n"))
        .containsExactly(List.of("o-2", "7"));
  }

  /**
   * An attribute that is a map in one batch and a list of maps in a later one is two fields ({@code
   * n}, {@code n__l}); a set {@code tags} under each is two lists, whose tables must be two: the
   * second used to be given the first's table (the same attribute path), and the load stopped on
   * its element column ("has type VARCHAR(256), but field value needs BIGINT"). Found by random
   * items in two batches.
   */
  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aSetUnderAMapAndOneUnderAListOfMapsOfTheSameNameKeepTablesOfTheirOwn(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    Map<String, String> childTables = Map.of(FlatteningSettings.LISTS_MODE, "CHILD_TABLE");
    load(
        dialect,
        db,
        childTables,
        events.read(
            item("OrderId", s("o-1"), "n", m(item("tags", AttributeValue.fromSs(List.of("a"))))),
            0,
            0));
    load(
        dialect,
        db,
        childTables,
        events.upsert(
            item("OrderId", s("o-2"), "n", l(m(item("tags", AttributeValue.fromNs(List.of("7")))))),
            0,
            1));

    List<String> tables = tablesLike(db, "order_n%tags%");
    assertThat(tables).hasSize(2);
    List<List<String>> values = new ArrayList<>();
    for (String table : tables) {
      values.addAll(SinkStack.rows(db, "SELECT order_id, CAST(value AS VARCHAR) FROM " + table));
    }
    assertThat(values).containsExactlyInAnyOrder(List.of("o-1", "a"), List.of("o-2", "7"));
  }

  /**
   * A tree (a list of maps whose elements hold a list of the same name, and so on) becomes a child,
   * a grandchild and a great-grandchild table, whose columns for the positions in the enclosing
   * lists must not share a name although the lists do. Found by random items ("column
   * "__1st_position" appears twice in primary key constraint": the table could not be created and
   * the task stopped).
   */
  @ParameterizedTest
  @EnumSource(DialectName.class)
  void listsNestedUnderTheSameNameGetPositionColumnsOfTheirOwn(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    var leaf = m(item("label", s("leaf")));
    var middle = m(item("label", s("middle"), "children", l(leaf, leaf)));
    var top = m(item("label", s("top"), "children", l(middle)));
    load(
        dialect,
        db,
        Map.of(),
        SinkEvents.orders().read(item("OrderId", s("o-1"), "children", l(top, top)), 0, 0));

    List<String> tables = tablesLike(db, "order_children%");
    assertThat(tables).hasSize(3);
    String deepest = tables.get(2);
    assertThat(SinkStack.rows(db, "SELECT count(*) FROM " + deepest).get(0))
        .as("two leaves under the middle of each of the two tops")
        .containsExactly("4");
    assertThat(SinkStack.columnTypes(db, deepest).keySet())
        .as("a position column per enclosing list, and its own")
        .filteredOn(column -> column.contains("_position"))
        .hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void anAttributeNameMadeToInjectSqlIsJustAColumn(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    load(
        dialect,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-1"), "x\"; DROP TABLE orders; --", s("boom")), 0, 0));

    assertThat(SinkStack.rows(db, "SELECT order_id, x_drop_table_orders FROM orders"))
        .containsExactly(List.of("o-1", "boom"));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void softDeletesKeepTheRowFlaggedWithTheRemovalTime(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    Map<String, String> soft = Map.of(FlatteningSettings.DELETE_MODE, "SOFT");
    load(
        dialect,
        db,
        soft,
        events.read(order("o-1", "A"), 0, 0),
        events.read(order("o-2", "B"), 0, 1));
    load(dialect, db, soft, events.remove(item("OrderId", s("o-1")), 0, 2));

    assertThat(
            SinkStack.rows(
                db,
                "SELECT order_id, _ddbsync_deleted, _ddbsync_deleted_at IS NOT NULL FROM orders ORDER BY order_id"))
        .containsExactly(List.of("o-1", "t", "t"), List.of("o-2", "f", "f"));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aRecordThatCannotBeStoredGoesToTheDeadLetterQueueAndTheRestLoads(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    load(
        dialect,
        db,
        Map.of(),
        events.read(item("OrderId", s("o-1"), "OrderDate", s("2024-06-15T09:12:11Z")), 0, 0),
        events.read(item("OrderId", s("o-2"), "OrderDate", s("sometime soon")), 0, 1));

    assertThat(SinkStack.rows(db, "SELECT order_id FROM orders")).containsExactly(List.of("o-1"));
    assertThat(deadLetters)
        .singleElement()
        .asString()
        .contains("sometime soon")
        .contains("ISO-8601");
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aChildFileThatFailsToUploadRollsBackTheBatchAndTheRetryLoadsItOnce(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    AtomicInteger failuresLeft = new AtomicInteger(1);
    RecordingContext context = new RecordingContext(Set.of());
    RedshiftSinkConfig config = new RedshiftSinkConfig(SinkStack.config(dialect, db, Map.of()));
    try (SinkComponents components =
        SinkComponents.create(
            config,
            context,
            (record, error) -> CompletableFuture.completedFuture(null),
            store -> new ChildUploadsFail(store, failuresLeft))) {
      components.writer().put(List.of(events.read(briefOrder(), 0, 0)));
      // The parent rows are copied and merged while the child file is still uploading; its
      // failure must take them back out.
      assertThatThrownBy(() -> components.writer().flushDue(true))
          .isInstanceOf(RetriableException.class);
      assertThat(context.timeout).as("a backoff before the retry").isPositive();
      assertThat(countOrZero(db, "orders")).as("nothing of the failed attempt").isZero();
      assertThat(components.writer().preCommit(Map.of())).isEmpty();

      components.writer().flushDue(true);
    }

    assertThat(SinkStack.rows(db, "SELECT order_id FROM orders"))
        .containsExactly(List.of("ORD-20240615-0001"));
    assertThat(SinkStack.rows(db, "SELECT sku FROM order_items ORDER BY _position"))
        .containsExactly(List.of("A77"), List.of("F23"));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void theNextBatchIsStagedWhileThePreviousOneLoadsAndIsLoadedFromThoseFiles(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    AtomicReference<SlowSecondBatch> s3 = new AtomicReference<>();
    try (SinkComponents components = secondBatchLoading(dialect, db, events, s3, 0)) {
      components.writer().put(thirdBatch(events));
      components.writer().flushDue(true);
    }

    List<String> log = List.copyOf(s3.get().log);
    // The third batch was uploaded once, while the second was still loading (before its clean-up).
    assertThat(log).filteredOn("put +0-4-5-upserts.parquet"::equals).hasSize(1);
    assertThat(log.indexOf("put +0-4-5-upserts.parquet"))
        .isLessThan(log.indexOf("delete +0-2-3-upserts.parquet"));
    assertThat(SinkStack.rows(db, "SELECT order_id, sku FROM order_items ORDER BY order_id"))
        .containsExactly(
            List.of("o-1", "C"), List.of("o-2", "F"), List.of("o-3", "D"), List.of("o-4", "E"));
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aNextBatchStagedEarlyWhileThePreviousLoadFailedIsStagedAgainAndLoadsOnce(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    AtomicReference<SlowSecondBatch> s3 = new AtomicReference<>();
    List<SinkRecord> third = thirdBatch(events);
    long failedLoads;
    try (SinkComponents components = secondBatchLoading(dialect, db, events, s3, 1)) {
      SinkWriter writer = components.writer();
      // The third batch is staged early; the second batch's load fails meanwhile.
      assertThatThrownBy(() -> writer.put(third)).isInstanceOf(RetriableException.class);
      // Delivered again: the second batch is retried, the third built and staged again.
      writer.put(third);
      writer.flushDue(true);
      failedLoads = components.metrics().failedLoads();
    }

    // Only the injected failure: the third batch's files were never lost to a clean-up.
    assertThat(failedLoads).isEqualTo(1);
    assertThat(s3.get().log).filteredOn("put +0-4-5-upserts.parquet"::equals).hasSize(2);
    assertThat(SinkStack.rows(db, "SELECT order_id, sku FROM order_items ORDER BY order_id"))
        .containsExactly(
            List.of("o-1", "C"), List.of("o-2", "F"), List.of("o-3", "D"), List.of("o-4", "E"));
  }

  /**
   * A sink of two-record batches over {@link SlowSecondBatch} (failing the second batch's child
   * upload {@code childFailures} times): the first batch (o-1, o-2) is loaded, so its tables exist
   * and are known, and the second (o-1, o-3) is loading, its tables prepared, its upload held.
   */
  private static SinkComponents secondBatchLoading(
      DialectName dialect,
      String db,
      SinkEvents events,
      AtomicReference<SlowSecondBatch> s3,
      int childFailures)
      throws InterruptedException {
    RedshiftSinkConfig config =
        new RedshiftSinkConfig(
            SinkStack.config(dialect, db, Map.of(BatchingSettings.FLUSH_MAX_RECORDS, "2")));
    SinkComponents components =
        SinkComponents.create(
            config,
            new RecordingContext(Set.of()),
            (record, error) -> CompletableFuture.completedFuture(null),
            store -> {
              s3.set(new SlowSecondBatch(store));
              s3.get().secondBatchChildFailures.set(childFailures);
              return s3.get();
            });
    SinkWriter writer = components.writer();
    writer.put(List.of(events.read(order("o-1", "A"), 0, 0), events.read(order("o-2", "B"), 0, 1)));
    writer.flushDue(true);
    writer.put(
        List.of(events.upsert(order("o-1", "C"), 0, 2), events.upsert(order("o-3", "D"), 0, 3)));
    s3.get().secondBatchStaging.await();
    return components;
  }

  /** The batch after {@link #secondBatchLoading}'s: o-4 new, o-2 changed. */
  private static List<SinkRecord> thirdBatch(SinkEvents events) {
    return List.of(events.upsert(order("o-4", "E"), 0, 4), events.upsert(order("o-2", "F"), 0, 5));
  }

  /** Rows in {@code table}, or 0 while the table does not exist. */
  private static long countOrZero(String db, String table) throws Exception {
    if (SinkStack.columnTypes(db, table).isEmpty()) {
      return 0;
    }
    return Long.parseLong(SinkStack.rows(db, "SELECT count(*) FROM " + table).get(0).get(0));
  }

  /** S3 that fails the next {@code failuresLeft} uploads of child-table files. */
  private static final class ChildUploadsFail extends ForwardingStore {
    private final AtomicInteger failuresLeft;

    ChildUploadsFail(StagingStore store, AtomicInteger failuresLeft) {
      super(store);
      this.failuresLeft = failuresLeft;
    }

    @Override
    public StagedObject put(String key, byte[] data) {
      if (key.contains("order_items") && failuresLeft.getAndDecrement() > 0) {
        pause(300); // let the parent's COPY and MERGE run first
        throw SdkClientException.create("injected: connection reset while uploading " + key);
      }
      return store.put(key, data);
    }
  }

  /**
   * S3 that logs uploads and deletions in order, and holds the upload of the upserts of the batch
   * at offsets 2-3 for a while, signalling when it starts.
   */
  private static final class SlowSecondBatch extends ForwardingStore {
    final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    final java.util.concurrent.CountDownLatch secondBatchStaging =
        new java.util.concurrent.CountDownLatch(1);

    SlowSecondBatch(StagingStore store) {
      super(store);
    }

    final AtomicInteger secondBatchChildFailures = new AtomicInteger();

    @Override
    public StagedObject put(String key, byte[] data) {
      log.add("put " + key.substring(key.lastIndexOf('+')));
      if (key.endsWith("+0-2-3-upserts.parquet")) {
        secondBatchStaging.countDown();
        pause(700);
      }
      if (key.endsWith("+0-2-3-order_items.parquet")
          && secondBatchChildFailures.getAndDecrement() > 0) {
        throw SdkClientException.create("injected: connection reset while uploading " + key);
      }
      return store.put(key, data);
    }

    @Override
    public void delete(List<StagedObject> objects) {
      for (StagedObject object : objects) {
        String uri = object.uri();
        log.add("delete " + uri.substring(uri.lastIndexOf('+')));
      }
      store.delete(objects);
    }
  }

  /** The tables whose names match a LIKE pattern, shortest name first. */
  private static List<String> tablesLike(String db, String pattern) throws Exception {
    return SinkStack.rows(
            db,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_name LIKE '"
                + pattern
                + "' ORDER BY length(table_name), table_name")
        .stream()
        .map(row -> row.get(0))
        .toList();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private SinkMetrics load(
      DialectName dialect, String db, Map<String, String> overrides, SinkRecord... records) {
    RedshiftSinkConfig config = new RedshiftSinkConfig(SinkStack.config(dialect, db, overrides));
    ErrantRecordReporter reporter =
        (record, error) -> {
          deadLetters.add(error.getMessage());
          return CompletableFuture.completedFuture(null);
        };
    try (SinkComponents components =
        SinkComponents.create(config, new RecordingContext(Set.of()), reporter)) {
      components.writer().put(List.of(records));
      components.writer().flushDue(true);
      return components.metrics();
    }
  }

  private static java.util.Map<String, AttributeValue> order(String id, String... skus) {
    List<AttributeValue> lines = new ArrayList<>();
    for (String sku : skus) {
      lines.add(m(item("Sku", s(sku), "Q", n("1"))));
    }
    return item(
        "OrderId",
        s(id),
        "CustomerId",
        s("c-" + id),
        "Items",
        l(lines.toArray(AttributeValue[]::new)));
  }
}
