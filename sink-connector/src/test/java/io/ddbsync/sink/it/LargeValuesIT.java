package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.FlatteningSettings;
import io.ddbsync.sink.TargetSettings;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.redshift.RedshiftStandIn;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DynamoDB items reach 400 KB, so one string attribute can be 350 KB. Under
 * varchar.overflow.policy=SUPER it arrives whole, in the item's table and in a child table, where
 * the database keeps such strings in SUPER: PostgreSQL's JSONB, and Redshift since the cluster
 * parameter enable_large_strings_opt_in=Yes (strings up to 16,000,000 bytes, November 2026). A
 * cluster that did not opt in keeps at most 65,535 bytes there: the record goes to the dead letter
 * queue saying what to change, and the rest loads.
 */
class LargeValuesIT {
  private static final String BIG = "0123456789abcdé".repeat(350 * 1024 / 16);

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void a350KilobyteStringArrivesWholeWhereTheDatabaseKeepsLargeSuperStrings(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    List<String> deadLetters = new ArrayList<>();
    SinkStack.load(dialect, db, superPolicy(), deadLetters, records());

    assertThat(deadLetters).isEmpty();
    assertThat(column(db, "SELECT note__overflow #>> '{}' FROM orders WHERE order_id = 'o-big'"))
        .containsExactly(BIG);
    assertThat(column(db, "SELECT note FROM orders WHERE order_id = 'o-big'"))
        .containsExactly((String) null);
    assertThat(
            column(
                db,
                "SELECT octet_length(sku__overflow #>> '{}') FROM order_items"
                    + " WHERE order_id = 'o-big'"))
        .containsExactly(
            Integer.toString(BIG.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1"))
        .containsExactly("o-big", "o-small");
  }

  @Test
  void onARedshiftClusterWithoutLargeStringsTheRecordSaysWhatToChangeAndTheRestLoads()
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    List<String> deadLetters = new ArrayList<>();
    try (RedshiftStandIn standIn =
        RedshiftStandIn.start(PostgresServer.shared(), MotoServer.sharedOrSkip().s3())) {
      Map<String, String> settings = new HashMap<>(superPolicy());
      settings.put(TargetSettings.CONNECTION_URL, standIn.jdbcUrl(db));
      SinkStack.load(DialectName.REDSHIFT, db, settings, deadLetters, records());
    }

    assertThat(column(db, "SELECT order_id FROM orders")).containsExactly("o-small");
    assertThat(deadLetters)
        .singleElement()
        .asString()
        .contains("65535 bytes a SUPER value holds")
        .contains("enable_large_strings_opt_in=Yes");
  }

  private static Map<String, String> superPolicy() {
    return Map.of(FlatteningSettings.OVERFLOW_POLICY, "SUPER");
  }

  private static List<org.apache.kafka.connect.sink.SinkRecord> records() {
    SinkEvents events = SinkEvents.orders();
    return List.of(
        events.read(
            item("OrderId", s("o-big"), "Note", s(BIG), "Items", l(m(item("Sku", s(BIG))))), 0, 0),
        events.read(
            item("OrderId", s("o-small"), "Note", s("n"), "Items", l(m(item("Sku", s("A"))))),
            0,
            1));
  }

  private static List<String> column(String db, String sql) throws SQLException {
    return SinkStack.rows(db, sql).stream().map(row -> row.get(0)).toList();
  }
}
