package dev.lagless.config;

import java.util.Locale;

/**
 * Masks credentials in values before they are printed. Works on malformed input too (an error line
 * shows the bad value, and a bad URL may still hold a real password).
 */
public final class Secrets {

  static final String MASK = "***";

  private Secrets() {}

  /** How a raw value of this setting may be shown in a log line. */
  public static String shown(Setting setting, String value) {
    if (setting.isSecret()) {
      return value.isEmpty() ? "" : "<hidden, " + value.length() + " characters>";
    }
    return setting.mayContainCredentials() ? maskCredentials(value) : value;
  }

  /**
   * Masks the password of every {@code scheme://user:password@host} user-info part and the value of
   * every {@code password=} / {@code sslpassword=} query parameter, in a comma-separated list of URLs.
   */
  public static String maskCredentials(String value) {
    StringBuilder out = new StringBuilder(value.length());
    int start = 0;
    while (start <= value.length()) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? value.length() : comma;
      out.append(maskOne(value.substring(start, end)));
      if (comma < 0) {
        break;
      }
      out.append(',');
      start = comma + 1;
    }
    return out.toString();
  }

  private static String maskOne(String url) {
    String masked = maskUserInfoPassword(url);
    return maskPasswordParameters(masked);
  }

  private static String maskUserInfoPassword(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int authorityStart = scheme + 3;
    int at = url.lastIndexOf('@');
    int pathStart = indexOfAny(url, "/?#", authorityStart);
    if (at < authorityStart || (pathStart >= 0 && at > pathStart)) {
      return url;
    }
    int colon = url.indexOf(':', authorityStart);
    if (colon < 0 || colon > at) {
      // "redis://secret@host" is Lettuce's password-only form.
      return url.startsWith("redis") ? url.substring(0, authorityStart) + MASK + url.substring(at) : url;
    }
    return url.substring(0, colon + 1) + MASK + url.substring(at);
  }

  private static String maskPasswordParameters(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return url;
    }
    StringBuilder out = new StringBuilder(url.substring(0, query + 1));
    String[] parameters = url.substring(query + 1).split("&", -1);
    for (int i = 0; i < parameters.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String parameter = parameters[i];
      int eq = parameter.indexOf('=');
      String name = (eq < 0 ? parameter : parameter.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (eq >= 0 && name.contains("password")) {
        out.append(parameter, 0, eq + 1).append(MASK);
      } else {
        out.append(parameter);
      }
    }
    return out.toString();
  }

  private static int indexOfAny(String s, String chars, int from) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
