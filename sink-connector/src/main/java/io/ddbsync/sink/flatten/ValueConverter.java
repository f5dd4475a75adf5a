package io.ddbsync.sink.flatten;

import io.ddbsync.common.model.PlainJsonWriter;
import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.settings.SinkEnums.OverflowPolicy;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns one value of a change into what its column stages, exactly or not at all: strings checked
 * against the dialect's VARCHAR (and, past it, the overflow policy), U+0000 where the warehouse
 * cannot store it, ISO-8601 timestamps, VARBYTE lengths, decimal scales, JSON text for SUPER
 * (JSONB). It tracks the widest value of each column, which the loader widens columns to.
 */
final class ValueConverter {
  private final OverflowPolicy overflow;
  private final TypeLimits limits;
  // One JSON generator for every SUPER value of the batch, written straight from Connect values.
  private final PlainJsonWriter plainJson = new PlainJsonWriter();

  ValueConverter(OverflowPolicy overflow, TypeLimits limits) {
    this.overflow = overflow;
    this.limits = limits;
  }

  /** A VARCHAR value longer than the dialect allows, handled by the overflow policy. */
  record Overflowed(Object stored, boolean truncated, String whole, String reason) {}

  /**
   * The value of a scalar column as it is staged, its width tracked in {@code widths[index]}; an
   * {@link Overflowed} for a string longer than a VARCHAR holds.
   */
  Object scalar(ColumnPlan column, Object value, int[] widths, int index) throws Unstorable {
    if (value == null) {
      return null;
    }
    SqlType type = column.type();
    switch (type.kind()) {
      case VARCHAR -> {
        String text = (String) value;
        if (!limits.textMayHoldNul() && text.indexOf('\u0000') >= 0) {
          throw new Unstorable(
              "Column "
                  + column.desiredName()
                  + ": the string holds the character U+0000, which the warehouse cannot store");
        }
        if (widths != null && index >= 0 && text.length() * 3L <= widths[index]) {
          // Even at three bytes per UTF-16 unit it neither widens the column nor overflows it.
          return text;
        }
        int bytes = utf8Length(text);
        if (bytes > limits.maxVarcharBytes()) {
          return overflow(column, text, bytes, widths, index);
        }
        track(widths, index, bytes);
        return text;
      }
      case TIMESTAMP -> {
        try {
          return Timestamps.parseMicros((String) value);
        } catch (IllegalArgumentException e) {
          throw new Unstorable("Column " + column.desiredName() + ": " + e.getMessage());
        }
      }
      case VARBYTE -> {
        byte[] bytes = value instanceof ByteBuffer buffer ? bytesOf(buffer) : (byte[]) value;
        if (bytes.length > limits.maxVarbyteBytes()) {
          throw new Unstorable(
              "Column "
                  + column.desiredName()
                  + ": "
                  + bytes.length
                  + " bytes exceed VARBYTE's "
                  + limits.maxVarbyteBytes());
        }
        track(widths, index, bytes.length);
        return bytes;
      }
      case DECIMAL -> {
        BigDecimal decimal = (BigDecimal) value;
        if (decimal.scale() != type.scale()) {
          throw new Unstorable(
              "Column "
                  + column.desiredName()
                  + ": decimal of scale "
                  + decimal.scale()
                  + " in a column of scale "
                  + type.scale());
        }
        return decimal;
      }
      case BIGINT, BOOLEAN -> {
        return value;
      }
      default -> throw new IllegalStateException("Not a scalar column: " + column);
    }
  }

  private Object overflow(ColumnPlan column, String text, int bytes, int[] widths, int index)
      throws Unstorable {
    String reason =
        "Column "
            + column.desiredName()
            + ": a value of "
            + bytes
            + " bytes exceeds VARCHAR's "
            + limits.maxVarcharBytes()
            + " bytes (varchar.overflow.policy="
            + overflow
            + ")";
    return switch (overflow) {
      case TRUNCATE -> {
        String cut = truncateUtf8(text, limits.maxVarcharBytes());
        // The column must hold what the policy keeps.
        track(widths, index, utf8Length(cut));
        yield new Overflowed(cut, true, null, reason);
      }
      case SUPER -> new Overflowed(null, false, text, reason);
      case DLQ -> throw new Unstorable(reason);
    };
  }

  /** The JSON text of a SUPER (JSONB) column's value, its width tracked. */
  Object json(ColumnPlan column, Object value, int[] widths, int index) throws Unstorable {
    if (value == null) {
      return null;
    }
    String json = plainJson.write(column.kind(), value);
    if (!limits.textMayHoldNul() && json.contains("\\u0000")) {
      throw new Unstorable(
          "Column "
              + column.desiredName()
              + ": a string in the JSON holds the character U+0000, which the warehouse cannot"
              + " store");
    }
    int bytes = utf8Length(json);
    if (bytes > limits.maxStagedJsonBytes()) {
      throw new Unstorable(
          "Column "
              + column.desiredName()
              + ": JSON of "
              + bytes
              + " bytes exceeds the "
              + limits.maxStagedJsonBytes()
              + " bytes a SUPER value can be loaded with here");
    }
    track(widths, index, bytes);
    return json;
  }

  /** Records a value of {@code bytes} in {@code widths[index]}, if it is the widest yet. */
  static void track(int[] widths, int index, int bytes) {
    if (widths != null && index >= 0 && bytes > widths[index]) {
      widths[index] = bytes;
    }
  }

  static int utf8Length(String text) {
    int length = text.length();
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return text.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return length;
  }

  /**
   * The longest prefix of {@code text} that fits {@code maxBytes} in UTF-8, whole characters only.
   */
  static String truncateUtf8(String text, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end);
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
