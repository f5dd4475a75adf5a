package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.FlatteningSettings;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sink under the Redshift rules the stand-in enforces (see {@code RedshiftStandInIT} for each
 * rule and the documentation it cites), on both dialects: what loads on PostgreSQL must load the
 * same on Redshift.
 */
class RedshiftRulesIT {
  private final List<String> deadLetters = new ArrayList<>();

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  /** Redshift never widens a PRIMARY KEY column, nor a column that ENCODE AUTO may have given. */
  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aLongerKeyAndALongerValueLoadWithoutWideningAKeyColumn(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    load(dialect, db, events.read(item("OrderId", s("k".repeat(100)), "Note", s("short")), 0, 0));
    load(
        dialect,
        db,
        events.read(
            item(
                "OrderId",
                s("k".repeat(300)),
                "Note",
                s("n".repeat(300)),
                "Items",
                l(m(item("Sku", s("s".repeat(300)))))),
            0,
            1));
    load(
        dialect,
        db,
        events.read(item("OrderId", s("é".repeat(1024)), "Note", s("the longest key")), 0, 2));

    assertThat(SinkStack.rows(db, "SELECT octet_length(order_id) FROM orders ORDER BY 1"))
        .extracting(row -> row.get(0))
        .containsExactly("100", "300", "2048");
    assertThat(SinkStack.columnTypes(db, "orders"))
        .containsEntry("order_id", "character varying(2048)")
        .containsEntry("note", "character varying(1024)");
    assertThat(deadLetters).isEmpty();
  }

