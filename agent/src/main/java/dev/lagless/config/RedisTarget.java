package dev.lagless.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code LAGLESS_REDIS_URL}: Lettuce URIs of the shared token store. One URI for a standalone server
 * ({@code redis://}, {@code rediss://}, {@code redis-socket://}) or a Sentinel group
 * ({@code redis-sentinel://h1,h2/0#master}); several {@code redis://} URIs separated by commas are the
 * seed nodes of a Redis Cluster. Checked here for shape only; Lettuce does the rest when it connects.
 */
public final class RedisTarget {

  private static final Set<String> SCHEMES =
      Set.of("redis", "rediss", "redis-socket", "redis-sentinel", "rediss-sentinel");
  private static final String ALLOWED = "expected a Lettuce URI such as redis://host:6379, rediss://:password@host:6380/0, "
      + "redis-sentinel://host:26379#mymaster, or comma-separated redis:// seed nodes of a cluster";

  private final List<String> uris;

  private RedisTarget(List<String> uris) {
    this.uris = Collections.unmodifiableList(uris);
  }

  static RedisTarget parse(String value) throws InvalidSettingException {
    String text = value.trim();
    if (startsWithScheme(text, "redis-sentinel") || startsWithScheme(text, "rediss-sentinel")) {
      // Sentinel URIs list their hosts with commas inside one URI.
      checkUri(text, true);
      return new RedisTarget(List.of(text));
    }
    List<String> uris = new ArrayList<>();
    for (String item : Values.splitList(text, "redis:// URIs")) {
      checkUri(item, false);
      uris.add(item);
    }
    if (uris.isEmpty()) {
      throw new InvalidSettingException(ALLOWED);
    }
    if (uris.size() > 1) {
      for (String uri : uris) {
        if (!startsWithScheme(uri, "redis") && !startsWithScheme(uri, "rediss")) {
          throw new InvalidSettingException("cluster seed nodes must be redis:// or rediss:// URIs");
        }
      }
    }
    return new RedisTarget(uris);
  }

  private static boolean startsWithScheme(String text, String scheme) {
    return text.toLowerCase(Locale.ROOT).startsWith(scheme + "://");
  }

  private static void checkUri(String text, boolean sentinel) throws InvalidSettingException {
    int schemeEnd = text.indexOf("://");
    if (schemeEnd < 0 || !SCHEMES.contains(text.substring(0, schemeEnd).toLowerCase(Locale.ROOT))) {
      throw new InvalidSettingException(ALLOWED);
    }
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = text.substring(schemeEnd + 3);
    if (scheme.equals("redis-socket")) {
      if (!rest.startsWith("/")) {
        throw new InvalidSettingException("expected redis-socket:///path/to/redis.sock");
      }
      return;
    }
    // Hosts: what lies between the user info and the path; Sentinel allows several, comma-separated.
    int at = rest.lastIndexOf('@');
    String afterUserInfo = at < 0 ? rest : rest.substring(at + 1);
    int end = afterUserInfo.length();
    for (int i = 0; i < afterUserInfo.length(); i++) {
      char c = afterUserInfo.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    String hosts = afterUserInfo.substring(0, end);
    if (hosts.isEmpty()) {
      throw new InvalidSettingException(ALLOWED);
    }
    for (String host : hosts.split(",", -1)) {
      if (!sentinel && hosts.contains(",")) {
        throw new InvalidSettingException(ALLOWED);
      }
      try {
        HostPort.parse(host, 6379);
      } catch (InvalidSettingException e) {
        throw new InvalidSettingException(ALLOWED);
      }
    }
    if (!sentinel) {
      try {
        new URI(text);
      } catch (URISyntaxException e) {
        throw new InvalidSettingException(ALLOWED + " (URL-encode special characters in the password)");
      }
    }
  }

  /** The URIs as given: they may hold a password, print only through {@link Secrets}. */
  public List<String> uris() {
    return uris;
  }

  public boolean isCluster() {
    return uris.size() > 1;
  }

  @Override
  public String toString() {
    return Secrets.maskCredentials(String.join(",", uris));
  }
}
