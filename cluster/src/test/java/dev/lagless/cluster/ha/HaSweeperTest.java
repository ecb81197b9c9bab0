package dev.lagless.cluster.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a dead JVM's HA cluster left is killed and removed; a live JVM's is left alone. No real cluster needed. */
class HaSweeperTest {

  @Test
  void aDeadJvmsServersAreKilledAndItsDirectoryRemoved(@TempDir Path base) throws Exception {
    Path stale = Files.createDirectories(base.resolve(HaCluster.DIR_PREFIX + deadPid() + "-1"));
    Process server = serverNaming(stale);
    long child = awaitChild(server);
    Files.createDirectories(stale.resolve(HaCluster.PID_DIR));
    Files.writeString(HaCluster.pidFile(stale, "etcd"), server.pid() + "\n");

    HaSweeper.sweep(base);

    assertFalse(Files.exists(stale), "the stale directory is removed");
    assertTrue(Procs.awaitGone(List.of(server.pid(), child), Duration.ofSeconds(10)), "its server and that one's child are killed");
  }

  @Test
  void aLiveJvmsClusterIsLeftAlone(@TempDir Path base) throws Exception {
    Path mine = Files.createDirectories(base.resolve(HaCluster.DIR_PREFIX + ProcessHandle.current().pid() + "-1"));
    Process server = serverNaming(mine);
    try {
      HaSweeper.sweep(base);
      assertTrue(Files.exists(mine));
      assertTrue(server.isAlive());
    } finally {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
    }
  }

  @Test
  void ownerPidIsReadFromTheDirectoryName() {
    assertEquals(1234, HaSweeper.ownerPid("lagless-ha-1234-99887766"));
    assertEquals(-1, HaSweeper.ownerPid("lagless-ha-x-1"));
  }

  /** A stand-in server: a shell whose command line names the directory, with a child that does not. */
  private static Process serverNaming(Path dir) throws Exception {
    // "; true" keeps the shell from exec'ing sleep: the shell stays, naming the directory as its $0.
    return new ProcessBuilder("sh", "-c", "sleep 600; true", dir.resolve("node1").resolve("patroni.yml").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static long awaitChild(Process server) throws Exception {
    return Poll.until(Duration.ofSeconds(10), "the shell's child", () -> server.children().findFirst()
        .map(p -> Poll.Outcome.done(p.pid())).orElse(Poll.Outcome.notYet("no child yet")));
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    return done.pid();
  }
}
