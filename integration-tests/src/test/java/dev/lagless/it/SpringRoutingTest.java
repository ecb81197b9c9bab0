package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.spring.SpringRoutingApp;
import java.nio.file.Path;
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
    cluster.setUpAsApp(
        "DROP TABLE IF EXISTS spring_items",
        "CREATE TABLE spring_items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
        "INSERT INTO spring_items SELECT g, 'item' || g, g FROM generate_series(1, 10) g");
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
      RoutedLines lines = new RoutedLines(run, cluster);
      lines.onReplica("jdbc-template-read");
      lines.onReplica("read-only-service");
      lines.endsWith("read-only-service", "sameTransaction=true name=item2");
      lines.onPrimary("read-write-service");
      lines.endsWith("read-write-service", "updated=1");
      lines.onReplica("jpa-read-only");
      lines.endsWith("jpa-read-only", "name=item3 count=10");
      lines.onPrimary("jpa-write");
      assertEquals("done", lines.line("done"), lines.why());
    }
  }
}
