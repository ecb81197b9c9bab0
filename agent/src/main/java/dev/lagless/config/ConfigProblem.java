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

  /** The longest value shown in full; longer ones are cut (a problem is one line a person reads). */
  static final int MAX_SHOWN = 200;

  @Override
  public String toString() {
    String value = shownValue.length() <= MAX_SHOWN ? shownValue
        : shownValue.substring(0, MAX_SHOWN) + "… (" + shownValue.length() + " characters)";
    return oneLine(givenAs) + "=" + oneLine(value) + " is invalid: " + oneLine(allowed);
  }

  /**
   * Control and line-break characters written as escapes: a value with a newline must not make a
   * second line (one that could pass for another log line), nor an escape sequence recolour a terminal.
   */
  static String oneLine(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
      if (control && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out == null) {
        continue;
      }
      if (!control) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return out == null ? text : out.toString();
  }
}
