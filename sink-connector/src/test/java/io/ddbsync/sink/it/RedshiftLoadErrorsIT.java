package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.BatchingSettings;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.SinkComponents;
import io.ddbsync.sink.TargetSettings;
import io.ddbsync.sink.fixtures.RecordingContext;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A value the warehouse refuses without naming its row costs only its record, on both dialects and
 * every kind of Redshift: loading halves of the batch finds it. Here the value is a number wider
 * than a column made narrower by hand, which the MERGE out of the staging table refuses.
 */
class RedshiftLoadErrorsIT {
  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @ParameterizedTest
  @EnumSource(RedshiftStandIn.Kind.class)
  void aRefusedValueCostsOnlyItsRecordOnEveryKindOfRedshift(RedshiftStandIn.Kind kind)
      throws Exception {
    try (RedshiftStandIn standIn =
        RedshiftStandIn.start(PostgresServer.shared(), MotoServer.sharedOrSkip().s3(), kind)) {
      assertOneBadValueCostsOneRecord(standIn);
    }
  }

  @org.junit.jupiter.api.Test
  void aValueRefusedWithoutItsRowInPostgresqlCostsOnlyItsRecord() throws Exception {
    assertOneBadValueCostsOneRecord(null);
  }

  private static void assertOneBadValueCostsOneRecord(RedshiftStandIn standIn) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    SinkEvents events = SinkEvents.orders();
    List<String> deadLetters = new ArrayList<>();
    Map<String, String> settings = new HashMap<>();
    DialectName dialect = standIn == null ? DialectName.POSTGRES : DialectName.REDSHIFT;
    if (standIn != null) {
      settings.put(TargetSettings.CONNECTION_URL, standIn.jdbcUrl(db));
    }
    settings.put(BatchingSettings.FLUSH_MAX_RECORDS, "1000");
    RedshiftSinkConfig config = new RedshiftSinkConfig(SinkStack.config(dialect, db, settings));
    SinkStack.load(
        dialect,
        db,
        settings,
        deadLetters,
        List.of(events.read(item("OrderId", s("o-0"), "Total", n("123456.25")), 0, 0)));
    // A column made narrower by hand than the values it gets.
    SinkStack.execute(db, "DELETE FROM orders");
    SinkStack.execute(db, "ALTER TABLE orders ALTER COLUMN total TYPE NUMERIC(14,9)");
    try (SinkComponents task =
        SinkComponents.create(
            config,
            new RecordingContext(Set.of()),
            (record, error) -> {
              deadLetters.add(error.getMessage());
              return CompletableFuture.completedFuture(null);
            })) {
      List<SinkRecord> records = new ArrayList<>();
      for (int i = 1; i <= 9; i++) {
        String total = i == 6 ? "123456.25" : i + ".25";
        records.add(events.read(item("OrderId", s("o-" + i), "Total", n(total)), 0, i));
      }
      task.writer().put(records);
      task.writer().flushDue(true);
    }

    assertThat(column(db, "SELECT order_id FROM orders ORDER BY 1"))
        .containsExactly("o-1", "o-2", "o-3", "o-4", "o-5", "o-7", "o-8", "o-9");
    assertThat(deadLetters).singleElement().asString().contains("refused");
  }

  private static List<String> column(String db, String sql) throws SQLException {
    return SinkStack.rows(db, sql).stream().map(row -> row.get(0)).toList();
  }
}
