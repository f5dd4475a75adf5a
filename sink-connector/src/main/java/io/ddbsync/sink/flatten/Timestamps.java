package io.ddbsync.sink.flatten;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 date-times as microseconds since the epoch in UTC: with an offset or Z, without one
 * (taken as UTC), with a space instead of T, or a date alone (midnight UTC). Values with
 * sub-microsecond digits are refused rather than rounded.
 */
public final class Timestamps {
  private Timestamps() {}

  /** The value in microseconds, or throws IllegalArgumentException saying why it is not one. */
  public static long parseMicros(String text) {
    long fast = parseUtcFast(text);
    if (fast != NOT_FAST) {
      return fast;
    }
    String value = text.trim().replace(' ', 'T');
    Instant instant;
    try {
      if (value.length() == 10) {
        instant =
            LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC);
      } else if (hasZone(value)) {
        instant = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } else {
        instant =
            LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .toInstant(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + abbreviate(text) + "' is not an ISO-8601 date-time");
    }
    if (instant.getNano() % 1_000 != 0) {
      throw new IllegalArgumentException(
          "'" + abbreviate(text) + "' has sub-microsecond precision, which TIMESTAMP cannot hold");
    }
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  private static final long NOT_FAST = Long.MIN_VALUE;

  /**
   * The common shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,6}]Z} without the formatter machinery, which
   * costs more than the rest of a row's flattening; anything else (offsets, 7-9 fractional digits,
   * invalid fields) takes the general path, which also produces the error messages.
   */
  private static long parseUtcFast(String value) {
    int length = value.length();
    if (length < 20
        || length > 27
        || value.charAt(length - 1) != 'Z'
        || value.charAt(4) != '-'
        || value.charAt(7) != '-'
        || value.charAt(10) != 'T'
        || value.charAt(13) != ':'
        || value.charAt(16) != ':') {
      return NOT_FAST;
    }
    int year = digits(value, 0, 4);
    int month = digits(value, 5, 7);
    int day = digits(value, 8, 10);
    int hour = digits(value, 11, 13);
    int minute = digits(value, 14, 16);
    int second = digits(value, 17, 19);
    int micros = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (value.charAt(19) != '.' || fractionDigits < 1) {
        return NOT_FAST;
      }
      micros = digits(value, 20, length - 1);
      for (int i = fractionDigits; i < 6; i++) {
        micros *= 10;
      }
    }
    if ((year | month | day | hour | minute | second | micros) < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()
        || hour > 23
        || minute > 59
        || second > 59) {
      return NOT_FAST;
    }
    long seconds =
        LocalDate.of(year, month, day).toEpochDay() * 86_400L
            + hour * 3_600L
            + minute * 60L
            + second;
    return seconds * 1_000_000L + micros;
  }

  /** The decimal number in {@code value[from, to)}, or -1 if a character is not a digit. */
  private static int digits(String value, int from, int to) {
    int result = 0;
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      result = result * 10 + (c - '0');
    }
    return result;
  }

  private static boolean hasZone(String value) {
    if (value.endsWith("Z") || value.endsWith("z")) {
      return true;
    }
    int t = value.indexOf('T');
    String time = t < 0 ? value : value.substring(t);
    return time.indexOf('+') >= 0 || time.indexOf('-') >= 0;
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }
}
