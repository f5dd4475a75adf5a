package io.ddbsync.cli.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.sink.model.SqlType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One form for a value on both sides: what the sink stages (String, Long, BigDecimal, Boolean,
 * microseconds, bytes, JSON text) and what the warehouse returns compare equal exactly when the
 * stored value is the staged one. Decimals compare by value (1.50 = 1.5), JSON by content (key
 * order and number spelling aside), bytes by content.
 */
public final class Values {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Values() {}

  /** The comparable form of {@code value} held in a column of {@code kind}; null stays null. */
  public static Object canonical(SqlType.Kind kind, Object value) {
    if (value == null) {
      return null;
    }
    switch (kind) {
      case BIGINT:
      case INTEGER:
        return value instanceof Number number ? (Object) number.longValue() : value.toString();
      case DECIMAL:
        return value instanceof BigDecimal decimal
            ? decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString()
            : value.toString();
      case BOOLEAN:
        return value instanceof Boolean ? value : Boolean.valueOf(value.toString());
      case VARBYTE:
        return "0x" + HexFormat.of().formatHex(bytes(value));
      case SUPER:
        return canonicalJson(value.toString());
      default:
        return value;
    }
  }

  /** A short text of a canonical value for reports: at most {@code max} characters. */
  public static String display(Object canonical, int max) {
    if (canonical == null) {
      return "NULL";
    }
    String text = canonical.toString();
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  static String canonicalJson(String text) {
    try {
      StringBuilder out = new StringBuilder();
      write(JSON.readTree(text), out);
      return out.toString();
    } catch (JsonProcessingException e) {
      return "not JSON: " + text;
    }
  }

  private static void write(JsonNode node, StringBuilder out) throws JsonProcessingException {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> entry : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(JSON.writeValueAsString(entry.getKey())).append(':');
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      Iterator<JsonNode> elements = node.elements();
      while (elements.hasNext()) {
        write(elements.next(), out);
        if (elements.hasNext()) {
          out.append(',');
        }
      }
      out.append(']');
    } else if (node.isNumber()) {
      BigDecimal number = node.decimalValue();
      out.append(number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString());
    } else {
      out.append(JSON.writeValueAsString(node));
    }
  }

  private static byte[] bytes(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    ByteBuffer copy = ((ByteBuffer) value).duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
