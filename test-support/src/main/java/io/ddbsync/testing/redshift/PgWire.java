package io.ddbsync.testing.redshift;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL wire protocol v3 framing: typed messages, and the few the stand-in writes itself. */
final class PgWire {
  /** One message: its type byte and its payload (without type and length). */
  record Message(char type, byte[] payload) {
    String cstring(int offset) {
      int end = offset;
      while (payload[end] != 0) {
        end++;
      }
      return new String(payload, offset, end - offset, StandardCharsets.UTF_8);
    }
  }

  private PgWire() {}

  static Message read(DataInputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    int length = in.readInt();
    byte[] payload = new byte[length - 4];
    in.readFully(payload);
    return new Message((char) type, payload);
  }

  static void write(OutputStream out, Message message) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeByte(message.type());
    data.writeInt(message.payload().length + 4);
    data.write(message.payload());
  }

  /** The SQL of a Parse message (after the statement name). */
  static String parseSql(Message parse) {
    String name = parse.cstring(0);
    return parse.cstring(name.getBytes(StandardCharsets.UTF_8).length + 1);
  }

  /** A Parse message with its SQL replaced, keeping name and parameter types. */
  static Message withParseSql(Message parse, String sql) {
    String name = parse.cstring(0);
    int nameLength = name.getBytes(StandardCharsets.UTF_8).length + 1;
    String oldSql = parse.cstring(nameLength);
    int rest = nameLength + oldSql.getBytes(StandardCharsets.UTF_8).length + 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(parse.payload(), 0, nameLength);
    out.writeBytes(cstring(sql));
    out.write(parse.payload(), rest, parse.payload().length - rest);
    return new Message('P', out.toByteArray());
  }

  static Message query(String sql) {
    return new Message('Q', cstring(sql));
  }

  static Message error(String sqlState, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, 'S', "ERROR");
    field(out, 'V', "ERROR");
    field(out, 'C', sqlState);
    field(out, 'M', message);
    out.write(0);
    return new Message('E', out.toByteArray());
  }

  /** An ErrorResponse with a detail, as Redshift words some of its errors. */
  static Message error(String sqlState, String message, String detail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, 'S', "ERROR");
    field(out, 'V', "ERROR");
    field(out, 'C', sqlState);
    field(out, 'M', message);
    field(out, 'D', detail);
    out.write(0);
    return new Message('E', out.toByteArray());
  }

  static Message ready(char status) {
    return new Message('Z', new byte[] {(byte) status});
  }

  static Message commandComplete(String tag) {
    return new Message('C', cstring(tag));
  }

  static Message empty(char type) {
    return new Message(type, new byte[0]);
  }

  static Message noParameters() {
    return new Message('t', new byte[] {0, 0});
  }

  static Message copyData(byte[] bytes) {
    return new Message('d', bytes);
  }

  /** The message text and SQLSTATE of an ErrorResponse. */
  static String[] errorFields(Message error) {
    String state = "";
    String message = "";
    int i = 0;
    byte[] payload = error.payload();
    while (i < payload.length && payload[i] != 0) {
      char field = (char) payload[i];
      String value = error.cstring(i + 1);
      if (field == 'C') {
        state = value;
      } else if (field == 'M') {
        message = value;
      }
      i += 1 + value.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    return new String[] {state, message};
  }

  /** The column values of a DataRow, as text (null for SQL NULL). */
  static List<String> dataRow(Message row) {
    ByteBuffer buffer = ByteBuffer.wrap(row.payload());
    int columns = buffer.getShort();
    List<String> values = new ArrayList<>(columns);
    for (int i = 0; i < columns; i++) {
      int length = buffer.getInt();
      if (length < 0) {
        values.add(null);
      } else {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        values.add(new String(bytes, StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static void field(ByteArrayOutputStream out, char type, String value) {
    out.write(type);
    out.writeBytes(cstring(value));
  }

  static byte[] cstring(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] result = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, result, 0, bytes.length);
    return result;
  }
}
