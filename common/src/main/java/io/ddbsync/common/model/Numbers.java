package io.ddbsync.common.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact tests of which Connect number type can hold a DynamoDB number. DynamoDB numbers have up to
 * 38 significant digits and exponents from -130 to +125; nothing here ever rounds.
 */
public final class Numbers {
  /** Redshift's and Avro's practical limit, and DynamoDB's own number of significant digits. */
  public static final int DECIMAL_PRECISION = 38;

  private Numbers() {}

  /** The number as an int64, or null if it is not integral or not in range. */
  public static Long asLong(String text) {
    int length = text.length();
    if (length > 0 && length <= 18 && isPlainInteger(text)) {
      return Long.parseLong(text);
    }
    BigDecimal value = parse(text);
    try {
      return value.longValueExact();
    } catch (ArithmeticException notIntegralOrTooLarge) {
      return null;
    }
  }

  /**
   * The number as a decimal with exactly {@code scale} fractional digits and at most {@link
   * #DECIMAL_PRECISION} digits in all, or null if that would round or overflow.
   */
  public static BigDecimal asDecimal(String text, int scale) {
    BigDecimal value = parse(text);
    BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    if (stripped.scale() > scale) {
      return null;
    }
    int integerDigits = stripped.precision() - stripped.scale();
    if (integerDigits > DECIMAL_PRECISION - scale) {
      return null;
    }
    return stripped.setScale(scale, RoundingMode.UNNECESSARY);
  }

  public static BigDecimal parse(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a DynamoDB number", e);
    }
  }

  /** The shortest exact text of a decimal: no exponent, no trailing fractional zeros. */
  public static String canonicalText(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    return value.stripTrailingZeros().toPlainString();
  }

  private static boolean isPlainInteger(String text) {
    int start = text.charAt(0) == '-' ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
