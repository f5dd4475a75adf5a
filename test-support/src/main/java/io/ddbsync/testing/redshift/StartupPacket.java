package io.ddbsync.testing.redshift;

import io.ddbsync.testing.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The first message of a client connection (PostgreSQL protocol 3, "Start-up"): an SSL request, a
 * cancel request, or the start-up message with its parameters, which the stand-in passes on to
 * PostgreSQL without those the Redshift driver adds and PostgreSQL refuses.
 */
final class StartupPacket {
  static final int PROTOCOL_3 = 196_608;
  static final int SSL_REQUEST = 80_877_103;
  static final int CANCEL_REQUEST = 80_877_102;

  /** Start-up parameters PostgreSQL accepts; the Redshift driver's others are dropped. */
  private static final Set<String> KEPT_PARAMETERS =
      Set.of(
          "user",
          "database",
          "options",
          "application_name",
          "client_encoding",
          "DateStyle",
          "TimeZone",
          "extra_float_digits",
          "search_path");

  /**
   * The start-up parameters PostgreSQL gets, in name and value pairs.
   *
   * @param database the database the client asked for
   * @param iamUser the IAM user the client logged in as (a temporary user of GetClusterCredentials
   *     or GetCredentials), or null
   */
  record Forwarded(List<String> parameters, String database, String iamUser) {}

  private final int length;
  private final byte[] body;

  private StartupPacket(int length, byte[] body) {
    this.length = length;
    this.body = body;
  }

  static StartupPacket read(DataInputStream in) throws IOException {
    int length = in.readInt();
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return new StartupPacket(length, body);
  }

  /** The request code: {@link #PROTOCOL_3}, {@link #SSL_REQUEST} or {@link #CANCEL_REQUEST}. */
  int code() {
    return ((body[0] & 0xFF) << 24)
        | ((body[1] & 0xFF) << 16)
        | ((body[2] & 0xFF) << 8)
        | (body[3] & 0xFF);
  }

  /** The packet as it came, for a cancel request passed on to PostgreSQL. */
  void writeTo(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(length);
    data.write(body);
    data.flush();
  }

  /**
   * The parameters PostgreSQL gets: those it accepts, an IAM user mapped to PostgreSQL's, and
   * Redshift's isolation level.
   */
  Forwarded forwarded() {
    List<String> kept = new ArrayList<>();
    String database = null;
    String iamUser = null;
    int position = 4;
    while (position < body.length && body[position] != 0) {
      String name = cstring(body, position);
      position += name.getBytes(StandardCharsets.UTF_8).length + 1;
      String value = cstring(body, position);
      position += value.getBytes(StandardCharsets.UTF_8).length + 1;
      if (KEPT_PARAMETERS.contains(name)) {
        if (name.equals("user") && value.matches("IAM[A-Z]*:.+")) {
          // The temporary user of GetClusterCredentials or GetCredentials (an IAM login):
          // Redshift maps it to a database user; the stand-in to PostgreSQL's.
          iamUser = value;
          value = PostgresServer.USER;
        }
        kept.add(name);
        kept.add(value);
        if (name.equals("database")) {
          database = value;
        }
      }
    }
    // Redshift runs every transaction serializable ("Isolation levels in Amazon Redshift",
    // Database Developer Guide): concurrent writers of one table abort with error 1023.
    kept.add("default_transaction_isolation");
    kept.add("serializable");
    return new Forwarded(List.copyOf(kept), database, iamUser);
  }

  /** Writes a start-up message of {@code parameters} (name and value pairs) to {@code out}. */
  static void writeStartup(OutputStream out, List<String> parameters) throws IOException {
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(packet);
    data.writeInt(PROTOCOL_3);
    for (String part : parameters) {
      data.write(PgWire.cstring(part));
    }
    data.writeByte(0);
    DataOutputStream framed = new DataOutputStream(out);
    framed.writeInt(packet.size() + 4);
    framed.write(packet.toByteArray());
    framed.flush();
  }

  private static String cstring(byte[] bytes, int offset) {
    int end = offset;
    while (bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }
}
