package io.ddbsync.sink.batch;

import io.ddbsync.common.model.StructSlots;
import io.ddbsync.sink.model.ByteChunks;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The items of a table's buffered changes, each kept encoded in a few large byte chunks until the
 * buffer is built into a batch, and read back then as equal {@code Struct}s.
 *
 * <p>A buffered change waits for its batch (up to flush.interval.ms); as a {@code Struct} its item
 * is dozens of objects (a struct and its array per map, a {@code String} and its array per text,
 * three objects per decimal, a list and its elements), each copied by every young collection on the
 * way and promoted to the old generation: that was most of the sink's garbage collection. Encoded,
 * it is a slice of one array per megabyte of items. The encoding follows the item's schema (no
 * names or tags, one byte saying whether each value is there), so reading needs the same schema.
 * The bytes lie in {@link ByteChunks}.
 *
 * <p>Space is not reclaimed when a newer change of the same item replaces a buffered one: the slab
 * only grows until its buffer is built, and {@link #usedBytes()} counts every item written, so the
 * buffer caps see it.
 */
final class ItemSlab {
  private final ByteChunks chunks = new ByteChunks();
  // Where an item is encoded before it is copied to its chunk: reused, grown as needed.
  private byte[] scratch = new byte[1024];
  private int length;

  /** Encodes {@code item} (of {@code schema}) and returns where it lies, for {@link #read}. */
  long append(Schema schema, Struct item) {
    length = 0;
    writeValue(schema, item);
    return chunks.append(scratch, 0, length);
  }

  /** The bytes of every item appended, replaced ones included. */
  long usedBytes() {
    return chunks.usedBytes();
  }

  /** The item appended at {@code address} with {@code schema}, equal to it. */
  Struct read(Schema schema, long address) {
    Reader reader = new Reader(chunks.chunk(address), ByteChunks.offset(address));
    return (Struct) reader.value(schema);
  }

  private void writeValue(Schema schema, Object value) {
    if (value == null) {
      writeByte(0);
      return;
    }
    writeByte(1);
    if (Decimal.LOGICAL_NAME.equals(schema.name())) {
      BigDecimal decimal = (BigDecimal) value;
      writeVarLong(decimal.scale());
      BigInteger unscaled = decimal.unscaledValue();
      if (unscaled.bitLength() < 64) {
        writeByte(0);
        writeVarLong(unscaled.longValue());
      } else {
        writeByte(1);
        writeBytes(unscaled.toByteArray());
      }
      return;
    }
    if (value instanceof Date date) {
      writeVarLong(date.getTime()); // Connect's Date, Time and Timestamp
      return;
    }
    switch (schema.type()) {
      case INT8 -> writeByte((Byte) value);
      case INT16 -> writeVarLong((Short) value);
      case INT32 -> writeVarLong((Integer) value);
      case INT64 -> writeVarLong((Long) value);
      case FLOAT32 -> writeVarLong(Float.floatToRawIntBits((Float) value));
      case FLOAT64 -> writeLong(Double.doubleToRawLongBits((Double) value));
      case BOOLEAN -> writeByte((Boolean) value ? 1 : 0);
      case STRING -> writeText((String) value);
      case BYTES -> {
        if (value instanceof ByteBuffer buffer) {
          writeByte(1);
          ByteBuffer view = buffer.duplicate();
          byte[] bytes = new byte[view.remaining()];
          view.get(bytes);
          writeBytes(bytes);
        } else {
          writeByte(0);
          writeBytes((byte[]) value);
        }
      }
      case ARRAY -> {
        List<?> list = (List<?>) value;
        writeVarLong(list.size());
        for (int i = 0; i < list.size(); i++) {
          writeValue(schema.valueSchema(), list.get(i));
        }
      }
      case MAP -> {
        Map<?, ?> map = (Map<?, ?>) value;
        writeVarLong(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          writeValue(schema.keySchema(), entry.getKey());
          writeValue(schema.valueSchema(), entry.getValue());
        }
      }
      case STRUCT -> {
        Struct struct = (Struct) value;
        List<Field> fields = schema.fields();
        for (int i = 0; i < fields.size(); i++) {
          Field field = fields.get(i);
          writeValue(field.schema(), struct.get(field));
        }
      }
    }
  }

  /** Text in UTF-8: ASCII written as it is read, anything else encoded by the JDK. */
  private void writeText(String text) {
    int chars = text.length();
    ensure(5 + chars);
    int start = length;
    writeVarLong(chars);
    int i = 0;
    while (i < chars) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        break;
      }
      scratch[length++] = (byte) c;
      i++;
    }
    if (i < chars) {
      length = start;
      writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void writeBytes(byte[] bytes) {
    writeVarLong(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, scratch, length, bytes.length);
    length += bytes.length;
  }

  private void writeByte(int value) {
    ensure(1);
    scratch[length++] = (byte) value;
  }

  private void writeLong(long value) {
    ensure(Long.BYTES);
    for (int i = 0; i < Long.BYTES; i++) {
      scratch[length++] = (byte) (value >>> (8 * i));
    }
  }

  /** Zig-zag, seven bits a byte: small values, negative or not, take one byte. */
  private void writeVarLong(long value) {
    ensure(10);
    long zigzag = (value << 1) ^ (value >> 63);
    while ((zigzag & ~0x7FL) != 0) {
      scratch[length++] = (byte) ((zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    scratch[length++] = (byte) zigzag;
  }

  private void ensure(int more) {
    if (length + more > scratch.length) {
      scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, length + more));
    }
  }

  /** Reads values back from one chunk, from an item's start. */
  private static final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes, int position) {
      this.bytes = bytes;
      this.position = position;
    }

    Object value(Schema schema) {
      if (bytes[position++] == 0) {
        return null;
      }
      String name = schema.name();
      if (Decimal.LOGICAL_NAME.equals(name)) {
        int scale = (int) varLong();
        // A long unscaled value makes a decimal without a BigInteger.
        return bytes[position++] == 0
            ? BigDecimal.valueOf(varLong(), scale)
            : new BigDecimal(new BigInteger(bytes()), scale);
      }
      if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(name)
          || org.apache.kafka.connect.data.Time.LOGICAL_NAME.equals(name)
          || org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME.equals(name)) {
        return new Date(varLong());
      }
      return switch (schema.type()) {
        case INT8 -> bytes[position++];
        case INT16 -> (short) varLong();
        case INT32 -> (int) varLong();
        case INT64 -> varLong();
        case FLOAT32 -> Float.intBitsToFloat((int) varLong());
        case FLOAT64 -> Double.longBitsToDouble(fixedLong());
        case BOOLEAN -> bytes[position++] != 0;
        case STRING -> {
          int length = (int) varLong();
          String text = new String(bytes, position, length, StandardCharsets.UTF_8);
          position += length;
          yield text;
        }
        case BYTES -> {
          boolean buffer = bytes[position++] != 0;
          byte[] value = bytes();
          yield buffer ? ByteBuffer.wrap(value) : value;
        }
        case ARRAY -> {
          int size = (int) varLong();
          List<Object> list = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            list.add(value(schema.valueSchema()));
          }
          yield list;
        }
        case MAP -> {
          int size = (int) varLong();
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < size; i++) {
            Object key = value(schema.keySchema());
            map.put(key, value(schema.valueSchema()));
          }
          yield map;
        }
        case STRUCT -> {
          Struct struct = new Struct(schema);
          List<Field> fields = schema.fields();
          for (int i = 0; i < fields.size(); i++) {
            // Each value is of its field's schema, as it was when appended: no check again.
            Field field = fields.get(i);
            StructSlots.set(struct, field, value(field.schema()));
          }
          yield struct;
        }
        default -> throw new DataException("No encoding for values of " + schema.type());
      };
    }

    private byte[] bytes() {
      int length = (int) varLong();
      byte[] value = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return value;
    }

    private long fixedLong() {
      long value = 0;
      for (int i = 0; i < Long.BYTES; i++) {
        value |= (bytes[position++] & 0xFFL) << (8 * i);
      }
      return value;
    }

    private long varLong() {
      long zigzag = 0;
      int shift = 0;
      byte b;
      do {
        b = bytes[position++];
        zigzag |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      return (zigzag >>> 1) ^ -(zigzag & 1);
    }
  }
}
