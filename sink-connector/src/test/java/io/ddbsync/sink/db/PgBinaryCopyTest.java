package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
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
