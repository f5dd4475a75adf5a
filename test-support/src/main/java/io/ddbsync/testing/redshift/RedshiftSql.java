package io.ddbsync.testing.redshift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the stand-in does with one SQL statement: refuse it as Redshift would, intercept it (COPY
 * from S3), or pass it on after translating Redshift-only syntax to PostgreSQL. Regular expressions
 * over the statement text: enough for the statements a connector sends, and strict where Redshift
 * and PostgreSQL differ in what they accept.
 */
public final class RedshiftSql {
  /** The decision for a statement. */
  public sealed interface Decision permits Refuse, CopyFromS3, Pass {}

  /** Redshift refuses this statement with this SQLSTATE and message. */
  public record Refuse(String sqlState, String message) implements Decision {}

  /**
   * {@code COPY table (columns) FROM 's3://bucket/key' ... FORMAT AS PARQUET [MANIFEST]}: with
   * MANIFEST, the object is a manifest that lists the files to load.
   */
  public record CopyFromS3(
      List<String> tableParts, List<String> columns, String bucket, String key, boolean manifest)
      implements Decision {
    /** The table's own name, as Redshift's messages name it. */
    public String table() {
      return tableParts.get(tableParts.size() - 1);
    }

    /** The table as a quoted, possibly schema-qualified SQL reference. */
    public String reference() {
      return String.join(
          ".", tableParts.stream().map(p -> "\"" + p.replace("\"", "\"\"") + "\"").toList());
    }
  }

  /** Run {@code sql} on PostgreSQL. */
  public record Pass(String sql) implements Decision {}

  private static final Pattern COPY_S3 =
      Pattern.compile(
          "(?is)^\\s*COPY\\s+((?:\"[^\"]+\"|\\w+)(?:\\.(?:\"[^\"]+\"|\\w+))?)\\s*(?:\\(([^)]*)\\))?\\s+FROM\\s+'s3://([^/']+)/([^']+)'(.*)$");
  private static final Pattern ANALYZE =
      Pattern.compile(
          "(?is)^\\s*ANALYZE\\s+((?:\"[^\"]+\"|\\w+)(?:\\.(?:\"[^\"]+\"|\\w+))?)(?:\\s+(?:PREDICATE|ALL)\\s+COLUMNS)?\\s*;?\\s*$");
  private static final Pattern VARCHAR_LENGTH =
      Pattern.compile("(?i)\\b(?:VARCHAR|CHARACTER VARYING)\\s*\\(\\s*(\\d+)\\s*\\)");
  private static final Pattern DECIMAL_PRECISION =
      Pattern.compile("(?i)\\b(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+))?\\s*\\)");
  private static final Pattern TABLE_OPTIONS =
      Pattern.compile(
          "(?i)\\s+(DISTSTYLE\\s+\\w+|DISTKEY\\s*\\([^)]*\\)|(?:COMPOUND\\s+|INTERLEAVED\\s+)?SORTKEY\\s*(?:\\([^)]*\\)|AUTO)|ENCODE\\s+\\w+|BACKUP\\s+(?:YES|NO))");
  private static final Pattern VARBYTE_LENGTH =
      Pattern.compile("(?i)\\bVARBYTE\\s*\\(\\s*(\\d+)\\s*\\)");
  private static final Pattern QUOTED_IDENTIFIER = Pattern.compile("\"((?:[^\"]|\"\")+)\"");
  private static final Pattern VARBYTE =
      Pattern.compile("(?i)\\bVARBYTE\\s*\\(\\s*\\d+\\s*\\)|\\bVARBYTE\\b");
  private static final Pattern SUPER = Pattern.compile("(?i)\\bSUPER\\b");
  private static final Pattern TEXT_TYPE = Pattern.compile("(?i)(\"\\s+|\\s)TEXT\\b(?!\\s*\\()");
  private static final Pattern LAST_COPY_ID = Pattern.compile("(?i)pg_last_copy_id\\s*\\(\\s*\\)");
  private static final String QUOTED = "\"(?:[^\"]|\"\")+\"";
  private static final String COLUMN_REFERENCE = "(?:" + QUOTED + "\\.)+" + QUOTED;

  /** {@code "t"."c" = "s"."c"}: an equality of two qualified column references. */
  private static final Pattern COLUMN_EQUALITY =
      Pattern.compile(
          "(?<=[\\s(])(" + COLUMN_REFERENCE + ")\\s*=\\s*(" + COLUMN_REFERENCE + ")(?=[\\s)]|$)");

  private RedshiftSql() {}

