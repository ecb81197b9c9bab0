package dev.lagless.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsers for the scalar value forms shared by several settings. Each says what is allowed. */
final class Values {

  static final String DURATION_FORMS = "duration such as 500ms, 2s, 1.5s, 1min or 1h";
  static final String SIZE_FORMS = "size such as 16MB, 512kB or 1GB";

  private Values() {}

  static boolean parseBoolean(String value) throws InvalidSettingException {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new InvalidSettingException("expected true or false");
    }
  }

  static boolean parseOnOff(String value) throws InvalidSettingException {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "on":
      case "true":
        return true;
      case "off":
      case "false":
        return false;
      default:
        throw new InvalidSettingException("expected on or off");
    }
  }

  static int parseInt(String value, int min, int max) throws InvalidSettingException {
    String allowed = "expected a whole number from " + min + " to " + max;
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw new InvalidSettingException(allowed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(allowed);
    }
  }

  /** Parses a duration within [min, max]; a bare number has no unit and is refused (ms or s?). */
  static Duration parseDuration(String value, Duration min, Duration max) throws InvalidSettingException {
    String allowed = "expected a " + DURATION_FORMS + ", from " + Durations.format(min) + " to " + Durations.format(max);
    Duration parsed = tryParseDuration(value);
    if (parsed == null || parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw new InvalidSettingException(allowed);
    }
    return parsed;
  }

  /** The duration, or {@code null} if the text is not one. */
  static Duration tryParseDuration(String value) {
    NumberAndUnit parts = NumberAndUnit.split(value);
    if (parts == null) {
      return null;
    }
    long nanosPerUnit;
    switch (parts.unit) {
      case "us":
        nanosPerUnit = 1_000L;
        break;
      case "ms":
        nanosPerUnit = 1_000_000L;
        break;
      case "s":
        nanosPerUnit = 1_000_000_000L;
        break;
      case "m":
      case "min":
        nanosPerUnit = 60_000_000_000L;
        break;
      case "h":
        nanosPerUnit = 3_600_000_000_000L;
        break;
      default:
        return null;
    }
    BigDecimal nanos = parts.number.multiply(BigDecimal.valueOf(nanosPerUnit));
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return null;
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** The size in bytes (PostgreSQL's units: 1kB = 1024 bytes), or {@code -1} if the text is not one. */
  static long tryParseSize(String value) {
    NumberAndUnit parts = NumberAndUnit.split(value);
    if (parts == null) {
      return -1;
    }
    long bytesPerUnit;
    switch (parts.unit) {
      case "b":
        bytesPerUnit = 1L;
        break;
      case "kb":
      case "kib":
        bytesPerUnit = 1L << 10;
        break;
      case "mb":
      case "mib":
        bytesPerUnit = 1L << 20;
        break;
      case "gb":
      case "gib":
        bytesPerUnit = 1L << 30;
        break;
      case "tb":
      case "tib":
        bytesPerUnit = 1L << 40;
        break;
      default:
        return -1;
    }
    BigDecimal bytes = parts.number.multiply(BigDecimal.valueOf(bytesPerUnit));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return -1;
    }
    return bytes.longValue();
  }

  /** Splits a comma-separated list, trimming items; refuses empty items ("a,,b"). */
  static List<String> splitList(String value, String itemForm) throws InvalidSettingException {
    List<String> items = new ArrayList<>();
    if (value.trim().isEmpty()) {
      return items;
    }
    for (String item : value.split(",", -1)) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        throw new InvalidSettingException("expected a comma-separated list of " + itemForm + " with no empty items");
      }
      items.add(trimmed);
    }
    return items;
  }

  /** RFC 7230 token: what HTTP header names, cookie names and baggage keys are made of. */
  static boolean isToken(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** "1.5s" is 1.5 and "s"; units are lower-cased. */
  private static final class NumberAndUnit {
    final BigDecimal number;
    final String unit;

    private NumberAndUnit(BigDecimal number, String unit) {
      this.number = number;
      this.unit = unit;
    }

    static NumberAndUnit split(String value) {
      String text = value.trim();
      int i = 0;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      if (i == 0 || i == text.length()) {
        return null;
      }
      BigDecimal number;
      try {
        number = new BigDecimal(text.substring(0, i));
      } catch (NumberFormatException e) {
        return null;
      }
      String unit = text.substring(i).trim().toLowerCase(Locale.ROOT);
      return unit.isEmpty() ? null : new NumberAndUnit(number, unit);
    }
  }
}
