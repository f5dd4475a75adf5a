package io.ddbsync.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Validators shared by both connectors; each says what is wrong and what is expected. */
public final class Validators {
  private Validators() {}

  /** A validator of a closed set of values, which Connect UIs can offer as a drop-down. */
  public interface Choices extends ConfigDef.Validator {
    /** The values, as users write them. */
    List<String> choices();
  }

  /** A case-insensitive choice among the names of an enum; null allowed when optional. */
  public static <E extends Enum<E>> ConfigDef.Validator oneOf(Class<E> type) {
    return new Choices() {
      @Override
      public List<String> choices() {
        return names(type);
      }

      @Override
      public void ensureValid(String name, Object value) {
        if (value == null) {
          return;
        }
        try {
          Enum.valueOf(type, value.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, value, "must be one of " + names(type));
        }
      }

      @Override
      public String toString() {
        return names(type).toString();
      }
    };
  }

  public static <E extends Enum<E>> E parse(Class<E> type, String value) {
    return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
  }

  private static <E extends Enum<E>> List<String> names(Class<E> type) {
    return java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }

  /** A Java regular expression, or empty/null for none. */
  public static ConfigDef.Validator regex() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null || value.toString().isEmpty()) {
          return;
        }
        try {
          Pattern.compile(value.toString());
        } catch (PatternSyntaxException e) {
          throw new ConfigException(
              name, value, "is not a valid regular expression: " + e.getDescription());
        }
      }

      @Override
      public String toString() {
        return "a Java regular expression";
      }
    };
  }

  /** An absolute http(s) URL, or empty/null for none. */
  public static ConfigDef.Validator httpUrl() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null || value.toString().isEmpty()) {
          return;
        }
        try {
          URI uri = new URI(value.toString());
          if (uri.getScheme() == null
              || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
              || uri.getHost() == null) {
            throw new ConfigException(
                name, value, "must be an http:// or https:// URL with a host");
          }
        } catch (URISyntaxException e) {
          throw new ConfigException(name, value, "is not a valid URL: " + e.getReason());
        }
      }

      @Override
      public String toString() {
        return "an http(s) URL";
      }
    };
  }

  /** A string matching a pattern, described for the error message; empty/null allowed. */
  public static ConfigDef.Validator matching(String regex, String description) {
    Pattern pattern = Pattern.compile(regex);
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null || value.toString().isEmpty()) {
          return;
        }
        if (!pattern.matcher(value.toString()).matches()) {
          throw new ConfigException(name, value, "must be " + description);
        }
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** Every element of a list matches a pattern. */
  public static ConfigDef.Validator eachMatching(String regex, String description) {
    Pattern pattern = Pattern.compile(regex);
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null) {
          return;
        }
        for (Object element : (List<?>) value) {
          if (!pattern.matcher(element.toString().trim()).matches()) {
            throw new ConfigException(
                name, value, "each entry must be " + description + "; '" + element + "' is not");
          }
        }
      }

      @Override
      public String toString() {
        return "a list, each entry " + description;
      }
    };
  }

  /**
   * A text whose {@code ${...}} placeholders are all among {@code allowed}, and which keeps at
   * least one of them (a format without one would send every table to one name).
   */
  public static ConfigDef.Validator placeholders(List<String> allowed) {
    Pattern placeholder = Pattern.compile("\\$\\{([^}]*)}");
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null) {
          return;
        }
        java.util.regex.Matcher matcher = placeholder.matcher(value.toString());
        int found = 0;
        while (matcher.find()) {
          if (!allowed.contains(matcher.group(1))) {
            throw new ConfigException(
                name,
                value,
                "has an unknown placeholder ${"
                    + matcher.group(1)
                    + "}; the placeholders are "
                    + placeholderList(allowed));
          }
          found++;
        }
        if (found == 0) {
          throw new ConfigException(
              name, value, "must contain at least one of " + placeholderList(allowed));
        }
      }

      @Override
      public String toString() {
        return "a text with the placeholders " + placeholderList(allowed);
      }
    };
  }

  private static String placeholderList(List<String> names) {
    return String.join(", ", names.stream().map(n -> "${" + n + "}").toList());
  }
}
