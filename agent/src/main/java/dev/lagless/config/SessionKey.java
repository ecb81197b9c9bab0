package dev.lagless.config;

import java.util.Objects;

/**
 * {@code LAGLESS_SESSION_KEY}: what names the user or session whose writes must stay visible to it.
 * A baggage entry ({@code user.id}, {@code baggage:user.id}), or in servlet applications a request
 * header ({@code header:X-User}) or cookie ({@code cookie:SESSION}).
 */
public final class SessionKey {

  public enum Source {
    BAGGAGE,
    HEADER,
    COOKIE
  }

  private final Source source;
  private final String name;

  public SessionKey(Source source, String name) {
    this.source = source;
    this.name = name;
  }

  static SessionKey parse(String value) throws InvalidSettingException {
    String text = value.trim();
    String allowed = "expected a baggage key (user.id or baggage:user.id), header:NAME or cookie:NAME";
    Source source = Source.BAGGAGE;
    String name = text;
    int colon = text.indexOf(':');
    if (colon >= 0) {
      String prefix = text.substring(0, colon);
      name = text.substring(colon + 1);
      switch (prefix) {
        case "baggage":
          source = Source.BAGGAGE;
          break;
        case "header":
          source = Source.HEADER;
          break;
        case "cookie":
          source = Source.COOKIE;
          break;
        default:
          throw new InvalidSettingException(allowed);
      }
    }
    if (!Values.isToken(name)) {
      throw new InvalidSettingException(allowed);
    }
    return new SessionKey(source, name);
  }

  public Source source() {
    return source;
  }

  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionKey && ((SessionKey) o).source == source && ((SessionKey) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, name);
  }

  @Override
  public String toString() {
    return source.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
  }
}
