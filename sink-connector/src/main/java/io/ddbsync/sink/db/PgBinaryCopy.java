package io.ddbsync.sink.db;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL's binary COPY format for rows of known column types: the fastest way into PostgreSQL,
 * and exact (numerics are sent as base-10000 digits, not text).
 */
public final class PgBinaryCopy {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01. */
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  /** jsonb's binary format: a version byte, then the JSON text. */
  private static final int JSONB_VERSION = 1;

  private final SqlType[] types;
  // Per column: how a SUPER value is sent (text into a staging table, or JSONB).
  private final SuperAs[] superAs;
  private final RowBuffer buffer = new RowBuffer();
  private final DataOutputStream out = new DataOutputStream(buffer);

  /** How a SUPER column's value (JSON text, or plain text in an overflow column) is sent. */
  private enum SuperAs {
    TEXT,
    JSONB,
    JSONB_STRING
  }

  /** Rows for a staging table: SUPER values are sent as the text they were staged as. */
  public PgBinaryCopy(List<SqlType> types) {
    this.types = types.toArray(SqlType[]::new);
    this.superAs = new SuperAs[this.types.length];
    Arrays.fill(superAs, SuperAs.TEXT);
  }

  /**
   * Rows for a target table: SUPER columns are JSONB there, so their JSON text is sent as jsonb,
   * and the plain text of an overflow column as a JSON string (as {@code to_jsonb(text)} would).
   */
  public static PgBinaryCopy forTargetColumns(List<Column> columns) {
    PgBinaryCopy copy = new PgBinaryCopy(columns.stream().map(Column::type).toList());
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).type().kind() == SqlType.Kind.SUPER) {
        copy.superAs[i] = Staging.parsesJson(columns.get(i)) ? SuperAs.JSONB : SuperAs.JSONB_STRING;
      }
    }
    return copy;
  }

  public byte[] header() {
    buffer.reset();
    try {
      out.write(SIGNATURE);
      out.writeInt(0);
      out.writeInt(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** The buffer {@link #encode} wrote the row into. */
  public byte[] encoded() {
    return buffer.array();
  }

  /** A byte buffer whose array is handed out, not copied. */
  private static final class RowBuffer extends ByteArrayOutputStream {
    RowBuffer() {
      super(1024);
    }

    byte[] array() {
      return buf;
    }
  }

  public byte[] trailer() {
    return new byte[] {(byte) 0xFF, (byte) 0xFF};
  }

  /** One row's bytes, copied out of the buffer (for tests and benchmarks; the loader streams). */
  public byte[] row(Object[] values) {
    // Encode first: a row longer than the buffer replaces its array, so it must be read after.
    int length = encode(values);
    return Arrays.copyOf(buffer.array(), length);
  }

  /**
   * Encodes {@code values} into this encoder's buffer, {@link #encoded()}, and returns how many of
   * its bytes they took: valid until the next call. Saves a copy of every row.
   */
  public int encode(Object[] values) {
    buffer.reset();
    try {
      out.writeShort(types.length);
      for (int i = 0; i < types.length; i++) {
        if (superAs[i] != SuperAs.TEXT && values[i] != null) {
          writeJsonb(superAs[i], values[i]);
        } else {
          write(types[i], values[i]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.size();
  }

  private void writeJsonb(SuperAs as, Object value) throws IOException {
    byte[] text = value instanceof byte[] utf8 ? utf8 : null;
    if (as == SuperAs.JSONB_STRING) {
      String plain = text != null ? new String(text, StandardCharsets.UTF_8) : (String) value;
      byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(plain);
      out.writeInt(quoted.length + 3);
      out.writeByte(JSONB_VERSION);
      out.writeByte('"');
      out.write(quoted);
      out.writeByte('"');
      return;
    }
    byte[] json = text != null ? text : ((String) value).getBytes(StandardCharsets.UTF_8);
    out.writeInt(json.length + 1);
    out.writeByte(JSONB_VERSION);
    out.write(json);
  }

  private void write(SqlType type, Object value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    switch (type.kind()) {
      case VARCHAR, SUPER -> {
        // Text as a String, or already as its UTF-8 bytes (as read from a staged file).
        byte[] bytes =
            value instanceof byte[] utf8 ? utf8 : ((String) value).getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
      }
      case BIGINT -> {
        out.writeInt(8);
        out.writeLong((Long) value);
      }
      case INTEGER -> {
        out.writeInt(4);
        out.writeInt((Integer) value);
      }
      case BOOLEAN -> {
        out.writeInt(1);
        out.writeByte((Boolean) value ? 1 : 0);
      }
      case VARBYTE -> {
        byte[] bytes = (byte[]) value;
        out.writeInt(bytes.length);
        out.write(bytes);
      }
      case TIMESTAMP -> {
        out.writeInt(8);
        out.writeLong((Long) value - POSTGRES_EPOCH_MICROS);
      }
      // At the column's scale, as a staged Parquet DECIMAL of that scale reads back.
      case DECIMAL -> writeNumeric(((BigDecimal) value).setScale(type.scale()));
    }
  }

  /** NUMERIC as PostgreSQL sends it: ndigits, weight, sign, dscale, base-10000 digits. */
  private void writeNumeric(BigDecimal value) throws IOException {
    writeNumeric(out, value);
  }

  /**
   * Writes {@code value} as a binary NUMERIC field (length included). Values whose unscaled digits
   * fit in a long (nearly all) are split into base-10000 groups arithmetically; the rest by digits.
   */
  static void writeNumeric(DataOutputStream out, BigDecimal value) throws IOException {
    int dscale = Math.max(0, value.scale());
    BigDecimal scaled = value.setScale(dscale);
    // Room for the padding of the fraction to whole groups (up to three more digits).
    if (scaled.precision() <= 15) {
      writeNumericFromLong(out, scaled.unscaledValue().longValueExact(), dscale);
    } else {
      writeNumericByDigits(out, value);
    }
  }

  private static void writeNumericFromLong(DataOutputStream out, long unscaled, int dscale)
      throws IOException {
    boolean negative = unscaled < 0;
    long magnitude = Math.abs(unscaled);
    int pad = (4 - dscale % 4) % 4;
    for (int i = 0; i < pad; i++) {
      magnitude *= 10;
    }
    int fractionGroups = (dscale + pad) / 4;
    // Base-10000 groups, least significant first: every fraction group, then the integer part.
    int[] groups = new int[fractionGroups + 5];
    int count = 0;
    while (count < fractionGroups || magnitude > 0) {
      groups[count++] = (int) (magnitude % 10_000);
      magnitude /= 10_000;
    }
    int weight = count - fractionGroups - 1;
    int first = count - 1; // most significant
    while (first >= 0 && groups[first] == 0) {
      first--;
      weight--;
    }
    int last = 0; // least significant kept
    while (last <= first && groups[last] == 0) {
      last++;
    }
    int digits = first - last + 1;
    if (digits <= 0) {
      digits = 0;
      weight = 0;
    }
    out.writeInt(8 + 2 * digits);
    out.writeShort(digits);
    out.writeShort(weight);
    out.writeShort(negative && digits > 0 ? 0x4000 : 0x0000);
    out.writeShort(dscale);
    for (int i = first; i >= last; i--) {
      out.writeShort(groups[i]);
    }
  }

  /** The general case, by decimal digits: any precision. */
  static void writeNumericByDigits(DataOutputStream out, BigDecimal value) throws IOException {
    int dscale = Math.max(0, value.scale());
    BigInteger unscaled = value.setScale(dscale).unscaledValue();
    boolean negative = unscaled.signum() < 0;
    String digits = unscaled.abs().toString();
    // Split into integer and fraction, pad each to whole groups of four digits around the point.
    int integerLength = digits.length() - dscale;
    String integerPart = integerLength > 0 ? digits.substring(0, integerLength) : "";
    String fractionPart =
        integerLength > 0 ? digits.substring(integerLength) : "0".repeat(-integerLength) + digits;
    integerPart = "0".repeat((4 - integerPart.length() % 4) % 4) + integerPart;
    fractionPart = fractionPart + "0".repeat((4 - fractionPart.length() % 4) % 4);
    List<Integer> groups = new ArrayList<>();
    for (int i = 0; i < integerPart.length(); i += 4) {
      groups.add(Integer.parseInt(integerPart.substring(i, i + 4)));
    }
    int weight = groups.size() - 1;
    for (int i = 0; i < fractionPart.length(); i += 4) {
      groups.add(Integer.parseInt(fractionPart.substring(i, i + 4)));
    }
    int first = 0;
    while (first < groups.size() && groups.get(first) == 0) {
      first++;
      weight--;
    }
    int last = groups.size();
    while (last > first && groups.get(last - 1) == 0) {
      last--;
    }
    List<Integer> significant = groups.subList(first, last);
    if (significant.isEmpty()) {
      weight = 0;
    }
    out.writeInt(8 + 2 * significant.size());
    out.writeShort(significant.size());
    out.writeShort(weight);
    out.writeShort(negative && !significant.isEmpty() ? 0x4000 : 0x0000);
    out.writeShort(dscale);
    for (int group : significant) {
      out.writeShort(group);
    }
  }
}
