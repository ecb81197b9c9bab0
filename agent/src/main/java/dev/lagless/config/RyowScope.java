package dev.lagless.config;

import java.util.Locale;

/** A choice-valued setting; users write the lower-case name. */
public enum RyowScope {
  SESSION,GLOBAL;

  /** The value as users write it. */
  public String settingValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static RyowScope parse(String value) throws InvalidSettingException {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (RyowScope candidate : values()) {
      if (candidate.settingValue().equals(wanted)) {
        return candidate;
      }
    }
    throw new InvalidSettingException("expected one of " + Choices.list(values()));
  }
}
