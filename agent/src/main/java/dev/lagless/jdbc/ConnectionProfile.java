package dev.lagless.jdbc;

import dev.lagless.routing.NodeConnector;
import dev.lagless.routing.ReplicaNode;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How the application connects to the primary: its driver (the pgjdbc of the application's class
 * loader, so replica results carry the application's own driver types), URL and properties, password
 * included. Kept in memory only; {@link #toString()} names the user and database, never the password.
 * Connections with the same properties share one profile, hence one set of replica pools.
 */
final class ConnectionProfile implements NodeConnector {

  private static final String APPLICATION_NAME = "ApplicationName";
  /** What Lagless's own connections are called in pg_stat_activity and the server's log. */
  private static final String MONITOR_NAME = "lagless-monitor";

  /** Properties the driver derives from the URL: the replica's own URL gives them instead. */
  private static final String[] URL_DERIVED = {"PGHOST", "PGPORT", "PGDBNAME"};

  private final Driver driver;
  private final String url;
  private final Map<String, String> properties;
  private final String database;
  private final String user;
  /** The primary as the application reaches it (the URL's first host): every statement's span names it. */
  private final String firstHost;
  private final int firstPort;

  ConnectionProfile(Driver driver, String url, Map<String, String> properties) {
    this.driver = driver;
    this.url = url;
    this.properties = Map.copyOf(properties);
    this.database = properties.getOrDefault("PGDBNAME", "");
    this.user = properties.getOrDefault("user", "");
    this.firstHost = firstOf(properties.getOrDefault("PGHOST", "localhost"));
    this.firstPort = portOf(firstOf(properties.getOrDefault("PGPORT", "5432")));
  }

  private static String firstOf(String commaSeparated) {
    int comma = commaSeparated.indexOf(',');
    return comma < 0 ? commaSeparated : commaSeparated.substring(0, comma);
  }

  private static int portOf(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 5432;
    }
  }

  static Map<String, String> flatten(Properties info) {
    Map<String, String> map = new HashMap<>();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        map.put(name, info.getProperty(name));
      }
    }
    return map;
  }

  /** The pool key: replicas are pooled per distinct set of connection properties. */
  Object credentials() {
    return properties;
  }

  String database() {
    return database;
  }

  String firstHost() {
    return firstHost;
  }

  int firstPort() {
    return firstPort;
  }

  @Override
  public Connection openReplica(ReplicaNode node) throws SQLException {
    return openReplica(node, properties.get(APPLICATION_NAME));
  }

  @Override
  public Connection openMonitor(ReplicaNode node) throws SQLException {
    return openReplica(node, MONITOR_NAME);
  }

  private Connection openReplica(ReplicaNode node, String applicationName) throws SQLException {
    Properties props = new Properties();
    props.putAll(properties);
    for (String derived : URL_DERIVED) {
      props.remove(derived);
    }
    // The application's URL may ask for a primary (targetServerType=primary); a replica is what we want here.
    props.setProperty("targetServerType", "any");
    props.remove("loadBalanceHosts");
    int connectTimeout = parseInt(props.getProperty("connectTimeout"), 10);
    props.setProperty("connectTimeout", String.valueOf(Math.max(1, Math.min(connectTimeout, 2))));
    props.putAll(node.urlParameters());
    if (applicationName != null) {
      props.setProperty(APPLICATION_NAME, applicationName);
    }
    String host = node.endpoint().host();
    String replicaUrl = "jdbc:postgresql://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
        + node.endpoint().port() + "/" + urlEncode(database);
    long replayed = node.health().replayLsn; // before the session starts: what its defaults are at least as new as
    Connection connection = InternalConnections.open(() -> driver.connect(replicaUrl, props));
    ReplicaLease.started(connection, replayed);
    return connection;
  }

  @Override
  public Connection openPrimary() throws SQLException {
    Properties props = new Properties();
    props.putAll(properties);
    props.setProperty(APPLICATION_NAME, MONITOR_NAME);
    // The URL's own parameters would win over these properties (an ApplicationName in it would name
    // Lagless's connections after the application); they are all among the properties already.
    int query = url.indexOf('?');
    String withoutParameters = query < 0 ? url : url.substring(0, query);
    return InternalConnections.open(() -> driver.connect(withoutParameters, props));
  }

  private static int parseInt(String text, int otherwise) {
    try {
      return text == null ? otherwise : Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static String urlEncode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "user " + user + " on database " + database;
  }
}
