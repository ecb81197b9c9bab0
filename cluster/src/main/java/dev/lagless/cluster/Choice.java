package dev.lagless.cluster;

import java.util.Locale;

/** Reads a launcher option from a system property, else the environment; {@code auto} when unset. */
final class Choice {
  private Choice() {}

  static String of(String property, String env) {
    String value = System.getProperty(property);
    if (value == null) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
  }
}
