package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Binary NUMERIC encoding: the arithmetic path for values that fit in a long must produce exactly
 * the bytes of the general digit-by-digit path, for every sign, scale and magnitude.
 */
class PgBinaryCopyTest {

  @Property(tries = 3000)
  void theLongPathEncodesExactlyAsTheDigitPath(@ForAll("decimals") BigDecimal value)
      throws IOException {
    assertThat(bytes(value, true)).isEqualTo(bytes(value, false));
  }

  @Test
  void jsonColumnsOfATargetTableAreSentAsJsonbAndOverflowTextAsAJsonString() {
    Column tags = new Column("tags", SqlType.SUPER, "Tags");
    Column overflow = new Column("note__overflow", SqlType.SUPER, "Note" + Column.OVERFLOW_SUFFIX);
    List<Column> columns = List.of(tags, overflow);
    Object[] row = {"[\"a\"]".getBytes(StandardCharsets.UTF_8), "say \"hi\"\n"};

    byte[] intoTarget = PgBinaryCopy.forTargetColumns(columns).row(row);
    byte[] intoStaging =
        new PgBinaryCopy(columns.stream().map(Column::type).toList()).row(row.clone());

    // Field count, then each field: length, jsonb version 1, JSON text.
    assertThat(new String(intoTarget, StandardCharsets.UTF_8))
        .isEqualTo("\0\2\0\0\0\6\1[\"a\"]\0\0\0\17\1\"say \\\"hi\\\"\\n\"");
    // A staging table holds the text as it was staged, for the MERGE to convert.
    assertThat(new String(intoStaging, StandardCharsets.UTF_8))
        .isEqualTo("\0\2\0\0\0\5[\"a\"]\0\0\0\11say \"hi\"\n");
  }

  @Test
  void aRowLongerThanTheBufferIsCopiedWhole() {
    String longText = "x".repeat(5_000);
    byte[] row = new PgBinaryCopy(List.of(SqlType.varchar(8_000))).row(new Object[] {longText});

    // Field count, length, then the text to its last byte (not what the smaller buffer held).
    assertThat(row).hasSize(2 + 4 + 5_000);
    assertThat(new String(row, 6, 5_000, StandardCharsets.UTF_8)).isEqualTo(longText);
  }

  @Test
  void knownValuesEncodeAsPostgresSendsThem() throws IOException {
    // 424.50 with scale 2: digits [424, 5000], weight 0, positive, dscale 2.
    assertThat(bytes(new BigDecimal("424.50"), true))
        .containsExactly(0, 0, 0, 12, 0, 2, 0, 0, 0, 0, 0, 2, 0x01, 0xA8, 0x13, (byte) 0x88);
    // -0.0001: one digit [1], weight -1, negative, dscale 4.
    assertThat(bytes(new BigDecimal("-0.0001"), true))
        .containsExactly(0, 0, 0, 10, 0, 1, (byte) 0xFF, (byte) 0xFF, 0x40, 0, 0, 4, 0, 1);
    // Zero at scale 3: no digits, weight 0, positive.
    assertThat(bytes(new BigDecimal("0.000"), true))
        .containsExactly(0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 3);
  }

  @Provide
  Arbitrary<BigDecimal> decimals() {
    Arbitrary<BigInteger> unscaled =
        Arbitraries.oneOf(
            Arbitraries.bigIntegers()
                .between(BigInteger.valueOf(-99_999), BigInteger.valueOf(99_999)),
            Arbitraries.longs()
                .between(-999_999_999_999_999L, 999_999_999_999_999L)
                .map(BigInteger::valueOf),
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(37).negate(), BigInteger.TEN.pow(37)));
    return net.jqwik.api.Combinators.combine(unscaled, Arbitraries.integers().between(-4, 30))
        .as(BigDecimal::new);
  }

  private static byte[] bytes(BigDecimal value, boolean dispatch) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buffer);
    if (dispatch) {
      PgBinaryCopy.writeNumeric(out, value);
    } else {
      PgBinaryCopy.writeNumericByDigits(out, value);
    }
    return buffer.toByteArray();
  }
}
