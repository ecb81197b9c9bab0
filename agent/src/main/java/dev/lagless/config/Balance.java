package dev.lagless.config;

import java.util.Locale;

/** A choice-valued setting; users write the lower-case name. */
public enum Balance {
  LEAST_BUSY,ROUND_ROBIN,RANDOM;

  /** The value as users write it. */
  public String settingValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Balance parse(String value) throws InvalidSettingException {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (Balance candidate : values()) {
      if (candidate.settingValue().equals(wanted)) {
        return candidate;
      }
    }
    throw new InvalidSettingException("expected one of " + Choices.list(values()));
  }
}