  /**
   * @param inTransactionBlock whether the session is inside BEGIN ... COMMIT
   * @param lastCopyId what pg_last_copy_id() returns in this session
   */
  public static Decision decide(String sql, boolean inTransactionBlock, long lastCopyId) {
    String upper = stripStrings(sql).toUpperCase(Locale.ROOT);
    Matcher copy = COPY_S3.matcher(sql);
    if (copy.matches()) {
      return copyFromS3(copy);
    }
    if (upper.contains("ON CONFLICT")) {
      return refuse(
          "42601",
          "syntax error at or near \"ON CONFLICT\": Amazon Redshift does not support INSERT ... ON CONFLICT");
    }
    if (Pattern.compile("\\bRETURNING\\b").matcher(upper).find()) {
      return refuse(
          "42601", "syntax error at or near \"RETURNING\": not supported by Amazon Redshift");
    }
    if (Pattern.compile("\\bJSONB\\b").matcher(upper).find()) {
      return refuse("42704", "type \"jsonb\" does not exist");
    }
    if (upper.trim().startsWith("MERGE")) {
      Refuse refused = checkMerge(upper);
      if (refused != null) {
        return refused;
      }
    }
    if (upper.trim().startsWith("ANALYZE")) {
      // "You can't specify more than one table_name with a single ANALYZE table_name statement"
      // (Database Developer Guide, ANALYZE); PREDICATE COLUMNS and ALL COLUMNS are Redshift's.
      Matcher analyze = ANALYZE.matcher(sql);
      if (!analyze.matches()) {
        return refuse(
            "42601",
            "syntax error in ANALYZE: one table_name, then PREDICATE COLUMNS or ALL COLUMNS");
      }
      return new Pass("ANALYZE " + analyze.group(1));
    }
    if (upper.trim().startsWith("ALTER TABLE")) {
      Refuse refused = checkAlter(upper, inTransactionBlock);
      if (refused != null) {
        return refused;
      }
    }
    Refuse identifier = checkIdentifiers(stripStrings(sql));
    if (identifier != null) {
      return identifier;
    }
    Matcher varbyte = VARBYTE_LENGTH.matcher(sql);
    while (varbyte.find()) {
      if (Long.parseLong(varbyte.group(1)) > 1_024_000) {
        return refuse("22023", "length for type varbyte cannot exceed 1024000");
      }
    }
    Matcher varchar = VARCHAR_LENGTH.matcher(sql);
    while (varchar.find()) {
      if (Long.parseLong(varchar.group(1)) > 65_535) {
        return refuse("22023", "length for type varchar cannot exceed 65535");
      }
    }
    Matcher decimal = DECIMAL_PRECISION.matcher(sql);
    while (decimal.find()) {
      if (Integer.parseInt(decimal.group(1)) > 38) {
        return refuse(
            "22023", "NUMERIC precision " + decimal.group(1) + " must be between 1 and 38");
      }
    }
    return new Pass(translate(sql, lastCopyId));
  }

