package dev.lagless.config;

import java.util.Locale;

/**
 * Masks credentials in values before they are printed. Works on malformed input too (an error line
 * shows the bad value, and a bad URL may still hold a real password).
 */
public final class Secrets {

  static final String MASK = "***";
  private static final java.util.regex.Pattern PLAIN_AUTHORITY =
      java.util.regex.Pattern.compile("(([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]*\\])(:[A-Za-z0-9]*)?)?");
  private static final java.util.regex.Pattern ANY_PASSWORD_PARAMETER =
      java.util.regex.Pattern.compile("(?i)(password=)[^&,]*");

  private Secrets() {}

  /** How a raw value of this setting may be shown in a log line. */
  public static String shown(Setting setting, String value) {
    if (setting.isSecret()) {
      return value.isEmpty() ? "" : "<hidden, " + value.length() + " characters>";
    }
    return setting.mayContainCredentials() ? maskInvalid(value) : value;
  }

  /** Masks credentials in a value that did not parse (see {@link #maskLoosely}). */
  public static String maskInvalid(String value) {
    return maskLoosely(maskCredentials(value));
  }

  /**
   * For a value that did not parse, whose structure cannot be trusted (a '/' or a second scheme before
   * the '@', a mangled scheme, a lost '@'): after a scheme, the whole authority (and anything up to
   * the last {@code @}) is hidden unless it is a plain {@code host[:port]}; without a scheme,
   * everything before the last {@code @}; and every {@code password=} anywhere is followed by the mask
   * up to the next {@code &}. What shows is the scheme, the path and the query: enough to see which
   * item is wrong.
   */
  private static String maskLoosely(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (String item : ANY_PASSWORD_PARAMETER.matcher(value).replaceAll("$1" + MASK).split(",", -1)) {
      int at = item.lastIndexOf('@');
      int scheme = item.indexOf("://");
      String shown;
      if (scheme >= 0) {
        int start = scheme + 3;
        int authorityEnd = indexOfAny(item, "/?#", start);
        int end = Math.max(authorityEnd < 0 ? item.length() : authorityEnd, at > start ? at : -1);
        String authority = item.substring(start, end);
        // A plain host[:port] is worth showing (it says which item is wrong); anything else may hold a secret.
        shown = at < start && PLAIN_AUTHORITY.matcher(authority).matches() ? item
            : item.substring(0, start) + MASK + item.substring(end);
      } else if (at >= 0) {
        shown = MASK + item.substring(at);
      } else {
        shown = item;
      }
      out.append(shown).append(',');
    }
    return out.substring(0, out.length() - 1);
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
      // "redis://secret@host" is Lettuce's password-only form; in a malformed value the scheme may not
      // even be recognisable, so user information without a colon is hidden whatever the scheme.
      return url.substring(0, authorityStart) + MASK + url.substring(at);
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
