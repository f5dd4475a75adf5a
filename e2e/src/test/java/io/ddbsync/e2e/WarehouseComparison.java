package io.ddbsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ddbsync.sink.model.Identifiers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The comparator of both sides: DynamoDB items against the rows the sink wrote, following the
 * documented mapping (docs/sink-connector.md) on its own, not the sink's code. Each attribute's
 * value must be in exactly one of the columns that belong to the attribute (its plain column or a
 * type-suffixed one, since which type took the plain name depends on arrival order) and every other
 * column of the row must be empty. Lists of maps named in the spec are compared with their child
 * table, row by row, by position.
 */
public final class WarehouseComparison {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What to compare.
   *
   * @param childTables list-of-maps attribute name to its child table
   * @param timestampAttributes top-level string attributes loaded as TIMESTAMP
   * @param columnOverrides attribute path ("Items.Q") to column name
   */
  public record Spec(
      String schema,
      String parentTable,
      String keyAttribute,
      Map<String, String> childTables,
      Set<String> timestampAttributes,
      Map<String, String> columnOverrides) {}

  /** What the comparison found; {@link #isExact()} is the promise. */
  public record Report(
      int sourceItems,
      int targetRows,
      long childRows,
      List<String> missing,
      List<String> extra,
      List<String> different) {
    public boolean isExact() {
      return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
    }

    @Override
    public String toString() {
      return String.format(
          "source items %d, target rows %d (+%d child rows): %d missing, %d extra, %d different%s",
          sourceItems,
          targetRows,
          childRows,
          missing.size(),
          extra.size(),
          different.size(),
          isExact()
              ? ""
              : "; first: "
                  + (missing.isEmpty() ? "" : "missing " + missing.get(0) + " ")
                  + (extra.isEmpty() ? "" : "extra " + extra.get(0) + " ")
                  + (different.isEmpty() ? "" : different.get(0)));
    }
  }

  private WarehouseComparison() {}

