package dev.lagless.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * One item of {@code LAGLESS_REPLICAS}: a replica given by {@code host:port} (everything else copied
 * from the application's own primary connection), a full JDBC URL, or a Patroni REST endpoint whose
 * member list names the replicas.
 */
public final class ReplicaSource {

  public enum Kind {
    HOST_PORT,
    JDBC_URL,
    PATRONI
  }

  static final int PATRONI_DEFAULT_PORT = 8008;
  private static final String PATRONI_PREFIX = "patroni://";

  private final Kind kind;
  private final HostPort endpoint;
  private final JdbcUrl jdbcUrl;
  private final String text;

  private ReplicaSource(Kind kind, HostPort endpoint, JdbcUrl jdbcUrl, String text) {
    this.kind = kind;
    this.endpoint = endpoint;
    this.jdbcUrl = jdbcUrl;
    this.text = text;
  }

  static ReplicaSource parse(String item) throws InvalidSettingException {
    if (JdbcUrl.looksLikeOne(item)) {
      JdbcUrl url = JdbcUrl.parse(item);
      if (url.hosts().size() != 1) {
        throw new InvalidSettingException("expected one replica per JDBC URL; list several replicas separated by commas");
      }
      return new ReplicaSource(Kind.JDBC_URL, url.hosts().get(0), url, item);
    }
    if (item.regionMatches(true, 0, PATRONI_PREFIX, 0, PATRONI_PREFIX.length())) {
      return new ReplicaSource(Kind.PATRONI, patroniEndpoint(item), null, item);
    }
    if (item.contains("://")) {
      throw new InvalidSettingException(
          "expected host:port, jdbc:postgresql://host:port/database or patroni://host:port");
    }
    try {
      return new ReplicaSource(Kind.HOST_PORT, HostPort.parse(item, HostPort.POSTGRES_DEFAULT_PORT), null, item);
    } catch (InvalidSettingException e) {
      throw new InvalidSettingException(e.allowed() + ", a jdbc:postgresql:// URL or patroni://host:port");
    }
  }

  private static HostPort patroniEndpoint(String item) throws InvalidSettingException {
    String allowed = "expected patroni://host:port of Patroni's REST API (default port 8008)";
    try {
      URI uri = new URI(item);
      if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
        throw new InvalidSettingException(allowed);
      }
      return new HostPort(uri.getHost().replace("[", "").replace("]", ""),
          uri.getPort() < 0 ? PATRONI_DEFAULT_PORT : uri.getPort());
    } catch (URISyntaxException e) {
      throw new InvalidSettingException(allowed);
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The replica's (or Patroni's) network endpoint. */
  public HostPort endpoint() {
    return endpoint;
  }

  /** The full URL; only for {@link Kind#JDBC_URL}. */
  public JdbcUrl jdbcUrl() {
    return jdbcUrl;
  }

  /** The item as given: may hold a password, print only through {@link Secrets}. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplicaSource && ((ReplicaSource) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }

  @Override
  public String toString() {
    return Secrets.maskCredentials(text);
  }
}
