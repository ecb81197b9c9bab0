package dev.lagless.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pgjdbc URL, {@code jdbc:postgresql://host[:port][,host[:port]...][/database][?key=value&...]}, also
 * in its short forms {@code jdbc:postgresql:database} and {@code jdbc:postgresql:/}. Parsed the way
 * pgjdbc reads it (default host localhost, port 5432; parameters URL-decoded), without loading pgjdbc.
 */
public final class JdbcUrl {

  static final String PREFIX = "jdbc:postgresql:";

  private final String text;
  private final List<HostPort> hosts;
  private final String database;
  private final Map<String, String> parameters;

  private JdbcUrl(String text, List<HostPort> hosts, String database, Map<String, String> parameters) {
    this.text = text;
    this.hosts = Collections.unmodifiableList(hosts);
    this.database = database;
    this.parameters = Collections.unmodifiableMap(parameters);
  }

  public static boolean looksLikeOne(String text) {
    return text.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /** For the command line: the URL, or an IllegalArgumentException saying what was expected. */
  public static JdbcUrl of(String text) {
    try {
      return parse(text);
    } catch (InvalidSettingException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static JdbcUrl parse(String text) throws InvalidSettingException {
    String allowed = "expected a URL like jdbc:postgresql://host:5432/database";
    if (!looksLikeOne(text)) {
      throw new InvalidSettingException(allowed);
    }
    String rest = text.substring(PREFIX.length());
    String query = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    List<HostPort> hosts = new ArrayList<>();
    String database;
    if (rest.startsWith("//")) {
      String authorityAndPath = rest.substring(2);
      int slash = authorityAndPath.indexOf('/');
      String authority = slash < 0 ? authorityAndPath : authorityAndPath.substring(0, slash);
      database = slash < 0 ? "" : decode(authorityAndPath.substring(slash + 1));
      if (authority.isEmpty()) {
        hosts.add(new HostPort("localhost", HostPort.POSTGRES_DEFAULT_PORT));
      } else {
        for (String host : authority.split(",", -1)) {
          if (host.isEmpty()) {
            throw new InvalidSettingException(allowed);
          }
          try {
            hosts.add(HostPort.parse(host, HostPort.POSTGRES_DEFAULT_PORT));
          } catch (InvalidSettingException e) {
            throw new InvalidSettingException(allowed + " (bad host '" + host + "')");
          }
        }
      }
    } else {
      hosts.add(new HostPort("localhost", HostPort.POSTGRES_DEFAULT_PORT));
      database = decode(rest.startsWith("/") ? rest.substring(1) : rest);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        parameters.put(key, value);
      }
    }
    return new JdbcUrl(text, hosts, database, parameters);
  }

  private static String decode(String s) throws InvalidSettingException {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("expected a URL-encoded JDBC URL (bad % escape)");
    }
  }

  public List<HostPort> hosts() {
    return hosts;
  }

  /** The database name, empty when the URL names none (pgjdbc then uses the user name). */
  public String database() {
    return database;
  }

  public Map<String, String> parameters() {
    return parameters;
  }

  /** The URL as given. It may hold a password: print it only through {@link Secrets}. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return Secrets.maskCredentials(text);
  }
}
