package io.ddbsync.common.names;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Turns DynamoDB attribute and table names, which may hold any Unicode, into Avro names.
 *
 * <p>A name that is already a clean identifier ({@code [A-Za-z][A-Za-z0-9]*} groups joined by
 * single underscores) is kept as it is. Anything else is transliterated: accents are removed, other
 * characters become underscores, runs of underscores collapse into one, and a leading digit gets an
 * underscore in front. Because two originals may transliterate to the same text, callers that find
 * the candidate taken append {@link #disambiguator(String)}, which is derived from the original
 * name alone. Double underscores never occur in a candidate: they are reserved for the type
 * suffixes and disambiguators that {@code StructLineage} appends.
 */
public final class AvroNames {
  /** Long enough for any real attribute, short enough that suffixes keep names readable. */
  public static final int MAX_CANDIDATE_LENGTH = 100;

  private static final Pattern CLEAN = Pattern.compile("[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*");
  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_NAME_CHARACTER = Pattern.compile("[^A-Za-z0-9]+");

  private AvroNames() {}

  /** True when {@code name} is used unchanged as an Avro name. */
  public static boolean isClean(String name) {
    return name.length() <= MAX_CANDIDATE_LENGTH && CLEAN.matcher(name).matches();
  }

  /** The readable candidate for {@code original}; never empty, never contains "__". */
  public static String candidate(String original) {
    if (isClean(original)) {
      return original;
    }
    String ascii =
        COMBINING_MARKS.matcher(Normalizer.normalize(original, Normalizer.Form.NFD)).replaceAll("");
    String underscored = NOT_NAME_CHARACTER.matcher(ascii).replaceAll("_");
    String trimmed = stripUnderscores(underscored);
    if (trimmed.isEmpty()) {
      trimmed = "attr";
    }
    if (trimmed.length() > MAX_CANDIDATE_LENGTH) {
      trimmed = stripUnderscores(trimmed.substring(0, MAX_CANDIDATE_LENGTH));
    }
    return Character.isDigit(trimmed.charAt(0)) ? "_" + trimmed : trimmed;
  }

  /**
   * A suffix, {@code __x} and ten hex digits of the SHA-256 of the original name, that makes a
   * taken candidate unique again. It depends only on the original, so every task and every restart
   * derives the same name.
   */
  public static String disambiguator(String original) {
    byte[] digest = sha256(original.getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder("__x");
    for (int i = 0; i < 5; i++) {
      hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16));
      hex.append(Character.forDigit(digest[i] & 0xF, 16));
    }
    return hex.toString();
  }

  private static String stripUnderscores(String text) {
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

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }
}
