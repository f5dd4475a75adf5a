package io.ddbsync.common.config;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Defines settings in a group with consecutive order numbers, so config classes read as a list of
 * settings rather than a list of counters.
 */
public final class ConfigGroups {
  private final ConfigDef def;
  private final String group;
  private final int[] order;
  private final java.util.function.Predicate<Map<String, Object>> visible;

  private ConfigGroups(
      ConfigDef def,
      String group,
      int[] order,
      java.util.function.Predicate<Map<String, Object>> visible) {
    this.def = def;
    this.group = group;
    this.order = order;
    this.visible = visible;
  }

  public static ConfigGroups in(ConfigDef def, String group) {
    return new ConfigGroups(def, group, new int[1], config -> true);
  }

  /**
   * The same group, whose settings defined from here on are shown only while {@code condition}
   * holds for the other settings (Connect's validate answers {@code visible: false} otherwise, and
   * UIs hide them): settings of a mode or dialect the user did not choose.
   */
  public ConfigGroups visibleWhen(java.util.function.Predicate<Map<String, Object>> condition) {
    return new ConfigGroups(def, group, order, condition);
  }

  /**
   * A condition for {@link #visibleWhen}: {@code setting} is one of {@code values}, ignoring case.
   */
  public static java.util.function.Predicate<Map<String, Object>> oneOf(
      String setting, String... values) {
    return config -> {
      Object value = config.get(setting);
      for (String candidate : values) {
        if (value != null && candidate.equalsIgnoreCase(value.toString().trim())) {
          return true;
        }
      }
      return false;
    };
  }

  public ConfigGroups define(
      String name,
      ConfigDef.Type type,
      Object defaultValue,
      ConfigDef.Validator validator,
      ConfigDef.Importance importance,
      String doc,
      String displayName) {
    def.define(
        name,
        type,
        defaultValue,
        validator,
        importance,
        doc,
        group,
        ++order[0],
        ConfigDef.Width.MEDIUM,
        displayName,
        List.of(),
        recommender(type, validator, visible));
    return this;
  }

  /**
   * What Connect's validate answers as recommended_values, which UIs render as a drop-down: the
   * choices of an enum setting, true and false for a boolean; none for free-form settings.
   */
  static ConfigDef.Recommender recommender(ConfigDef.Type type, ConfigDef.Validator validator) {
    return recommender(type, validator, config -> true);
  }

  /**
   * What Connect's validate answers as recommended_values, which UIs render as a drop-down (the
   * choices of an enum setting, true and false for a boolean; none for free-form settings), and
   * whether the setting is visible given the others.
   */
  static ConfigDef.Recommender recommender(
      ConfigDef.Type type,
      ConfigDef.Validator validator,
      java.util.function.Predicate<Map<String, Object>> visible) {
    List<Object> values;
    if (validator instanceof Validators.Choices choices) {
      values = List.copyOf(choices.choices());
    } else if (type == ConfigDef.Type.BOOLEAN) {
      values = List.of(true, false);
    } else {
      values = List.of();
    }
    return new ConfigDef.Recommender() {
      @Override
      public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        return values;
      }

      @Override
      public boolean visible(String name, Map<String, Object> parsedConfig) {
        return visible.test(parsedConfig);
      }
    };
  }

  public ConfigGroups define(
      String name,
      ConfigDef.Type type,
      Object defaultValue,
      ConfigDef.Importance importance,
      String doc,
      String displayName) {
    return define(name, type, defaultValue, null, importance, doc, displayName);
  }

  /** A required setting: no default, so the framework reports it missing on its field. */
  public ConfigGroups required(
      String name,
      ConfigDef.Type type,
      ConfigDef.Validator validator,
      ConfigDef.Importance importance,
      String doc,
      String displayName) {
    return define(name, type, ConfigDef.NO_DEFAULT_VALUE, validator, importance, doc, displayName);
  }
}
