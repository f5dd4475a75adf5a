package io.ddbsync.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The report for automation: every count and example of the text report, and {@code "matches"} at
 * the top and per table, which is what the exit code says.
 */
public final class JsonReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonReport() {}

  public static ObjectNode tree(ReconcileReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("matches", report.matches());
    root.put("startedAt", report.startedAt());
    root.put("seconds", report.seconds());
    root.put("warehouse", report.warehouse());
    ArrayNode tables = root.putArray("tables");
    for (TableReport table : report.tables()) {
      ObjectNode node = JSON.valueToTree(table);
      node.put("matches", table.matches());
      tables.add(node);
    }
    return root;
  }

  public static String render(ReconcileReport report) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the report as JSON", e);
    }
  }
}
