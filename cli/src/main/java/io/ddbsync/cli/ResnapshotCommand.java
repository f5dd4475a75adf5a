package io.ddbsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.connect.ConnectClient;
import io.ddbsync.cli.connect.SourceOffsets;
import io.ddbsync.source.offsets.SourcePartitions;
import io.ddbsync.source.offsets.TableMarker;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ddbsync resnapshot <table>}: a new snapshot of one table, through the offsets API: the
 * source connector is stopped, that table's marker moved to the next snapshot epoch, and the
 * connector resumed. The other tables keep their positions. The new snapshot's rows carry a newer
 * generation; when it completes, the sink's generation sweep removes the rows of items it did not
 * find, and its READ events overwrite rows changed behind the connector's back.
 */
@Command(
    name = "resnapshot",
    mixinStandardHelpOptions = true,
    description = {
      "Takes a new snapshot of one table while the other tables keep their positions: stops the"
          + " source connector, moves the table's stored marker to a new snapshot epoch (PATCH"
          + " /connectors/{name}/offsets) and resumes it. The stream continues from where it was,"
          + " so no change is lost; the sink then removes rows of items the new snapshot did not"
          + " find and rewrites every other row."
    })
final class ResnapshotCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ConnectorOptions connectors;

  @Parameters(paramLabel = "TABLE", description = "The DynamoDB table to snapshot again.")
  String table;

  @Option(
      names = "--wait-seconds",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "Waits up to this long for the new snapshot to complete (default: ${DEFAULT-VALUE}, return once resumed).")
  long waitSeconds;

  @Override
  public Integer call() throws Exception {
    ConnectClient connect = connectors.connectClient();
    String source = connectors.sourceName;
    System.err.println("Stopping " + source + " ...");
    connect.stop(source);
    awaitState(connect, source, "STOPPED", Duration.ofMinutes(2));
    TableMarker next;
    try {
      // Read once stopped: a running task moves the marker on.
      TableMarker marker = markerOf(connect, source);
      if (marker == null) {
        throw new IllegalStateException(
            "The source connector "
                + source
                + " has no stored state for table "
                + table
                + " yet: it snapshots the table on its own when it starts reading it");
      }
      next = marker.resnapshot(marker.streamArn(), 0);
      ObjectNode body = JSON.createObjectNode();
      ArrayNode offsets = body.putArray("offsets");
      ObjectNode entry = offsets.addObject();
      entry.set("partition", JSON.valueToTree(SourcePartitions.table(table)));
      entry.set("offset", JSON.valueToTree(next.toOffset()));
      connect.alterOffsets(source, body);
      System.err.println(
          "Table " + table + ": snapshot epoch " + marker.epoch() + " -> " + next.epoch());
    } finally {
      connect.resume(source);
      System.err.println("Resumed " + source);
    }
    if (waitSeconds > 0) {
      long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
      while (System.nanoTime() < deadline) {
        TableMarker now = markerOf(connect, source);
        if (now != null
            && now.epoch() >= next.epoch()
            && now.phase() == TableMarker.Phase.STREAMING) {
          System.err.println("Table " + table + ": snapshot epoch " + now.epoch() + " complete");
          return Ddbsync.MATCH;
        }
        Thread.sleep(1000);
      }
      System.err.println("Table " + table + ": the new snapshot is still running");
      return Ddbsync.DIFFERENT;
    }
    return Ddbsync.MATCH;
  }

  private TableMarker markerOf(ConnectClient connect, String source) throws IOException {
    Map<String, SourceOffsets.TableState> states = SourceOffsets.byTable(connect.offsets(source));
    SourceOffsets.TableState state = states.get(table);
    return state == null ? null : state.marker();
  }

  private static void awaitState(
      ConnectClient connect, String connector, String state, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode status = connect.status(connector);
      if (state.equals(status.path("connector").path("state").asText())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(connector + " did not reach state " + state + " within " + timeout);
      }
      Thread.sleep(500);
    }
  }
}
