package io.ddbsync.common.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration reference in Markdown, generated from a connector's ConfigDef so that the
 * documentation cannot disagree with the code. A test compares docs/*-config.md with this output.
 */
public final class ConfigDocs {
  private ConfigDocs() {}

  public static String markdown(String title, String introduction, ConfigDef def) {
    StringBuilder out = new StringBuilder();
    out.append("# ").append(title).append("\n\n");
    out.append(
        "<!-- Generated from the connector's ConfigDef by ConfigDocs; do not edit by hand. -->\n\n");
    out.append(introduction).append("\n");
    Map<String, List<ConfigDef.ConfigKey>> byGroup = new LinkedHashMap<>();
    for (String group : def.groups()) {
      byGroup.put(group, new ArrayList<>());
    }
    for (ConfigDef.ConfigKey key : def.configKeys().values()) {
      byGroup
          .computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>())
          .add(key);
    }
    for (Map.Entry<String, List<ConfigDef.ConfigKey>> group : byGroup.entrySet()) {
      List<ConfigDef.ConfigKey> keys = group.getValue();
      keys.sort((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup));
      out.append("\n## ").append(group.getKey()).append("\n");
      for (ConfigDef.ConfigKey key : keys) {
        out.append("\n### `").append(key.name).append("`\n\n");
        out.append(key.documentation).append("\n\n");
        out.append("- Type: ")
            .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
            .append('\n');
        out.append("- Default: ").append(defaultText(key)).append('\n');
        if (key.validator != null && !key.validator.toString().isEmpty()) {
          out.append("- Valid values: ").append(key.validator).append('\n');
        }
        out.append("- Importance: ")
            .append(key.importance.name().toLowerCase(java.util.Locale.ROOT))
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String defaultText(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "none (required)";
    }
    Object value = key.defaultValue;
    if (value == null) {
      return "null";
    }
    if (value instanceof Password) {
      return "[hidden]";
    }
    if (value instanceof List<?> list) {
      return list.isEmpty()
          ? "\"\" (empty list)"
          : "`" + String.join(",", list.stream().map(Object::toString).toList()) + "`";
    }
    String text = value.toString();
    return text.isEmpty() ? "\"\" (empty)" : "`" + text + "`";
  }
}
