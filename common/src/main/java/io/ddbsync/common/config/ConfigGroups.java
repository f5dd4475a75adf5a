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
  private int order;

  private ConfigGroups(ConfigDef def, String group) {
    this.def = def;
    this.group = group;
  }

  public static ConfigGroups in(ConfigDef def, String group) {
    return new ConfigGroups(def, group);
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
        ++order,
        ConfigDef.Width.MEDIUM,
        displayName,
        List.of(),
        recommender(type, validator));
    return this;
  }

  /**
   * What Connect's validate answers as recommended_values, which UIs render as a drop-down: the
   * choices of an enum setting, true and false for a boolean; none for free-form settings.
   */
  static ConfigDef.Recommender recommender(ConfigDef.Type type, ConfigDef.Validator validator) {
    List<Object> values;
    if (validator instanceof Validators.Choices choices) {
      values = List.copyOf(choices.choices());
    } else if (type == ConfigDef.Type.BOOLEAN) {
      values = List.of(true, false);
    } else {
      return null;
    }
    return new ConfigDef.Recommender() {
      @Override
      public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        return values;
      }

      @Override
      public boolean visible(String name, Map<String, Object> parsedConfig) {
        return true;
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