  /**
   * "Names and identifiers": a standard identifier is at most 127 bytes long (Database Developer
   * Guide). PostgreSQL cuts identifiers at 63 bytes without an error, so the stand-in cannot keep
   * one of 64 to 127 bytes as Redshift would: it refuses those too, saying so.
   */
  private static Refuse checkIdentifiers(String sqlWithoutStrings) {
    Matcher quoted = QUOTED_IDENTIFIER.matcher(sqlWithoutStrings);
    while (quoted.find()) {
      String name = quoted.group(1).replace("\"\"", "\"");
      int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes > 127) {
        return refuse("42622", "identifier \"" + name + "\" is longer than 127 bytes");
      }
      if (bytes > 63) {
        return refuse(
            "0A000",
            "identifier \""
                + name
                + "\" is "
                + bytes
                + " bytes: Redshift keeps up to 127, the stand-in's PostgreSQL only 63");
      }
    }
    return null;
  }

  /**
   * Redshift's MERGE: one WHEN MATCHED (UPDATE or DELETE), one WHEN NOT MATCHED INSERT, no
   * conditions.
   */
  private static Refuse checkMerge(String upper) {
    int matched = count(upper, "WHEN\\s+MATCHED\\b");
    int notMatched = count(upper, "WHEN\\s+NOT\\s+MATCHED\\b");
    if (matched != 1 || notMatched != 1) {
      return refuse(
          "0A000",
          "MERGE needs exactly one WHEN MATCHED and one WHEN NOT MATCHED clause in Amazon Redshift");
    }
    if (Pattern.compile("WHEN\\s+(NOT\\s+)?MATCHED\\s+AND\\b").matcher(upper).find()) {
      return refuse(
          "0A000", "Conditions on WHEN clauses of MERGE are not supported by Amazon Redshift");
    }
    if (!Pattern.compile("WHEN\\s+MATCHED\\s+THEN\\s+(UPDATE|DELETE)\\b").matcher(upper).find()
        || !Pattern.compile("WHEN\\s+NOT\\s+MATCHED\\s+THEN\\s+INSERT\\b").matcher(upper).find()) {
      return refuse(
          "0A000",
          "MERGE clauses must be WHEN MATCHED THEN UPDATE/DELETE and WHEN NOT MATCHED THEN INSERT");
    }
    return null;
  }

  private static Refuse checkAlter(String upper, boolean inTransactionBlock) {
    if (count(upper, "\\bADD\\s+(COLUMN\\s+)?") > 1
        || Pattern.compile("\\bADD\\b[^,]*,\\s*ADD\\b").matcher(upper).find()) {
      return refuse(
          "0A000",
          "ALTER TABLE ADD COLUMN defines only one column per statement in Amazon Redshift");
    }
    if (Pattern.compile("ALTER\\s+COLUMN\\s+\\S+\\s+TYPE\\b").matcher(upper).find()) {
      if (inTransactionBlock) {
        return refuse("25001", "ALTER TABLE ALTER COLUMN cannot run inside a transaction block");
      }
      if (!Pattern.compile("TYPE\\s+(VARCHAR|CHARACTER\\s+VARYING)\\s*\\(").matcher(upper).find()) {
        return refuse(
            "0A000",
            "ALTER COLUMN TYPE can only change the length of a VARCHAR column in Amazon Redshift");
      }
    }
    return null;
  }

  /**
   * Redshift-only syntax to PostgreSQL's, and Redshift's comparison of VARCHARs: "Trailing spaces
   * in VARCHAR and CHAR values are treated as semantically insignificant when values are compared"
   * (Database Developer Guide, "Character types"), so an equality of two column references (the
   * form in which a loader matches keys: MERGE ... ON, DELETE ... USING, UPDATE ... FROM) compares
   * the values without their trailing blanks, as Redshift would.
   */
  static String translate(String sql, long lastCopyId) {
    String translated = TABLE_OPTIONS.matcher(sql).replaceAll("");
    translated =
        COLUMN_EQUALITY
            .matcher(translated)
            .replaceAll(
                match ->
                    Matcher.quoteReplacement(
                        "rtrim(("
                            + match.group(1)
                            + ")::text, ' ') = rtrim(("
                            + match.group(2)
                            + ")::text, ' ')"));
    translated = VARBYTE.matcher(translated).replaceAll("BYTEA");
    translated = SUPER.matcher(translated).replaceAll("JSONB");
    translated = TEXT_TYPE.matcher(translated).replaceAll("$1VARCHAR(256)");
    translated = LAST_COPY_ID.matcher(translated).replaceAll(Long.toString(lastCopyId));
    return translated;
  }

  private static Decision copyFromS3(Matcher copy) {
    String options = copy.group(5).toUpperCase(Locale.ROOT);
    if (!options.contains("FORMAT AS PARQUET") && !options.contains("PARQUET")) {
      return refuse("0A000", "The stand-in only loads Parquet (FORMAT AS PARQUET)");
    }
    if (!options.contains("IAM_ROLE")
        && !options.contains("CREDENTIALS")
        && !options.contains("ACCESS_KEY_ID")) {
      return refuse("XX000", "COPY from S3 needs authorization: IAM_ROLE or CREDENTIALS");
    }
    if (options.contains("REGION")) {
      return refuse("XX000", "REGION argument is not supported for PARQUET based COPY");
    }
    List<String> columns = new ArrayList<>();
    if (copy.group(2) != null) {
      for (String column : copy.group(2).split(",")) {
        columns.add(unquote(column.trim()));
      }
    }
    List<String> parts = new ArrayList<>();
    for (String part : copy.group(1).split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
      parts.add(unquote(part));
    }
    boolean manifest = Pattern.compile("\\bMANIFEST\\b").matcher(stripStrings(options)).find();
    return new CopyFromS3(parts, columns, copy.group(3), copy.group(4), manifest);
  }

  static String unquote(String identifier) {
    String trimmed = identifier.trim();
    return trimmed.startsWith("\"")
        ? trimmed.substring(1, trimmed.length() - 1)
        : trimmed.toLowerCase(Locale.ROOT);
  }

  private static int count(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  /** The statement without the contents of string literals, so keywords in data do not count. */
  private static String stripStrings(String sql) {
    return sql.replaceAll("'(?:[^']|'')*'", "''");
  }

  private static Refuse refuse(String state, String message) {
    return new Refuse(state, message);
  }
}
