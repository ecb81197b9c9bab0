package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.RoutingApp;
import java.nio.file.Path;
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
    cluster.setUpAsApp(
        "DROP TABLE IF EXISTS items; DROP SCHEMA IF EXISTS app_schema CASCADE; DROP SEQUENCE IF EXISTS seq",
        "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
        "INSERT INTO items SELECT g, 'item' || g, g FROM generate_series(1, 10) g",
        "CREATE SCHEMA app_schema",
        "CREATE TABLE app_schema.only_here (v text)",
        "INSERT INTO app_schema.only_here VALUES ('in app_schema')",
        "CREATE SEQUENCE seq",
        "CREATE OR REPLACE FUNCTION touch_item(i int) RETURNS int LANGUAGE sql VOLATILE"
          + " AS 'UPDATE items SET qty = qty WHERE id = i RETURNING id'",
        "CREATE OR REPLACE FUNCTION item_name(i int) RETURNS text LANGUAGE sql STABLE"
          + " AS 'SELECT name FROM items WHERE id = i'");
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
      RoutedLines lines = new RoutedLines(run, cluster);
      lines.endsWith("connection", "class=org.postgresql.jdbc.PgConnection unwrapsToPGConnection=true");

      lines.onReplica("autocommit-read");
      lines.endsWith("autocommit-read", "sameStatement=true sameConnection=true");
      lines.onReplica("prepared-read");
      assertTrue(lines.line("prepared-read").contains("name=item3 sameStatement=true"), lines.why());

      lines.onPrimary("sql-begin");
      lines.onPrimary("stream-parameter");
      lines.onPrimary("callable");
      lines.onPrimary("nextval");
      lines.onPrimary("writable-cte");
      lines.onPrimary("for-update");
      lines.onPrimary("multi-statement");

      lines.onReplica("read-only-transaction");
      lines.endsWith("read-only-transaction", "sameTransaction=true");
      lines.onPrimary("read-write-transaction");
      lines.onReplica("toggle-ro-0");
      lines.onPrimary("toggle-rw-1");
      lines.onReplica("toggle-ro-2");
      lines.onPrimary("serializable-read-only");
      lines.onReplica("repeatable-read-read-only");

      lines.onReplica("search-path");
      assertTrue(lines.line("search-path").contains("v=in app_schema"), lines.why());
      lines.onReplica("set-schema");
      assertTrue(lines.line("set-schema").contains("v=in app_schema"), lines.why());
      lines.onPrimary("temp-table");
      assertTrue(lines.line("temp-table").contains("a=7"), lines.why());
      lines.onReplica("after-temp-table");
      lines.onPrimary("listen");
      lines.onReplica("after-unlisten");

      lines.onPrimary("hint-primary");
      lines.onReplica("hint-replica");
      assertTrue(lines.line("hint-replica").contains("pg_is_in_recovery=t"), lines.why());
      lines.onPrimary("hint-replica-write");

      lines.onPrimary("volatile-function");
      lines.onReplica("stable-function");
      assertTrue(lines.line("stable-function").contains("item_name=item5"), lines.why());

      lines.onReplica("multi-result");
      lines.endsWith("multi-result", "first=true more=true second=2 end=true");
      lines.onReplica("array");
      lines.endsWith("array", "member=true back=4,5");
      assertEquals("query-timeout sqlstate=57014", lines.line("query-timeout"), lines.why());
      lines.onReplica("server-prepare");
      lines.endsWith("server-prepare", "names=item1,item2,item3,item4,item5,item6");
      lines.onReplica("fetch-size");
      lines.endsWith("fetch-size", "rows=10");
      assertEquals("read-error sqlstate=42703", lines.line("read-error"), lines.why());

      lines.onPrimary("not-routed");
      assertEquals("done", lines.line("done"), lines.why());
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
    RoutedLines lines = new RoutedLines(run, cluster);
    for (int i = 0; i < 3; i++) {
      lines.onReplica("pooled-read-" + i);
      lines.endsWith("pooled-read-" + i, "name=item2 sameStatement=true sameConnection=true pgConnection=true");
    }
    lines.onReplica("pooled-read-only-transaction");
    lines.endsWith("pooled-read-only-transaction", "sameTransaction=true");
    lines.onPrimary("pooled-write");
    lines.onReplica("pooled-after-transaction");
    assertEquals("done", lines.line("done"), lines.why());
  }

  private static String replicaList() {
    return "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port();
  }
}
