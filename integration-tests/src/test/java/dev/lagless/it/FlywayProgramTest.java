package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real schema-migration tool, unchanged: Flyway 13 (from Maven Central, driven through its Java API
 * by {@code programs/flyway}) migrates an empty database and reports its state, once without the agent
 * and once with it. Its output must be the same line for line; its DDL and its history table must be
 * written on the primary (the servers' own logs say where each statement ran); and its status right
 * after migrating must show every migration — in the same process with WAL replay paused on both
 * replicas (only read-your-own-writes can make that right), and in a second process.
 */
class FlywayProgramTest {

  private static final String MAIN = "dev.lagless.programs.flyway.FlywayApp";
  private static final String APPLICATION = "flyway-it";
  /** The schema Flyway manages (the same name in both databases, so that the outputs can be compared). */
  private static final String SCHEMA = "app";
  private static final Pattern WRITE = Pattern.compile(
      "^(?:/\\*.*?\\*/\\s*)*(insert|update|delete|create|alter|drop|comment|grant|truncate)\\b.*", Pattern.DOTALL);

  private static LocalCluster cluster;

  @BeforeAll
  static void createDatabases() throws Exception {
    cluster = SharedCluster.get();
    ProgramDatabase.create(cluster, "flyway_plain");
    ProgramDatabase.create(cluster, "flyway_routed");
  }

  @Test
  void migratesOnThePrimaryAndReportsEveryMigrationInThisProcessAndTheNextAsWithoutTheAgent() throws Exception {
    Path jdk = ForkedJvm.jdks().get(0);
    String plainFirst = flyway(jdk, null, "flyway_plain", "migrate", "info", "validate");
    assertTrue(plainFirst.startsWith("migrate success=true executed=5 from=null to=4\n"), plainFirst);
    assertEquals(6, plainFirst.lines().filter(line -> line.contains(" state=SUCCESS ")).count(), plainFirst);
    assertTrue(plainFirst.endsWith("info current=4\nvalidate success=true errors=0\n"), plainFirst);

    StatementLog first = StatementLog.mark(cluster);
    String routedFirst;
    for (PostgresNode replica : cluster.replicas()) {
      replica.pauseReplay();
    }
    try {
      // The replicas stay within the lag bound however long this takes, so they remain candidates for
      // every read: what keeps the reads after a migration right is read-your-own-writes alone.
      routedFirst = flyway(jdk, Map.of("LAGLESS_MAX_LAG", "1h"), "flyway_routed", "migrate", "info", "validate");
    } finally {
      for (PostgresNode replica : cluster.replicas()) {
        replica.resumeReplay();
      }
    }
    assertEquals(plainFirst, routedFirst, "migrate, info and validate in one process, with and without the agent");

    List<String> onPrimary = first.on(cluster.primary(), APPLICATION);
    List<String> onReplicas = first.onReplicas(APPLICATION);
    assertTrue(onPrimary.stream().anyMatch(s -> s.startsWith("CREATE TABLE \"" + SCHEMA + "\".\"flyway_schema_history\"")),
        "the history table is created on the primary: " + onPrimary);
    assertEquals(6, onPrimary.stream().filter(s -> s.startsWith("INSERT INTO \"" + SCHEMA
        + "\".\"flyway_schema_history\"")).count(), "a history row per migration and one for the schema: " + onPrimary);
    for (String ddl : List.of("CREATE TABLE customer", "CREATE INDEX customer_name", "CREATE TABLE orders",
        "CREATE FUNCTION order_total", "CREATE TYPE customer_status", "ALTER TABLE customer ADD COLUMN status",
        "CREATE OR REPLACE VIEW customer_totals")) {
      assertTrue(onPrimary.stream().anyMatch(s -> s.contains(ddl)), ddl + " on the primary: " + onPrimary);
    }
    assertTrue(onReplicas.stream().anyMatch(s -> s.contains("FROM pg_namespace")),
        "Flyway's look-up of its schema, before its first write, ran on a replica: " + onReplicas);
    assertTrue(onReplicas.stream().noneMatch(s -> WRITE.matcher(s.toLowerCase(Locale.ROOT)).matches()),
        "no write of the program reached a replica: " + onReplicas);

    // A second process: the replicas have replayed the migration, and they answer its status.
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
    StatementLog second = StatementLog.mark(cluster);
    String routedSecond = flyway(jdk, Map.of(), "flyway_routed", "info", "validate");
    String plainStatus = plainFirst.substring(plainFirst.indexOf('\n') + 1);
    assertEquals(plainStatus, routedSecond, "info and validate in a second process, as right after migrating without"
        + " the agent");
    assertTrue(second.onReplicas(APPLICATION).stream()
            .anyMatch(s -> s.contains("FROM \"" + SCHEMA + "\".\"flyway_schema_history\"")),
        "the second process read the history table on a replica: " + second.onReplicas(APPLICATION));
  }

  /**
   * Runs the Flyway program's commands; returns its standard output. {@code agent}: null for a run
   * without the agent, else the settings beside {@code LAGLESS_REPLICAS}.
   */
  private static String flyway(Path jdk, Map<String, String> agent, String database, String... commands) {
    ForkedJvm jvm = ForkedJvm.on(jdk).classpath(ThirdPartyPrograms.classpath("flyway"));
    if (agent != null) {
      jvm.withAgent().env("LAGLESS_REPLICAS", ProgramDatabase.replicaList(cluster));
      agent.forEach(jvm::env);
    }
    List<String> arguments = new ArrayList<>(List.of(ProgramDatabase.url(cluster, database, APPLICATION),
        ProgramDatabase.ROLE, ProgramDatabase.PASSWORD, SCHEMA));
    arguments.addAll(List.of(commands));
    ForkedJvm.Result run = jvm.main(MAIN, arguments.toArray(new String[0])).run();
    assertEquals(0, run.exitCode, run::toString);
    return run.stdout;
  }
}
