package io.ddbsync.avro;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.util.Utf8;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Reads Avro binary data straight into Connect values: the values Apicurio's converter makes, by
 * the same rules (its {@code AvroData.toConnectData}), without the Avro {@code GenericRecord}, the
 * {@code Utf8} strings and the second walk over them that it builds first. A reader is compiled
 * once per pair of writer schema and Connect schema, each Avro field tied to its Connect field.
 *
 * <p>It covers what Avro records of Connect data hold: records, optional values (a union of null
 * and one type), strings, bytes, numbers, booleans, arrays, maps, and the logical types decimal,
 * date, time and timestamp. For anything else (enums, fixed, other unions, maps written as arrays
 * of entries, recursive records) {@link #compile} answers null and the caller reads as Apicurio
 * does.
 */
final class ConnectValueReader {
  /**
   * Reads one value of a schema from the decoder; {@code text} is a buffer for the UTF-8 bytes of
   * strings, used by one reader at a time (Avro's own reader makes one per string).
   */
  @FunctionalInterface
  interface Reader {
    Object read(BinaryDecoder in, Utf8 text) throws IOException;
  }

  private ConnectValueReader() {}

  /**
   * The reader of records of {@code writer} as values of {@code connect} (the Connect schema
   * Apicurio's {@code AvroData} derives from it); null when the schemas hold anything this reader
   * does not cover.
   */
  static Reader compile(org.apache.avro.Schema writer, Schema connect) {
    if (writer.getType() != org.apache.avro.Schema.Type.RECORD) {
      return null;
    }
    return compile(writer, connect, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static Reader compile(
      org.apache.avro.Schema avro, Schema connect, Set<org.apache.avro.Schema> enclosing) {
    String logical = connect.name();
    switch (avro.getType()) {
      case UNION:
        return optional(avro, connect, enclosing);
      case RECORD:
        return record(avro, connect, enclosing);
      case STRING:
        return connect.type() == Schema.Type.STRING
            ? (in, text) -> in.readString(text).toString()
            : null;
      case BYTES:
        if (connect.type() != Schema.Type.BYTES) {
          return null;
        }
        if (Decimal.LOGICAL_NAME.equals(logical)) {
          return (in, text) -> Decimal.toLogical(connect, in.readBytes(null).array());
        }
        // A buffer of exactly the value's bytes, as Avro's own reader allocates it.
        return (in, text) -> in.readBytes(null);
      case INT:
        return switch (connect.type()) {
          case INT8 -> (in, text) -> (byte) in.readInt();
          case INT16 -> (in, text) -> (short) in.readInt();
          case INT32 -> {
            if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
              yield (in, text) ->
                  org.apache.kafka.connect.data.Date.toLogical(connect, in.readInt());
            }
            if (Time.LOGICAL_NAME.equals(logical)) {
              yield (in, text) -> Time.toLogical(connect, in.readInt());
            }
            yield (in, text) -> in.readInt();
          }
          default -> null;
        };
      case LONG:
        if (connect.type() != Schema.Type.INT64) {
          return null;
        }
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
          return (in, text) -> Timestamp.toLogical(connect, in.readLong());
        }
        return (in, text) -> in.readLong();
      case FLOAT:
        return connect.type() == Schema.Type.FLOAT32 ? (in, text) -> in.readFloat() : null;
      case DOUBLE:
        return connect.type() == Schema.Type.FLOAT64 ? (in, text) -> in.readDouble() : null;
      case BOOLEAN:
        return connect.type() == Schema.Type.BOOLEAN ? (in, text) -> in.readBoolean() : null;
      case ARRAY:
        return array(avro, connect, enclosing);
      case MAP:
        return map(avro, connect, enclosing);
      default:
        // ENUM, FIXED, NULL: read as Apicurio does.
        return null;
    }
  }

  /** A union of null and one type: an optional value. */
  private static Reader optional(
      org.apache.avro.Schema union, Schema connect, Set<org.apache.avro.Schema> enclosing) {
    List<org.apache.avro.Schema> branches = union.getTypes();
    if (branches.size() != 2 || !connect.isOptional()) {
      return null;
    }
    int nullBranch = branches.get(0).getType() == org.apache.avro.Schema.Type.NULL ? 0 : 1;
    if (branches.get(nullBranch).getType() != org.apache.avro.Schema.Type.NULL) {
      return null;
    }
    Reader value = compile(branches.get(1 - nullBranch), connect, enclosing);
    if (value == null) {
      return null;
    }
    return (in, text) -> in.readIndex() == nullBranch ? null : value.read(in, text);
  }

  private static Reader record(
      org.apache.avro.Schema record, Schema connect, Set<org.apache.avro.Schema> enclosing) {
    if (connect.type() != Schema.Type.STRUCT
        || connect.fields().size() != record.getFields().size()
        || !enclosing.add(record)) {
      // A union struct, a field added or dropped on the way, or a record within itself.
      return null;
    }
    List<org.apache.avro.Schema.Field> avroFields = record.getFields();
    Field[] fields = new Field[avroFields.size()];
    Reader[] readers = new Reader[avroFields.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = connect.field(avroFields.get(i).name());
      if (fields[i] == null) {
        return null;
      }
      readers[i] = compile(avroFields.get(i).schema(), fields[i].schema(), enclosing);
      if (readers[i] == null) {
        return null;
      }
    }
    enclosing.remove(record);
    int[] slots = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      slots[i] = fields[i].index();
    }
    return (in, text) -> {
      Struct struct = new Struct(connect);
      Object[] values = StructSlots.of(struct);
      if (values == null) {
        for (int i = 0; i < fields.length; i++) {
          struct.put(fields[i], readers[i].read(in, text));
        }
      } else {
        // Each value is of its field's type by construction (see StructSlots).
        for (int i = 0; i < slots.length; i++) {
          values[slots[i]] = readers[i].read(in, text);
        }
      }
      return struct;
    };
  }

  private static Reader array(
      org.apache.avro.Schema array, Schema connect, Set<org.apache.avro.Schema> enclosing) {
    if (connect.type() != Schema.Type.ARRAY) {
      // A map written as an array of key-value records.
      return null;
    }
    Reader element = compile(array.getElementType(), connect.valueSchema(), enclosing);
    if (element == null) {
      return null;
    }
    return (in, text) -> {
      long count = in.readArrayStart();
      List<Object> values = new ArrayList<>((int) Math.min(count, 1024));
      for (; count > 0; count = in.arrayNext()) {
        for (long i = 0; i < count; i++) {
          values.add(element.read(in, text));
        }
      }
      return values;
    };
  }

  private static Reader map(
      org.apache.avro.Schema map, Schema connect, Set<org.apache.avro.Schema> enclosing) {
    if (connect.type() != Schema.Type.MAP
        || connect.keySchema().type() != Schema.Type.STRING
        || connect.keySchema().isOptional()) {
      return null;
    }
    Reader value = compile(map.getValueType(), connect.valueSchema(), enclosing);
    if (value == null) {
      return null;
    }
    return (in, text) -> {
      Map<String, Object> values = new HashMap<>();
      for (long count = in.readMapStart(); count > 0; count = in.mapNext()) {
        for (long i = 0; i < count; i++) {
          values.put(in.readString(text).toString(), value.read(in, text));
        }
      }
      return values;
    };
  }
}
