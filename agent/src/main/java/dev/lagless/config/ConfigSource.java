package dev.lagless.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Where raw setting values come from: the process environment and the system properties, the
 * property winning. Tests build one from plain maps.
 */
public final class ConfigSource {

  private final Map<String, String> environment;
  private final Properties properties;

  private ConfigSource(Map<String, String> environment, Properties properties) {
    this.environment = environment;
    this.properties = properties;
  }

  public static ConfigSource fromSystem() {
    return new ConfigSource(System.getenv(), System.getProperties());
  }

  public static ConfigSource of(Map<String, String> environment, Map<String, String> properties) {
    Properties copy = new Properties();
    copy.putAll(properties);
    return new ConfigSource(Map.copyOf(environment), copy);
  }

  /** The raw value, or {@code null} when the setting is given neither way. */
  public RawValue get(Setting setting) {
    String property = properties.getProperty(setting.propertyName());
    if (property != null) {
      return new RawValue(setting, "-D" + setting.propertyName(), property);
    }
    String env = environment.get(setting.envName());
    return env == null ? null : new RawValue(setting, setting.envName(), env);
  }

  /**
   * {@code LAGLESS_*} variables and {@code lagless.*} properties that name no setting: almost always a
   * typo ({@code LAGLESS_REPLICA}), worth one warning line.
   */
  public List<String> unknownNames() {
    TreeSet<String> unknown = new TreeSet<>();
    for (String name : environment.keySet()) {
      if (name.startsWith("LAGLESS_") && !isSettingEnvName(name)) {
        unknown.add(name);
      }
    }
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith("lagless.") && !isSettingPropertyName(name)) {
        unknown.add("-D" + name);
      }
    }
    return new ArrayList<>(unknown);
  }

  private static boolean isSettingEnvName(String name) {
    for (Setting setting : Setting.values()) {
      if (setting.envName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSettingPropertyName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Setting setting : Setting.values()) {
      if (setting.propertyName().equals(lower)) {
        return true;
      }
    }
    // Internal switches used by Lagless's own tools, not user settings.
    return lower.startsWith("lagless.internal.");
  }

  /** A value as given, with the name it was given under (for error lines). */
  public static final class RawValue {
    private final Setting setting;
    private final String givenAs;
    private final String value;

    RawValue(Setting setting, String givenAs, String value) {
      this.setting = setting;
      this.givenAs = givenAs;
      this.value = value;
    }

    public Setting setting() {
      return setting;
    }

    public String givenAs() {
      return givenAs;
    }

    public String value() {
      return value;
    }
  }
}