  public static Report compare(
      List<Map<String, AttributeValue>> items, Connection connection, Spec spec)
      throws SQLException {
    String keyColumn = column(spec, List.of(spec.keyAttribute()));
    Map<String, Map<String, Object>> rows =
        byKey(readAll(connection, spec.schema(), spec.parentTable()), keyColumn);
    Map<String, Map<String, List<Map<String, Object>>>> children = new HashMap<>();
    long childRows = 0;
    for (String child : spec.childTables().values()) {
      Map<String, List<Map<String, Object>>> byParent = new HashMap<>();
      for (Map<String, Object> row : readAll(connection, spec.schema(), child)) {
        byParent
            .computeIfAbsent(String.valueOf(row.get(keyColumn)), k -> new ArrayList<>())
            .add(row);
        childRows++;
      }
      byParent.values().forEach(list -> list.sort(WarehouseComparison::byPosition));
      children.put(child, byParent);
    }

    List<String> missing = new ArrayList<>();
    List<String> different = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Map<String, AttributeValue> item : items) {
      String key = item.get(spec.keyAttribute()).s();
      seen.add(key);
      Map<String, Object> row = rows.get(key);
      if (row == null) {
        missing.add(key);
        continue;
      }
      List<String> problems = new ArrayList<>();
      compareRow(spec, List.of(), item, row, problems, true);
      for (Map.Entry<String, String> child : spec.childTables().entrySet()) {
        AttributeValue list = item.get(child.getKey());
        List<Map<String, Object>> actual =
            children.get(child.getValue()).getOrDefault(key, List.of());
        List<AttributeValue> expected =
            list != null && list.type() == AttributeValue.Type.L ? list.l() : List.of();
        if (expected.size() != actual.size()) {
          problems.add(
              child.getValue() + ": " + expected.size() + " rows expected, " + actual.size());
          continue;
        }
        for (int i = 0; i < expected.size(); i++) {
          Map<String, Object> childRow = new HashMap<>(actual.get(i));
          childRow.remove(keyColumn);
          childRow.remove("_position");
          compareRow(spec, List.of(child.getKey()), expected.get(i).m(), childRow, problems, false);
        }
      }
      if (!problems.isEmpty()) {
        different.add(key + ": " + String.join("; ", problems));
      }
    }
    List<String> extra = new ArrayList<>();
    for (String key : rows.keySet()) {
      if (!seen.contains(key) && !isSoftDeleted(rows.get(key))) {
        extra.add(key);
      }
    }
    long liveRows = rows.values().stream().filter(r -> !isSoftDeleted(r)).count();
    return new Report(items.size(), (int) liveRows, childRows, missing, extra, different);
  }

  /**
   * Every attribute's value in exactly one of its columns, every other non-synthetic column empty.
   */
  private static void compareRow(
      Spec spec,
      List<String> path,
      Map<String, AttributeValue> attributes,
      Map<String, Object> row,
      List<String> problems,
      boolean parent) {
    Set<String> claimed = new HashSet<>();
    claim(spec, path, attributes, row, problems, claimed, parent);
    for (Map.Entry<String, Object> column : row.entrySet()) {
      if (!claimed.contains(column.getKey())
          && !column.getKey().startsWith("_")
          && column.getValue() != null) {
        problems.add(column.getKey() + " should be empty but holds " + column.getValue());
      }
    }
  }

  private static void claim(
      Spec spec,
      List<String> path,
      Map<String, AttributeValue> attributes,
      Map<String, Object> row,
      List<String> problems,
      Set<String> claimed,
      boolean parent) {
    for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
      List<String> attributePath = append(path, attribute.getKey());
      AttributeValue value = attribute.getValue();
      if (parent && path.isEmpty() && spec.childTables().containsKey(attribute.getKey())) {
        continue; // compared with the child table
      }
      if (value.type() == AttributeValue.Type.M) {
        claim(spec, attributePath, value.m(), row, problems, claimed, parent);
        continue;
      }
      // Element columns of a child table are named from the element; overrides use the full path.
      String base =
          column(
              spec,
              attributePath,
              parent ? attributePath : attributePath.subList(1, attributePath.size()));
      List<String> candidates = new ArrayList<>();
      for (String name : row.keySet()) {
        if (name.equals(base) || name.startsWith(base + "__")) {
          candidates.add(name);
        }
      }
      Object expected =
          value.type() == AttributeValue.Type.NUL
              ? Boolean.TRUE
              : expected(
                  value, path.isEmpty() && spec.timestampAttributes().contains(attribute.getKey()));
      boolean set =
          value.type() == AttributeValue.Type.SS
              || value.type() == AttributeValue.Type.NS
              || value.type() == AttributeValue.Type.BS;
      if (set) {
        expected = sorted(expected);
      }
      List<String> holding = new ArrayList<>();
      for (String candidate : candidates) {
        boolean nullMarker = candidate.endsWith("__null");
        if (nullMarker != (value.type() == AttributeValue.Type.NUL)) {
          continue;
        }
        Object actual = normalize(row.get(candidate));
        if (matches(expected, set ? sorted(actual) : actual)) {
          holding.add(candidate);
        }
      }
      if (holding.size() != 1) {
        Map<String, Object> found = new TreeMap<>();
        candidates.forEach(c -> found.put(c, row.get(c)));
        problems.add(
            String.join(".", attributePath) + " = " + expected + " but columns hold " + found);
      }
      claimed.addAll(holding);
    }
  }

  /** Sets have no order: compare them sorted. */
  private static Object sorted(Object value) {
    if (!(value instanceof List<?> list)) {
      return value;
    }
    List<String> texts = new ArrayList<>();
    list.forEach(element -> texts.add(String.valueOf(element)));
    texts.sort(null);
    return texts;
  }

  /** The value as the warehouse holds it, normalized like {@link #normalize}. */
  private static Object expected(AttributeValue value, boolean timestamp) {
    switch (value.type()) {
      case S:
        return timestamp ? Instant.parse(value.s()) : value.s();
      case N:
        return new BigDecimal(value.n()).stripTrailingZeros();
      case BOOL:
        return value.bool();
      case B:
        return java.util.HexFormat.of().formatHex(value.b().asByteArray());
      default:
        return normalizeJson(JSON.valueToTree(plain(value)));
    }
  }

  /** Lists, sets and deep maps as the plain JSON the sink writes to SUPER/JSONB. */
  private static Object plain(AttributeValue value) {
    switch (value.type()) {
      case S:
        return value.s();
      case N:
        return new BigDecimal(value.n());
      case BOOL:
        return value.bool();
      case NUL:
        return null;
      case SS:
        return value.ss();
      case NS:
        return value.ns().stream().map(BigDecimal::new).toList();
      case L:
        return value.l().stream().map(WarehouseComparison::plain).toList();
      case M:
        Map<String, Object> map = new LinkedHashMap<>();
        value.m().forEach((k, v) -> map.put(k, plain(v)));
        return map;
      default:
        throw new IllegalArgumentException("Unexpected in a JSON column: " + value);
    }
  }

  private static Object normalize(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    if (value instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof byte[] bytes) {
      return java.util.HexFormat.of().formatHex(bytes);
    }
    if (value instanceof org.postgresql.util.PGobject object && object.getValue() != null) {
      try {
        return normalizeJson(JSON.readTree(object.getValue()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("Invalid JSON in the target: " + object.getValue(), e);
      }
    }
    return value;
  }

  /** JSON with numbers compared by value and set-like arrays of scalars compared as sets. */
  private static Object normalizeJson(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros().toPlainString();
    }
    if (node.isArray()) {
      List<Object> elements = new ArrayList<>();
      ((ArrayNode) node).forEach(element -> elements.add(normalizeJson(element)));
      return elements;
    }
    if (node.isObject()) {
      Map<String, Object> fields = new TreeMap<>();
      node.fields().forEachRemaining(e -> fields.put(e.getKey(), normalizeJson(e.getValue())));
      return fields;
    }
    return node.isNull() ? null : node.asText();
  }

  private static String column(Spec spec, List<String> path) {
    return column(spec, path, path);
  }

  private static String column(Spec spec, List<String> path, List<String> namePath) {
    String override = spec.columnOverrides().get(String.join(".", path));
    if (override != null) {
      return override;
    }
    return Identifiers.snakeCase(String.join("_", namePath));
  }

  /** Numbers too wide for DECIMAL travel as exact text (n_text) and land in VARCHAR columns. */
  private static boolean matches(Object expected, Object actual) {
    if (Objects.equals(expected, actual)) {
      return true;
    }
    if (expected instanceof BigDecimal number && actual instanceof String text) {
      try {
        return new BigDecimal(text).compareTo(number) == 0;
      } catch (NumberFormatException notANumber) {
        return false;
      }
    }
    return false;
  }

  private static boolean isSoftDeleted(Map<String, Object> row) {
    return Boolean.TRUE.equals(row.get("_ddbsync_deleted"));
  }

  private static int byPosition(Map<String, Object> a, Map<String, Object> b) {
    return Integer.compare(
        ((Number) a.get("_position")).intValue(), ((Number) b.get("_position")).intValue());
  }

  private static Map<String, Map<String, Object>> byKey(
      List<Map<String, Object>> rows, String keyColumn) {
    Map<String, Map<String, Object>> byKey = new HashMap<>();
    for (Map<String, Object> row : rows) {
      byKey.put(String.valueOf(row.get(keyColumn)), row);
    }
    return byKey;
  }

  static List<Map<String, Object>> readAll(Connection connection, String schema, String table)
      throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT * FROM " + Identifiers.quote(schema) + "." + Identifiers.quote(table))) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnName(i), result.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<String> append(List<String> path, String name) {
    List<String> longer = new ArrayList<>(path);
    longer.add(name);
    return longer;
  }
}
