package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.spring.SpringRoutingApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Spring Boot application (HikariCP, JdbcTemplate, {@code @Transactional}, Hibernate/JPA) under
 * the agent: auto-commit reads and read-only services on a replica, read-write services on the
 * primary, each seen from {@code inet_server_port()}.
 */
class SpringRoutingTest {

  private static LocalCluster cluster;

  @BeforeAll
  static void createSchema() throws Exception {
    cluster = SharedCluster.get();
    try (Connection c = DriverManager.getConnection(SharedCluster.primaryUrl(), cluster.appUser(), cluster.appPassword());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS spring_items");
      s.execute("CREATE TABLE spring_items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)");
      s.execute("INSERT INTO spring_items SELECT g, 'item' || g, g FROM generate_series(1, 10) g");
    }
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
  }

  @Test
  void springServicesAndJpaAreRouted() {
    for (Path jdk : ForkedJvm.jdks()) {
      ForkedJvm.Result run = ForkedJvm.on(jdk).withAgent()
          .classpath(System.getProperty("lagless.it.springClasspath"))
          .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
          .main(SpringRoutingApp.class,
              "--spring.datasource.url=" + SharedCluster.primaryUrl(),
              "--spring.datasource.username=" + cluster.appUser(),
              "--spring.datasource.password=" + cluster.appPassword(),
              "--spring.main.banner-mode=off", "--logging.level.root=warn",
              "--spring.jpa.open-in-view=false", "--spring.jpa.hibernate.ddl-auto=none")
          .run();
      assertEquals(0, run.exitCode, run::toString);
      Map<String, String> lines = new HashMap<>();
      for (String line : run.stdout.split("\n")) {
        lines.put(line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line, line);
      }
      String why = run.toString();
      onReplica(lines, "jdbc-template-read", why);
      onReplica(lines, "read-only-service", why);
      assertTrue(lines.get("read-only-service").endsWith("sameTransaction=true name=item2"), why);
      onPrimary(lines, "read-write-service", why);
      assertTrue(lines.get("read-write-service").endsWith("updated=1"), why);
      onReplica(lines, "jpa-read-only", why);
      assertTrue(lines.get("jpa-read-only").endsWith("name=item3 count=10"), why);
      onPrimary(lines, "jpa-write", why);
      assertEquals("done", lines.get("done"), why);
    }
  }

  private static int port(Map<String, String> lines, String label, String why) {
    String line = lines.get(label);
    assertTrue(line != null && line.contains("port="), label + " missing: " + why);
    return Integer.parseInt(line.substring(line.indexOf("port=") + 5).split(" ")[0]);
  }

  private static void onReplica(Map<String, String> lines, String label, String why) {
    assertTrue(Set.of(cluster.replica(0).port(), cluster.replica(1).port()).contains(port(lines, label, why)),
        label + " should run on a replica: " + lines.get(label) + "\n" + why);
  }

  private static void onPrimary(Map<String, String> lines, String label, String why) {
    assertEquals(cluster.primary().port(), port(lines, label, why), label + " should run on the primary\n" + why);
  }
}
