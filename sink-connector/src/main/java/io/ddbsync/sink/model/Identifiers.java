package io.ddbsync.sink.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SQL identifiers made from DynamoDB names. Every identifier the sink writes is lower-case {@code
 * [a-z_][a-z0-9_]*}, at most {@link #MAX_LENGTH} characters (PostgreSQL's limit, below Redshift's
 * 127 bytes), validated and always double-quoted, so no attribute or table name can change the
 * meaning of a statement.
 */
public final class Identifiers {
  public static final int MAX_LENGTH = 63;
  private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

  private Identifiers() {}

  /**
   * snake_case: OrderId becomes order_id, orderID order_id, HTTPServer http_server; other
   * characters become underscores; never empty, never starting with a digit, at most 63 long.
   */
  public static String snakeCase(String name) {
    String ascii =
        COMBINING_MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
    StringBuilder out = new StringBuilder(ascii.length() + 8);
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      if (Character.isUpperCase(c) && c < 128) {
        boolean afterLowerOrDigit =
            i > 0
                && (Character.isLowerCase(ascii.charAt(i - 1))
                    || Character.isDigit(ascii.charAt(i - 1)));
        boolean endOfAcronym =
            i > 0
                && Character.isUpperCase(ascii.charAt(i - 1))
                && i + 1 < ascii.length()
                && Character.isLowerCase(ascii.charAt(i + 1));
        if (afterLowerOrDigit || endOfAcronym) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else {
        out.append('_');
      }
    }
    String collapsed = out.toString().replaceAll("_+", "_");
    String trimmed = trimUnderscores(collapsed);
    if (trimmed.isEmpty()) {
      trimmed = "col";
    }
    if (Character.isDigit(trimmed.charAt(0))) {
      trimmed = "_" + trimmed;
    }
    return fit(trimmed, name);
  }

  /**
   * A candidate that fits {@link #MAX_LENGTH}: too long names keep their start and end with a hash
   * of {@code original}, so distinct long names stay distinct.
   */
  public static String fit(String candidate, String original) {
    if (candidate.length() <= MAX_LENGTH) {
      return candidate;
    }
    String hash = "_" + hash(original, 8);
    return candidate.substring(0, MAX_LENGTH - hash.length()) + hash;
  }

  /** The candidate with a short hash of {@code original}, for names taken by another field. */
  public static String disambiguate(String candidate, String original) {
    String hash = "_" + hash(original, 6);
    String base =
        candidate.length() + hash.length() > MAX_LENGTH
            ? candidate.substring(0, MAX_LENGTH - hash.length())
            : candidate;
    return base + hash;
  }

  /** Validates and double-quotes an identifier; throws for anything outside the safe alphabet. */
  public static String quote(String identifier) {
    if (!isValid(identifier)) {
      throw new IllegalArgumentException(
          "Refusing to use '"
              + identifier
              + "' as an SQL identifier; identifiers must match [a-z_][a-z0-9_]*");
    }
    return '"' + identifier + '"';
  }

  public static boolean isValid(String identifier) {
    return identifier != null
        && identifier.length() <= MAX_LENGTH
        && VALID.matcher(identifier).matches();
  }

  /** A plausible English singular for a table name: orders order, categories category. */
  public static String singular(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.endsWith("ies") && word.length() > 3) {
      return word.substring(0, word.length() - 3) + "y";
    }
    for (String suffix : new String[] {"sses", "shes", "ches", "xes", "zes"}) {
      if (lower.endsWith(suffix)) {
        return word.substring(0, word.length() - 2);
      }
    }
    if (lower.endsWith("s")
        && !lower.endsWith("ss")
        && !lower.endsWith("us")
        && !lower.endsWith("is")
        && word.length() > 1) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  private static String trimUnderscores(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == '_') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == '_') {
      end--;
    }
    return text.substring(start, end);
  }

  private static String hash(String text, int hexDigits) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; hex.length() < hexDigits; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
            .append(Character.forDigit(digest[i] & 0xF, 16));
      }
      return hex.substring(0, hexDigits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }
}
