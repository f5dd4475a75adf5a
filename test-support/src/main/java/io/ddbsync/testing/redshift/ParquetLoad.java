package io.ddbsync.testing.redshift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Turns a staged Parquet file into CSV for PostgreSQL's COPY, the way Redshift's COPY ... FORMAT AS
 * PARQUET would load it: columns by position, and "the number of columns in the target table and
 * the number of columns in the data file must match" (Database Developer Guide, "COPY from columnar
 * data formats"), whatever columns the COPY lists; Parquet types must fit the column types, VARCHAR
 * lengths count bytes. A timestamp adjusted to UTC is an instant, which a TIMESTAMP (without time
 * zone) column receives as the wall-clock time of the session's time zone; an unadjusted one is
 * stored as written. The first failing row is reported with its line number (1-based), as
 * Redshift's load error tables do.
 */
final class ParquetLoad {
  /** A row Redshift would refuse. */
  record RowError(long line, String column, int code, String reason, String rawValue) {}

  /** The outcome: CSV to stream, or the first error. */
  record Result(String csv, long rows, RowError error, String fileError) {}

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private ParquetLoad() {}

  /**
   * @param columnTypes as PostgreSQL's format_type prints them, one per listed column
   * @param tableColumns how many columns the target table has
   * @param sessionZone the time zone of the session that runs the COPY
   */
  static Result load(
      byte[] parquet,
      List<String> columnNames,
      List<String> columnTypes,
      int tableColumns,
      java.time.ZoneId sessionZone,
      int superStringBytes) {
    Path file;
    try {
      file = Files.createTempFile("stand-in-", ".parquet");
      Files.write(file, parquet);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(new Configuration())
            .build()) {
      StringBuilder csv = new StringBuilder();
      long line = 0;
      Group group;
      MessageType schema = null;
      while ((group = reader.read()) != null) {
        line++;
        if (schema == null) {
          schema = (MessageType) group.getType();
          if (schema.getFieldCount() != columnNames.size()
              || schema.getFieldCount() != tableColumns) {
            return new Result(
                null,
                0,
                null,
                "Spectrum Scan Error: Unmatched number of columns between table and file. Table columns: "
                    + tableColumns
                    + ", Data columns: "
                    + schema.getFieldCount());
          }
          String incompatible = incompatibility(schema, columnNames, columnTypes);
          if (incompatible != null) {
            return new Result(null, 0, null, incompatible);
          }
        }
        for (int i = 0; i < columnNames.size(); i++) {
          if (i > 0) {
            csv.append(',');
          }
          if (group.getFieldRepetitionCount(i) == 0) {
            continue;
          }
          PrimitiveType type = schema.getType(i).asPrimitiveType();
          String value = value(group, i, type, columnTypes.get(i), sessionZone);
          RowError error =
              check(line, columnNames.get(i), columnTypes.get(i), value, superStringBytes);
          if (error != null) {
            return new Result(null, line - 1, error, null);
          }
          csv.append(csvField(value));
        }
        csv.append('\n');
      }
      return new Result(csv.toString(), line, null, null);
    } catch (IOException e) {
      return new Result(null, 0, null, "Cannot read the Parquet file: " + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A temp file left behind in target/.
      }
    }
  }

