package dev.lagless.config;

import java.util.Locale;

/** A choice-valued setting; users write the lower-case name. */
public enum TxReads {
  PRIMARY,REPLICA_UNTIL_WRITE;

  /** The value as users write it. */
  public String settingValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static TxReads parse(String value) throws InvalidSettingException {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (TxReads candidate : values()) {
      if (candidate.settingValue().equals(wanted)) {
        return candidate;
      }
    }
    throw new InvalidSettingException("expected one of " + Choices.list(values()));
  }
}
