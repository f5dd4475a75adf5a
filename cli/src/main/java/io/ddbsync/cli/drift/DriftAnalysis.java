package io.ddbsync.cli.drift;

import io.ddbsync.common.model.Assignment;
import io.ddbsync.sink.model.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns what was measured on each side into drift findings: attributes seen with several types,
 * types the topic's schema does not have yet, type-conflict columns, VARCHARs and how close they
 * are to the warehouse's limit, columns never filled, maps kept whole as SUPER. No I/O.
 */
public final class DriftAnalysis {
  /** A VARCHAR at least this full (of the warehouse's limit) needs attention. */
  static final double NEAR_LIMIT = 0.8;

  private static final Pattern CONFLICT_FIELD =
      Pattern.compile(".*__(s|n|n_dec|n_text|b|bool|null|json|m|l|l_[a-z_]+|ss|ns|bs)$");

  /** One warehouse column and what its values look like. */
  public record ColumnStats(
      String table,
      String column,
      String fieldPath,
      SqlType type,
      long rows,
      long filled,
      long longestBytes) {}

  private DriftAnalysis() {}

  /** Attribute path (maps' attributes joined by ".") to the DynamoDB types seen, counted. */
  public static Map<String, Map<String, Long>> attributeTypes(
      List<Map<String, AttributeValue>> items, int maxDepth) {
    Map<String, Map<String, Long>> types = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      collect("", item, maxDepth, types);
    }
    return types;
  }

  private static void collect(
      String prefix,
      Map<String, AttributeValue> attributes,
      int depth,
      Map<String, Map<String, Long>> types) {
    for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
      String path = prefix + entry.getKey();
      AttributeValue value = entry.getValue();
      types.computeIfAbsent(path, p -> new TreeMap<>()).merge(value.type().name(), 1L, Long::sum);
      if (value.type() == AttributeValue.Type.M && depth > 1) {
        collect(path + ".", value.m(), depth - 1, types);
      }
    }
  }

  public static List<DriftFinding> analyse(
      String table,
      Map<String, Map<String, Long>> attributeTypes,
      List<Assignment> notInTopicSchema,
      List<ColumnStats> columns,
      int maxVarcharBytes) {
    List<DriftFinding> findings = new ArrayList<>();
    attributeTypes.forEach(
        (path, types) -> {
          if (types.size() > 1) {
            findings.add(new DriftFinding(table, "attribute-types", path, describe(types), false));
          }
        });
    for (Assignment assignment : notInTopicSchema) {
      findings.add(
          new DriftFinding(
              table,
              "not-in-topic-schema",
              assignment.toString(),
              "seen in DynamoDB, not yet in the change events' schema: the next change of such an"
                  + " item adds the field (and the sink its column)",
              false));
    }
    Set<String> conflictBases = new TreeSet<>();
    for (ColumnStats column : columns) {
      String name = column.table() + "." + column.column();
      if (column.fieldPath() != null && CONFLICT_FIELD.matcher(column.fieldPath()).matches()) {
        conflictBases.add(name);
        findings.add(
            new DriftFinding(
                table,
                "type-conflict-column",
                name,
                "holds field "
                    + column.fieldPath()
                    + ": values of a second type of the attribute; "
                    + column.filled()
                    + " of "
                    + column.rows()
                    + " rows filled",
                false));
      }
      if (column.type().kind() == SqlType.Kind.VARCHAR) {
        double full = (double) column.longestBytes() / maxVarcharBytes;
        findings.add(
            new DriftFinding(
                table,
                "varchar-width",
                name,
                String.format(
                    Locale.ROOT,
                    "VARCHAR(%d), longest value %d bytes, %.0f%% of the warehouse's %d",
                    column.type().length(),
                    column.longestBytes(),
                    full * 100,
                    maxVarcharBytes),
                full >= NEAR_LIMIT));
      }
      if (column.rows() > 0
          && column.filled() == 0
          && !(column.fieldPath() == null
              || io.ddbsync.cli.reconcile.RowComparator.isBookkeeping(column.fieldPath()))) {
        findings.add(
            new DriftFinding(
                table, "never-filled", name, "NULL in all " + column.rows() + " rows", true));
      }
      if (column.type().kind() == SqlType.Kind.SUPER
          && column.fieldPath() != null
          && isMap(attributeTypes, column.fieldPath())) {
        findings.add(
            new DriftFinding(
                table,
                "map-as-super",
                name,
                "a map kept whole as SUPER (past flatten.max.depth or flatten.max.map.columns)",
                false));
      }
    }
    return findings;
  }

  private static boolean isMap(Map<String, Map<String, Long>> attributeTypes, String fieldPath) {
    Map<String, Long> types = attributeTypes.get(fieldPath);
    return types != null && types.containsKey("M");
  }

  private static String describe(Map<String, Long> types) {
    StringBuilder text = new StringBuilder();
    types.forEach(
        (type, count) ->
            text.append(text.length() == 0 ? "" : ", ").append(type).append(" in ").append(count));
    return text.append(" sampled items").toString();
  }
}
