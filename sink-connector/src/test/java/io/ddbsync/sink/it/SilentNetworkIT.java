package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.l;
import static io.ddbsync.common.testing.Items.m;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.ErrorSettings;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.SinkComponents;
import io.ddbsync.sink.TargetSettings;
import io.ddbsync.sink.fixtures.RecordingContext;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.LogCapture;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.TcpProxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A network between the sink and the database that goes silent on the existing connection (a NAT
 * gateway or load balancer that dropped it: no FIN, no RST) while new connections work. The load
 * gives the connection up after its read timeout, retries on a new connection, and ends the old
 * session, which the database keeps in the middle of the load's transaction holding the tables'
 * locks; the changes made after the network went silent arrive, with no restart by hand. Connect's
 * part is played as it plays it: put() again after each retriable failure's backoff.
 */
class SilentNetworkIT {
  private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(3);

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void aConnectionCutSilentlyInTheMiddleOfALoadCostsARetryOnANewConnection(DialectName dialect)
      throws Exception {
    String db = PostgresServer.shared().createDatabase();
    int port =
        dialect == DialectName.REDSHIFT
            ? SinkStack.standIn().port()
            : PostgresServer.shared().port();
    SinkEvents events = SinkEvents.orders();
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", port);
        LogCapture log = LogCapture.start()) {
      Map<String, String> settings = new HashMap<>();
      settings.put(
          TargetSettings.CONNECTION_URL,
          dialect == DialectName.REDSHIFT
              ? "jdbc:redshift://127.0.0.1:" + proxy.port() + "/" + db + "?ssl=false"
              : "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db);
      settings.put(
          TargetSettings.STATEMENT_TIMEOUT_MS, Long.toString(STATEMENT_TIMEOUT.toMillis()));
      settings.put(TargetSettings.CONNECTION_TIMEOUT_MS, "3000");
      settings.put(ErrorSettings.RETRY_BACKOFF_MS, "100");
      RecordingContext context = new RecordingContext(Set.of());
      RedshiftSinkConfig config = new RedshiftSinkConfig(SinkStack.config(dialect, db, settings));
      try (SinkComponents task =
          SinkComponents.create(
              config, context, (record, error) -> CompletableFuture.completedFuture(null))) {
        deliver(task, context, List.of(events.read(order("o-1", 1), 0, 0)));
        assertThat(column(db, "SELECT version FROM orders")).containsExactly("1");

        // The network goes silent just as the next load sends its MERGE: the database's session
        // stays in the transaction, holding the lock on the tables, and hears nothing more.
        proxy.silenceWhenClientSends("MERGE INTO");
        long start = System.nanoTime();
        deliver(
            task,
            context,
            List.of(events.upsert(order("o-1", 2), 0, 1), events.upsert(order("o-2", 1), 0, 2)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(column(db, "SELECT order_id || ':' || version FROM orders ORDER BY 1"))
            .containsExactly("o-1:2", "o-2:1");
        assertThat(column(db, "SELECT count(*) FROM order_items")).containsExactly("2");
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(log.events()).anyMatch(line -> line.contains("Ended database session"));

        // Then silent between loads, on an idle connection.
        proxy.silenceExistingConnections();
        deliver(task, context, List.of(events.upsert(order("o-3", 1), 0, 3)));
        assertThat(column(db, "SELECT count(*) FROM orders")).containsExactly("3");
      }
    }
  }

  /** Delivers records as Connect does: put, and put again after each retriable failure. */
  private static void deliver(
      SinkComponents task, RecordingContext context, List<SinkRecord> records)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    List<SinkRecord> next = records;
    while (true) {
      try {
        task.writer().put(next);
        task.writer().flushDue(true);
        return;
      } catch (RetriableException retry) {
        assertThat(System.nanoTime()).as("delivered within two minutes").isLessThan(deadline);
        Thread.sleep(Math.max(10, context.timeout));
        next = List.of();
      }
    }
  }

  private static java.util.Map<
          String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>
      order(String id, int version) {
    return item(
        "OrderId",
        s(id),
        "version",
        n(Integer.toString(version)),
        "Items",
        l(m(item("Sku", s("A" + version)))));
  }

  private static List<String> column(String db, String sql) throws SQLException {
    return SinkStack.rows(db, sql).stream().map(row -> row.get(0)).toList();
  }
}