  private static String incompatibility(
      MessageType schema, List<String> names, List<String> types) {
    for (int i = 0; i < names.size(); i++) {
      PrimitiveType parquet = schema.getType(i).asPrimitiveType();
      String type = types.get(i).toLowerCase(Locale.ROOT);
      LogicalTypeAnnotation logical = parquet.getLogicalTypeAnnotation();
      boolean fits =
          switch (parquet.getPrimitiveTypeName()) {
            case BINARY ->
                logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    ? type.startsWith("character varying")
                        || type.equals("jsonb")
                        || type.equals("text")
                    : logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
                        ? type.startsWith("numeric")
                        : type.equals("bytea");
            case INT64 ->
                logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                    ? type.startsWith("timestamp")
                    : type.equals("bigint") || type.startsWith("numeric");
            case INT32 ->
                type.equals("integer") || type.equals("bigint") || type.startsWith("numeric");
            case FIXED_LEN_BYTE_ARRAY ->
                logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
                    && type.startsWith("numeric");
            case BOOLEAN -> type.equals("boolean");
            default -> false;
          };
      if (!fits) {
        return "Spectrum Scan Error: File has an incompatible Parquet schema for column '"
            + names.get(i)
            + "'. Column type: "
            + types.get(i)
            + ", Parquet schema: "
            + parquet;
      }
    }
    return null;
  }

  /** The value as text in the column's type, or null for SQL NULL. */
  private static String value(
      Group group, int field, PrimitiveType type, String columnType, java.time.ZoneId zone) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> {
        byte[] bytes = group.getBinary(field, 0).getBytes();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
          return new BigDecimal(new BigInteger(bytes), decimal.getScale()).toPlainString();
        }
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
          String text = new String(bytes, StandardCharsets.UTF_8);
          return columnType.equals("jsonb") ? jsonString(text) : text;
        }
        StringBuilder hex = new StringBuilder("\\x");
        for (byte b : bytes) {
          hex.append(String.format("%02x", b));
        }
        return hex.toString();
      }
      case INT64 -> {
        long value = group.getLong(field, 0);
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
          long micros =
              timestamp.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS ? value * 1000 : value;
          Instant instant =
              Instant.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000);
          return LocalDateTime.ofInstant(
                  instant, timestamp.isAdjustedToUTC() ? zone : ZoneOffset.UTC)
              .format(TIMESTAMP);
        }
        return Long.toString(value);
      }
      case INT32 -> {
        return Integer.toString(group.getInteger(field, 0));
      }
      case BOOLEAN -> {
        return group.getBoolean(field, 0) ? "t" : "f";
      }
      default -> throw new IllegalStateException("Unsupported Parquet type " + type);
    }
  }

  /**
   * Redshift's checks that PostgreSQL makes differently: VARCHAR bytes, NUMERIC precision, and the
   * longest string a SUPER value holds: 65,535 bytes, or 16,000,000 where the cluster opted in
   * ("enable_large_strings_opt_in", "SUPER type limitations").
   */
  private static RowError check(
      long line, String column, String type, String value, int superStringBytes) {
    String lower = type.toLowerCase(Locale.ROOT);
    if (lower.equals("jsonb") && value.startsWith("\"")) {
      // A string loaded into SUPER: its JSON text is at least as long as the string.
      int bytes = value.getBytes(StandardCharsets.UTF_8).length - 2;
      if (bytes > superStringBytes) {
        return new RowError(
            line,
            column,
            1204,
            "String length exceeds the maximum size of a SUPER string value ("
                + superStringBytes
                + " bytes)",
            value.substring(0, 60));
      }
    }
    if (lower.startsWith("character varying(")) {
      int limit = Integer.parseInt(lower.substring(lower.indexOf('(') + 1, lower.indexOf(')')));
      int bytes = value.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > limit) {
        return new RowError(
            line,
            column,
            1204,
            "String length exceeds DDL length",
            value.length() > 60 ? value.substring(0, 60) : value);
      }
    }
    if (lower.startsWith("numeric(")) {
      String[] parts = lower.substring(lower.indexOf('(') + 1, lower.indexOf(')')).split(",");
      int precision = Integer.parseInt(parts[0].trim());
      BigDecimal decimal = new BigDecimal(value);
      int integerDigits = decimal.precision() - decimal.scale();
      int scale = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 0;
      if (integerDigits > precision - scale) {
        return new RowError(line, column, 1216, "Numeric value out of range", value);
      }
    }
    return null;
  }

  private static String csvField(String value) {
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static String jsonString(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }
}
