package dev.lagless.config;

/**
 * One bad setting: the name it was given under, the value (secrets hidden, passwords masked) and
 * what is allowed. {@link #toString()} is the one line users see.
 */
public final class ConfigProblem {

  private final String givenAs;
  private final String shownValue;
  private final String allowed;

  ConfigProblem(String givenAs, String shownValue, String allowed) {
    this.givenAs = givenAs;
    this.shownValue = shownValue;
    this.allowed = allowed;
  }

  static ConfigProblem of(ConfigSource.RawValue raw, String allowed) {
    return new ConfigProblem(raw.givenAs(), Secrets.shown(raw.setting(), raw.value()), allowed);
  }

  public String givenAs() {
    return givenAs;
  }

  public String shownValue() {
    return shownValue;
  }

  public String allowed() {
    return allowed;
  }

  @Override
  public String toString() {
    return givenAs + "=" + shownValue + " is invalid: " + allowed;
  }
}