  /**
   * A table an earlier version made with a 256-byte key column cannot take a longer key on
   * Redshift: the task says how to rebuild the table instead of sending an ALTER that fails on
   * every retry.
   */
  @org.junit.jupiter.api.Test
  void aNarrowKeyColumnOfAnEarlierVersionFailsWithHowToRebuildTheTable() throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkStack.load(
        DialectName.REDSHIFT,
        db,
        Map.of(),
        deadLetters,
        List.of(SinkEvents.orders().read(item("OrderId", s("short")), 0, 0)));
    SinkStack.execute(db, "ALTER TABLE orders ALTER COLUMN order_id TYPE VARCHAR(256)");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                SinkStack.load(
                    DialectName.REDSHIFT,
                    db,
                    Map.of(),
                    deadLetters,
                    List.of(SinkEvents.orders().read(item("OrderId", s("k".repeat(300))), 0, 1))))
        .hasMessageContaining("Redshift cannot widen a PRIMARY KEY column")
        .hasMessageContaining("VARCHAR(2048)");
  }

  /** Redshift compares VARCHARs ignoring trailing blanks; DynamoDB keys do not. */
  @ParameterizedTest
  @EnumSource(DialectName.class)
  void keysThatDifferOnlyInTrailingBlanksStayDifferentItems(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    // In one batch: a MERGE whose target row would match two staged rows fails on Redshift.
    load(
        dialect,
        db,
        events.read(item("OrderId", s("SKU1"), "Note", s("plain")), 0, 0),
        events.read(item("OrderId", s("SKU1 "), "Note", s("one blank")), 0, 1),
        events.read(
            item(
                "OrderId",
                s("SKU1  "),
                "Note",
                s("two blanks"),
                "Items",
                l(m(item("Sku", s("x"))))),
            0,
            2));
    // Across batches: a change of one must not overwrite the other; a removal removes only it.
    load(
        dialect,
        db,
        events.upsert(item("OrderId", s("SKU1 "), "Note", s("changed")), 0, 3),
        events.remove(item("OrderId", s("SKU1")), 0, 4));

    assertThat(SinkStack.rows(db, "SELECT '[' || order_id || ']', note FROM orders ORDER BY 1"))
        .containsExactly(List.of("[SKU1  ]", "two blanks"), List.of("[SKU1 ]", "changed"));
    assertThat(SinkStack.rows(db, "SELECT '[' || order_id || ']' FROM order_items"))
        .containsExactly(List.of("[SKU1  ]"));
    assertThat(deadLetters).isEmpty();
  }

  /**
   * Redshift's columnar COPY needs the file to have every column of the target table: a child table
   * that gained a column must not take a file of an older schema straight in.
   */
  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aChildTableWithMoreColumnsThanAnOlderSchemasFileStillLoads(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents newer = SinkEvents.orders();
    SinkEvents older = SinkEvents.orders();
    load(
        dialect,
        db,
        newer.read(
            item(
                "OrderId",
                s("o-1"),
                "Items",
                l(m(item("Sku", s("a"), "Q", n("1"), "Gift", s("y"))))),
            0,
            0));
    load(
        dialect,
        db,
        older.upsert(item("OrderId", s("o-2"), "Items", l(m(item("Sku", s("b"))))), 0, 1));

    assertThat(SinkStack.rows(db, "SELECT order_id, sku FROM order_items ORDER BY 1"))
        .containsExactly(List.of("o-1", "a"), List.of("o-2", "b"));
    assertThat(deadLetters).isEmpty();
  }

  /**
   * Times are UTC wall-clock values whatever the database's or the session's time zone: the JDBC
   * drivers start each session in the worker JVM's time zone (their TimeZone start-up parameter).
   */
  @ParameterizedTest
  @EnumSource(DialectName.class)
  void timestampsAreUtcInADatabaseWhoseTimeZoneIsNot(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkStack.execute(db, "ALTER DATABASE " + db + " SET timezone TO 'America/New_York'");
    SinkEvents events = SinkEvents.orders();
    java.util.TimeZone jvmZone = java.util.TimeZone.getDefault();
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Kolkata"));
    try {
      load(
          dialect,
          db,
          Map.of(FlatteningSettings.TIMESTAMP_COLUMNS, "Orders.OrderDate"),
          events.read(
              item(
                  "OrderId",
                  s("o-1"),
                  "OrderDate",
                  s("2024-06-15T09:12:11Z"),
                  "Items",
                  l(m(item("Sku", s("a"))))),
              0,
              0));
    } finally {
      java.util.TimeZone.setDefault(jvmZone);
    }

    assertThat(SinkStack.rows(db, "SELECT CAST(order_date AS VARCHAR) FROM orders"))
        .containsExactly(List.of("2024-06-15 09:12:11"));
  }

  /** Attribute names that are reserved words in Redshift ("Reserved words") are just columns. */
  @ParameterizedTest
  @EnumSource(DialectName.class)
  void reservedWordsAsAttributeNamesBecomeColumnsAndTables(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events =
        new SinkEvents(
            "Table",
            List.of(
                new io.ddbsync.common.event.KeyAttribute(
                    "Select", io.ddbsync.common.event.KeyAttribute.ScalarType.S)),
            "dynamodb.Table");
    load(
        dialect,
        db,
        events.read(
            item(
                "Select", s("k-1"),
                "Offset", n("3"),
                "Open", s("yes"),
                "Timestamp", s("t"),
                "Group", l(m(item("Order", s("first"), "User", s("me"))))),
            0,
            0));

    assertThat(
            SinkStack.rows(
                db, "SELECT \"select\", \"offset\", \"open\", \"timestamp\" FROM \"table\""))
        .containsExactly(List.of("k-1", "3", "yes", "t"));
    assertThat(SinkStack.rows(db, "SELECT \"select\", \"order\", \"user\" FROM table_group"))
        .containsExactly(List.of("k-1", "first", "me"));
    assertThat(deadLetters).isEmpty();
  }

  private void load(DialectName dialect, String db, SinkRecord... records) {
    load(dialect, db, Map.of(), records);
  }

  private void load(
      DialectName dialect, String db, Map<String, String> settings, SinkRecord... records) {
    SinkStack.load(dialect, db, settings, deadLetters, List.of(records));
  }
}
