package dev.lagless.config;

import java.util.Locale;

/**
 * {@code LAGLESS_PRIMARY}: which of the application's connections are routed. Unset means every
 * pgjdbc connection; otherwise a connection is routed when it goes to this host and port (and, when
 * given, this database).
 */
public final class PrimaryTarget {

  private static final PrimaryTarget ANY = new PrimaryTarget(null, null, "any pgjdbc connection");

  private final HostPort endpoint;
  private final String database;
  private final String text;

  private PrimaryTarget(HostPort endpoint, String database, String text) {
    this.endpoint = endpoint;
    this.database = database;
    this.text = text;
  }

  public static PrimaryTarget any() {
    return ANY;
  }

  static PrimaryTarget parse(String value) throws InvalidSettingException {
    String text = value.trim();
    String allowed = "expected host:port, host:port/database or a jdbc:postgresql:// URL";
    if (JdbcUrl.looksLikeOne(text)) {
      JdbcUrl url = JdbcUrl.parse(text);
      if (url.hosts().size() != 1) {
        throw new InvalidSettingException("expected the URL of one primary, not a list of hosts");
      }
      return new PrimaryTarget(url.hosts().get(0), url.database().isEmpty() ? null : url.database(), text);
    }
    if (text.contains("://")) {
      throw new InvalidSettingException(allowed);
    }
    int slash = text.indexOf('/');
    String database = slash < 0 ? null : text.substring(slash + 1);
    if (database != null && database.isEmpty()) {
      throw new InvalidSettingException(allowed);
    }
    try {
      return new PrimaryTarget(HostPort.parse(slash < 0 ? text : text.substring(0, slash), HostPort.POSTGRES_DEFAULT_PORT),
          database, text);
    } catch (InvalidSettingException e) {
      throw new InvalidSettingException(allowed);
    }
  }

  public boolean isAny() {
    return endpoint == null;
  }

  /** Whether a connection to this endpoint and database is routed. */
  public boolean matches(String host, int port, String database) {
    if (isAny()) {
      return true;
    }
    if (!endpoint.host().equals(host.toLowerCase(Locale.ROOT)) || endpoint.port() != port) {
      return false;
    }
    return this.database == null || this.database.equals(database);
  }

  public HostPort endpoint() {
    return endpoint;
  }

  /** The database to match, or {@code null} for any. */
  public String database() {
    return database;
  }

  @Override
  public String toString() {
    return isAny() ? text : Secrets.maskCredentials(text);
  }
}
