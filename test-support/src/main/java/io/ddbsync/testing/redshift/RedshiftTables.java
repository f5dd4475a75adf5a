package io.ddbsync.testing.redshift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the stand-in remembers of the tables created through it that PostgreSQL does not keep: each
 * column's compression encoding, and which columns are keys (PostgreSQL knows its primary keys, but
 * widens them without complaint). With it the stand-in refuses the ALTER COLUMN ... TYPE that
 * Redshift refuses (Amazon Redshift Database Developer Guide, ALTER TABLE, "ALTER COLUMN
 * column_name TYPE updated_varchar_data_type_size"): "You can't alter columns with UNIQUE, PRIMARY
 * KEY, or FOREIGN KEY" and "You can't alter a column with compression encodings BYTEDICT,
 * RUNLENGTH, TEXT255, or TEXT32K". A column created without ENCODE is under ENCODE AUTO, which may
 * give it one of those encodings at any time, so its ALTER is refused too: only a column whose
 * encoding was given, and is none of those, can be widened for sure.
 */
final class RedshiftTables {
  private static final Set<String> BLOCKING_ENCODINGS =
      Set.of("bytedict", "runlength", "text255", "text32k");
  private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
  private static final Pattern CREATE =
      Pattern.compile(
          "(?is)^\\s*CREATE\\s+(?:TEMP\\s+|TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?("
              + IDENTIFIER
              + "(?:\\."
              + IDENTIFIER
              + ")?)\\s*\\((.*)$");
  private static final Pattern ADD_COLUMN =
      Pattern.compile(
          "(?is)^\\s*ALTER\\s+TABLE\\s+("
              + IDENTIFIER
              + "(?:\\."
              + IDENTIFIER
              + ")?)\\s+ADD\\s+(?:COLUMN\\s+)?(.*)$");
  private static final Pattern ALTER_TYPE =
      Pattern.compile(
          "(?is)^\\s*ALTER\\s+TABLE\\s+("
              + IDENTIFIER
              + "(?:\\."
              + IDENTIFIER
              + ")?)\\s+ALTER\\s+COLUMN\\s+("
              + IDENTIFIER
              + ")\\s+TYPE\\b.*$");
  private static final Pattern ENCODE = Pattern.compile("(?i)\\bENCODE\\s+(\\w+)");
  private static final Pattern TABLE_KEY =
      Pattern.compile(
          "(?is)^\\s*(?:CONSTRAINT\\s+"
              + IDENTIFIER
              + "\\s+)?(PRIMARY\\s+KEY|UNIQUE)\\s*\\((.*)\\)\\s*$");

  /** One column as created. */
  record ColumnFacts(String encoding, boolean key) {}

  // database -> "schema.table" -> column -> facts
  private final Map<String, Map<String, Map<String, ColumnFacts>>> databases =
      new ConcurrentHashMap<>();

  /**
   * Why Redshift refuses {@code sql} because of what it knows of the table; null if it would not.
   */
  String refusal(String database, String sql) {
    Matcher alter = ALTER_TYPE.matcher(sql);
    if (!alter.matches()) {
      return null;
    }
    Map<String, ColumnFacts> table = tables(database).get(tableKey(alter.group(1)));
    if (table == null) {
      return null;
    }
    String column = RedshiftSql.unquote(alter.group(2));
    ColumnFacts facts = table.get(column);
    if (facts == null) {
      return null;
    }
    if (facts.key()) {
      return "cannot alter type of a column that is part of a PRIMARY KEY, UNIQUE or FOREIGN KEY"
          + " constraint (column \""
          + column
          + "\")";
    }
    if (facts.encoding() == null) {
      return "cannot alter the type of column \""
          + column
          + "\": it was created without ENCODE, so ENCODE AUTO may have given it BYTEDICT,"
          + " RUNLENGTH, TEXT255 or TEXT32K, which cannot be altered";
    }
    if (BLOCKING_ENCODINGS.contains(facts.encoding())) {
      return "cannot alter the type of column \""
          + column
          + "\" with compression encoding "
          + facts.encoding().toUpperCase(Locale.ROOT);
    }
    return null;
  }

  /** Remembers the columns {@code sql} creates, once PostgreSQL has been given it. */
  void record(String database, String sql) {
    Matcher create = CREATE.matcher(sql);
    if (create.matches()) {
      Map<String, ColumnFacts> columns = new ConcurrentHashMap<>();
      List<String> keys = new ArrayList<>();
      for (String element : splitTopLevel(balanced(create.group(2)))) {
        Matcher constraint = TABLE_KEY.matcher(element);
        if (constraint.matches()) {
          for (String key : splitTopLevel(constraint.group(2))) {
            keys.add(RedshiftSql.unquote(key));
          }
          continue;
        }
        String[] column = column(element);
        if (column != null) {
          boolean inlineKey =
              element.toUpperCase(Locale.ROOT).matches("(?s).*\\bPRIMARY\\s+KEY\\b.*");
          columns.put(column[0], new ColumnFacts(column[1], inlineKey));
        }
      }
      for (String key : keys) {
        ColumnFacts facts = columns.get(key);
        if (facts != null) {
          columns.put(key, new ColumnFacts(facts.encoding(), true));
        }
      }
      tables(database).put(tableKey(create.group(1)), columns);
      return;
    }
    Matcher add = ADD_COLUMN.matcher(sql);
    if (add.matches()) {
      String[] column = column(add.group(2));
      Map<String, ColumnFacts> table = tables(database).get(tableKey(add.group(1)));
      if (column != null && table != null) {
        table.put(column[0], new ColumnFacts(column[1], false));
      }
    }
  }

  /** {name, encoding or null} of a column definition. */
  private static String[] column(String definition) {
    Matcher name = Pattern.compile("(?s)^\\s*(" + IDENTIFIER + ")\\s+\\S").matcher(definition);
    if (!name.find()) {
      return null;
    }
    Matcher encode = ENCODE.matcher(definition);
    String encoding = encode.find() ? encode.group(1).toLowerCase(Locale.ROOT) : null;
    return new String[] {RedshiftSql.unquote(name.group(1)), encoding};
  }

  private Map<String, Map<String, ColumnFacts>> tables(String database) {
    return databases.computeIfAbsent(String.valueOf(database), d -> new ConcurrentHashMap<>());
  }

  /** "schema.table" of a possibly qualified name; unqualified names are in public. */
  private static String tableKey(String reference) {
    List<String> parts = splitDotted(reference);
    String table = RedshiftSql.unquote(parts.get(parts.size() - 1));
    String schema = parts.size() > 1 ? RedshiftSql.unquote(parts.get(0)) : "public";
    return schema + "." + table;
  }

  private static List<String> splitDotted(String reference) {
    List<String> parts = new ArrayList<>();
    for (String part : reference.split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
      parts.add(part.trim());
    }
    return parts;
  }

  /** The text up to the parenthesis that closes the one just before it. */
  private static String balanced(String afterOpening) {
    int depth = 1;
    boolean quoted = false;
    for (int i = 0; i < afterOpening.length(); i++) {
      char c = afterOpening.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        return afterOpening.substring(0, i);
      }
    }
    return afterOpening;
  }

  /** Splits at commas outside parentheses and quotes. */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }
}
