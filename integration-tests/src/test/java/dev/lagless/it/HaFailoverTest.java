package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.ha.HaCluster;
import dev.lagless.cluster.ha.Member;
import dev.lagless.it.apps.FailoverLoadApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover under load, the way production runs PostgreSQL: etcd, three Patroni members, HAProxy. The
 * application connects to HAProxy's primary port and knows nothing of Lagless; the agent finds the
 * replicas from Patroni ({@code LAGLESS_REPLICAS=patroni://…} of every member). While four sessions
 * write and read back their rows: a planned switchover, a crash of the leader (kill -9 of Patroni and
 * PostgreSQL), the old leader rejoining. After each, reads flow again from the nodes that follow the
 * new primary. At the end: no read served by a replica on an older timeline than the session's last
 * write; no read missed a row that was acknowledged and survived (the final primary has it); writes
 * and reads failed only with the errors a failover causes without the agent (connection lost, server
 * shutting down, read-only while demoted); no acknowledged write lost except in the crash's last moment
 * (replication is asynchronous: the database's behaviour, not the agent's).
 */
class HaFailoverTest {

  private static final Duration STEP = Duration.ofSeconds(90);
  private static final Pattern TICK_PORT = Pattern.compile("(-?\\d+):(\\d+)");
  private static HaCluster ha;

  @BeforeAll
  static void start() throws Exception {
    // ttl 5 s: a crashed leader is replaced in about 5 s (Patroni's default 30 s would only slow the test).
    ha = HaCluster.builder().timings(5, 1, 2).start();
    try (Connection c = ha.leader().connect(ha.database()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE checks (session int, seq int, v text, PRIMARY KEY (session, seq))");
      s.execute("GRANT ALL ON checks TO " + ha.appUser());
      // As docs/operations.md advises: lets the agent see the timeline each replica streams.
      s.execute("GRANT pg_read_all_stats TO " + ha.appUser());
    }
    ha.awaitReplicasCaughtUp(STEP);
  }

  @AfterAll
  static void stop() {
    if (ha != null) {
      ha.close();
    }
  }

  @Test
  void switchoverCrashAndRejoinUnderLoad(@TempDir Path dir) throws Exception {
    Path stop = dir.resolve("stop");
    Path ackedFile = dir.resolve("acked");
    String patroni = ha.members().stream().map(m -> "patroni://" + m.restEndpoint()).collect(Collectors.joining(","));
    ForkedJvm.Running app = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("LAGLESS_REPLICAS", patroni)
        // Timeouts as a service sets them, so that a connection HAProxy leaves hanging fails instead of blocking.
        .main(FailoverLoadApp.class, ha.primaryJdbcUrl() + "?connectTimeout=5&loginTimeout=10&socketTimeout=30", ha.appUser(), ha.appPassword(), "4", stop.toString(),
            ackedFile.toString())
        .start();
    long crashedAtMillis;
    try {
      int at = awaitReadsOnEveryReplica(app, 0);

      String first = ha.leaderName();
      String candidate = replicaNames().get(0);
      ha.switchover(candidate);
      ha.awaitHealthy(STEP); // the old leader follows the new one
      at = awaitReadsOnEveryReplica(app, at);

      Member leader = ha.leader();
      crashedAtMillis = System.currentTimeMillis();
      String next = ha.crash(leader);
      ha.awaitPrimaryRoutedTo(next, STEP);
      at = awaitReadsOnEveryReplica(app, at);

      ha.restart(leader);
      ha.awaitHealthy(STEP);
      at = awaitReadsOnEveryReplica(app, at);
      System.out.println("[ha] leaders " + first + " -> " + candidate + " -> (crash) " + next + "; "
          + leader.name() + " rejoined");
    } finally {
      if (!Files.exists(stop)) {
        Files.createFile(stop);
      }
      try {
        app.waitFor(STEP); // ends it by force if it does not end: never outlive the test, whatever failed
      } catch (AssertionError forced) {
        // reported below, unless the test already failed for a reason of its own
      }
    }
    assertEquals(0, app.waitFor(STEP), app::stderr);
    List<String> lines = app.lines();
    String output = String.join("\n", lines.stream().filter(l -> !l.startsWith("tick")).collect(Collectors.toList()))
        + "\n" + app.stderr();

    assertTrue(lines.stream().noneMatch(l -> l.startsWith("old-timeline")), "reads on an older timeline:\n" + output);

    List<String> stale = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    List<String> lostBeforeCrash = new ArrayList<>();
    try (Connection c = ha.leader().connect(ha.database());
        PreparedStatement find = c.prepareStatement("SELECT 1 FROM checks WHERE session = ? AND seq = ?")) {
      for (String line : lines) {
        if (line.startsWith("miss ")) {
          String[] parts = line.split("[ =]");
          if (present(find, Integer.parseInt(parts[2]), Integer.parseInt(parts[4]))) {
            stale.add(line); // it survived, yet a read after its acknowledgement did not see it
          }
        }
      }
      for (String line : Files.readAllLines(ackedFile)) {
        String[] parts = line.split(" ");
        if (!present(find, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]))) {
          lost.add(line);
          if (Long.parseLong(parts[2]) < crashedAtMillis - 1_000) {
            lostBeforeCrash.add(line);
          }
        }
      }
    }
    assertEquals(List.of(), stale, "stale reads of acknowledged writes that survived:\n" + output);
    assertEquals(List.of(), lostBeforeCrash, "acknowledged writes lost long before the crash (or in the switchover)");

    // The errors a failover causes without the agent: connection failures (08…), the server shutting down
    // or starting (57P…), a demoted server refusing a write (25006). Nothing of Lagless's own making.
    TreeMap<String, Integer> errors = new TreeMap<>();
    for (String line : lines) {
      if (line.startsWith("error ")) {
        String[] parts = line.split(" ", 4);
        errors.merge(parts[1] + " " + parts[2], 1, Integer::sum);
        String state = parts[2];
        assertTrue(state.startsWith("08") || state.startsWith("57P") || state.equals("25006"),
            "an error a failover does not cause: " + line + "\n" + output);
      }
    }
    String total = lines.get(lines.size() - 1);
    System.out.println("[ha] " + total + "; errors by kind " + errors + "; acknowledged writes lost in the crash: "
        + lost.size());
    assertTrue(app.stderr().contains("[lagless] patroni: leader"), "the agent followed Patroni:\n" + app.stderr());

    // doctor, given the same settings, finds the same replicas through Patroni and checks each of them.
    ForkedJvm.Result doctor = ForkedJvm.on(ForkedJvm.jdks().get(0)).env("LAGLESS_REPLICAS", patroni)
        .env("PGPASSWORD", ha.appPassword())
        .jar(ForkedJvm.agentJar(), "doctor", "--url", ha.primaryJdbcUrl(), "--user", ha.appUser()).run();
    assertEquals(0, doctor.exitCode, doctor.stdout + doctor.stderr);
    assertTrue(doctor.stdout.contains("Patroni names 2 member(s) that may serve reads"), doctor.stdout);
    assertTrue(doctor.stdout.contains("after a failover, reads come back as soon as it streams the new timeline"),
        doctor.stdout);
  }

  private static boolean present(PreparedStatement find, int session, int seq) throws Exception {
    find.setInt(1, session);
    find.setInt(2, seq);
    try (ResultSet rs = find.executeQuery()) {
      return rs.next();
    }
  }

  private static List<String> replicaNames() throws Exception {
    String leader = ha.leaderName();
    return ha.members().stream().map(Member::name).filter(name -> !name.equals(leader)).collect(Collectors.toList());
  }

  /** Waits for a tick in which every running member other than the leader served reads (as a replica). */
  private static int awaitReadsOnEveryReplica(ForkedJvm.Running app, int from) throws Exception {
    String leader = ha.leaderName();
    Set<Integer> wanted = new HashSet<>();
    for (Member member : ha.members()) {
      if (!member.name().equals(leader) && member.isRunning()) {
        wanted.add(member.pgPort());
      }
    }
    return app.awaitLine(from, line -> line.startsWith("tick") && replicaPorts(line).containsAll(wanted), STEP);
  }

  /** The ports a tick line reports reads on, from servers in recovery (positive; a primary's are negative). */
  private static Set<Integer> replicaPorts(String tick) {
    Set<Integer> ports = new HashSet<>();
    Matcher m = TICK_PORT.matcher(tick.substring(tick.indexOf("ports=") + 6, tick.indexOf(" writes=")));
    while (m.find()) {
      int port = Integer.parseInt(m.group(1));
      if (port > 0) {
        ports.add(port);
      }
    }
    return ports;
  }
}
