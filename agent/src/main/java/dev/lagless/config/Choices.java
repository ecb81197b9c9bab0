package dev.lagless.config;

import java.util.Locale;

final class Choices {
  private Choices() {}

  static String list(Enum<?>[] values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(i == values.length - 1 ? " or " : ", ");
      }
      out.append(values[i].name().toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
