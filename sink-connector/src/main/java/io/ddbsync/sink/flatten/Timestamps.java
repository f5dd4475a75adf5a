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
