package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.RoutingApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 end to end: an application that knows nothing of Lagless runs under the agent against a
 * real primary and two replicas, and each of its statements reports {@code inet_server_port()} of the
 * server that ran it. Every routing rule is checked from that outside view, on every JDK configured.
 */
class RoutingRulesTest {

  private static LocalCluster cluster;

  @BeforeAll
  static void createSchema() throws Exception {
    cluster = SharedCluster.get();
    try (Connection c = DriverManager.getConnection(SharedCluster.primaryUrl(), cluster.appUser(), cluster.appPassword());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS items; DROP SCHEMA IF EXISTS app_schema CASCADE; DROP SEQUENCE IF EXISTS seq");
      s.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)");
      s.execute("INSERT INTO items SELECT g, 'item' || g, g FROM generate_series(1, 10) g");
      s.execute("CREATE SCHEMA app_schema");
      s.execute("CREATE TABLE app_schema.only_here (v text)");
      s.execute("INSERT INTO app_schema.only_here VALUES ('in app_schema')");
      s.execute("CREATE SEQUENCE seq");
      s.execute("CREATE OR REPLACE FUNCTION touch_item(i int) RETURNS int LANGUAGE sql VOLATILE"
          + " AS 'UPDATE items SET qty = qty WHERE id = i RETURNING id'");
      s.execute("CREATE OR REPLACE FUNCTION item_name(i int) RETURNS text LANGUAGE sql STABLE"
          + " AS 'SELECT name FROM items WHERE id = i'");
    }
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
  }

  @Test
  void everyRuleHoldsFromTheOutside() {
    for (Path jdk : ForkedJvm.jdks()) {
      ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent()
          .env("LAGLESS_REPLICAS", replicaList())
          .env("LAGLESS_PRIMARY", "127.0.0.1:" + cluster.primary().port() + "/" + cluster.database())
          .main(RoutingApp.class, SharedCluster.primaryUrl(), cluster.appUser(), cluster.appPassword(),
              cluster.primary().jdbcUrl("postgres"))
          .run();
      assertEquals(0, run.exitCode, run::toString);
      Map<String, String> lines = byLabel(run.stdout);
      String why = run.toString();
      assertTrue(lines.get("connection").contains("class=org.postgresql.jdbc.PgConnection unwrapsToPGConnection=true"), why);

      onReplica(lines, "autocommit-read", why);
      assertTrue(lines.get("autocommit-read").endsWith("sameStatement=true sameConnection=true"), why);
      onReplica(lines, "prepared-read", why);
      assertTrue(lines.get("prepared-read").contains("name=item3 sameStatement=true"), why);

      onPrimary(lines, "nextval", why);
      onPrimary(lines, "writable-cte", why);
      onPrimary(lines, "for-update", why);
      onPrimary(lines, "multi-statement", why);

      onReplica(lines, "read-only-transaction", why);
      assertTrue(lines.get("read-only-transaction").endsWith("sameTransaction=true"), why);
      onPrimary(lines, "read-write-transaction", why);
      onReplica(lines, "toggle-ro-0", why);
      onPrimary(lines, "toggle-rw-1", why);
      onReplica(lines, "toggle-ro-2", why);

      onReplica(lines, "search-path", why);
      assertTrue(lines.get("search-path").contains("v=in app_schema"), why);
      onReplica(lines, "set-schema", why);
      assertTrue(lines.get("set-schema").contains("v=in app_schema"), why);
      onPrimary(lines, "temp-table", why);
      assertTrue(lines.get("temp-table").contains("a=7"), why);
      onReplica(lines, "after-temp-table", why);
      onPrimary(lines, "listen", why);
      onReplica(lines, "after-unlisten", why);

      onPrimary(lines, "hint-primary", why);
      onReplica(lines, "hint-replica", why);
      assertTrue(lines.get("hint-replica").contains("pg_is_in_recovery=t"), why);
      onPrimary(lines, "hint-replica-write", why);

      onPrimary(lines, "volatile-function", why);
      onReplica(lines, "stable-function", why);
      assertTrue(lines.get("stable-function").contains("item_name=item5"), why);

      onReplica(lines, "multi-result", why);
      assertTrue(lines.get("multi-result").endsWith("first=true more=true second=2 end=true"), why);
      onReplica(lines, "array", why);
      assertTrue(lines.get("array").endsWith("member=true back=4,5"), why);
      assertEquals("query-timeout sqlstate=57014", lines.get("query-timeout"), why);
      onReplica(lines, "server-prepare", why);
      assertTrue(lines.get("server-prepare").endsWith("names=item1,item2,item3,item4,item5,item6"), why);
      onReplica(lines, "fetch-size", why);
      assertTrue(lines.get("fetch-size").endsWith("rows=10"), why);
      assertEquals("read-error sqlstate=42703", lines.get("read-error"), why);

      onPrimary(lines, "not-routed", why);
      assertEquals("done", lines.get("done"), why);
    }
  }

  @Test
  void anApplicationsOwnHikariPoolIsRoutedWithItsIdentityKept() {
    ForkedJvm.Result run = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("LAGLESS_REPLICAS", replicaList())
        .main(dev.lagless.it.apps.HikariRoutingApp.class, SharedCluster.primaryUrl(), cluster.appUser(),
            cluster.appPassword())
        .run();
    assertEquals(0, run.exitCode, run::toString);
    Map<String, String> lines = byLabel(run.stdout);
    String why = run.toString();
    for (int i = 0; i < 3; i++) {
      onReplica(lines, "pooled-read-" + i, why);
      assertTrue(lines.get("pooled-read-" + i).endsWith("name=item2 sameStatement=true sameConnection=true pgConnection=true"),
          why);
    }
    onReplica(lines, "pooled-read-only-transaction", why);
    assertTrue(lines.get("pooled-read-only-transaction").endsWith("sameTransaction=true"), why);
    onPrimary(lines, "pooled-write", why);
    onReplica(lines, "pooled-after-transaction", why);
    assertEquals("done", lines.get("done"), why);
  }

  private static String replicaList() {
    return "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port();
  }

  private static Map<String, String> byLabel(String stdout) {
    Map<String, String> lines = new HashMap<>();
    for (String line : stdout.split("\n")) {
      String label = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
      lines.put(label, line);
    }
    return lines;
  }

  private static int port(Map<String, String> lines, String label, String why) {
    String line = lines.get(label);
    assertTrue(line != null && line.contains(" port="), label + " missing or failed: " + line + "\n" + why);
    String rest = line.substring(line.indexOf(" port=") + 6);
    return Integer.parseInt(rest.split(" ")[0]);
  }

  private static void onReplica(Map<String, String> lines, String label, String why) {
    Set<Integer> replicas = Set.of(cluster.replica(0).port(), cluster.replica(1).port());
    assertTrue(replicas.contains(port(lines, label, why)), label + " should run on a replica: " + lines.get(label)
        + "\n" + why);
  }

  private static void onPrimary(Map<String, String> lines, String label, String why) {
    assertEquals(cluster.primary().port(), port(lines, label, why), label + " should run on the primary\n" + why);
  }

}
