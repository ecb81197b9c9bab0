package dev.lagless.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No server outlives the JVM that started it, however that JVM ends. */
class CleanupTest {

  @Test
  void aJvmThatExitsWithoutClosingItsClusterStopsEveryServerOnTheWayOut() throws Exception {
    Process jvm = fork("exit");
    Started started = readUntilReady(jvm);
    assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the holder JVM exits");
    for (long pid : started.pids) {
      assertFalse(alive(pid), "server " + pid + " outlived its JVM");
    }
    assertFalse(Files.exists(started.root), started.root + " removed by the shutdown hook");
  }

  @Test
  void aJvmKilledWithSigkillTakesItsServersWithItAndTheNextStartSweepsItsDirectory() throws Exception {
    Process jvm = fork("hold");
    Started started = readUntilReady(jvm);
    jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
    for (long pid : started.pids) {
      // The kernel's parent-death signal stops each server; allow it time to shut down.
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
      assertFalse(alive(pid), "server " + pid + " outlived a SIGKILLed JVM");
    }
    assertTrue(Files.exists(started.root), "nothing could clean up after SIGKILL");
    StaleClusterSweeper.sweep(started.root.getParent());
    assertFalse(Files.exists(started.root), "the sweep removes the directory of a dead JVM");
  }

  @Test
  void theSweepLeavesClustersOfLiveJvmsAlone() throws Exception {
    try (LocalCluster mine = LocalCluster.builder().replicas(0).start()) {
      StaleClusterSweeper.sweep(mine.root().getParent());
      assertTrue(Files.exists(mine.root()));
      assertTrue(mine.primary().isRunning());
    }
  }

  @Test
  void ownerPidIsReadFromTheDirectoryName() {
    assertEquals(1234, StaleClusterSweeper.ownerPid("lagless-cluster-1234-99887766"));
    assertEquals(-1, StaleClusterSweeper.ownerPid("lagless-cluster-x-1"));
  }

  private static Process fork(String mode) throws IOException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ClusterHolder.class.getName(), mode)
        .redirectErrorStream(true)
        .start();
  }

  private static Started readUntilReady(Process jvm) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    Started started = new Started();
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith("ROOT ")) {
        started.root = Paths.get(line.substring(5));
      } else if (line.startsWith("PID ")) {
        started.pids.add(Long.parseLong(line.substring(4)));
      } else if (line.equals("READY")) {
        assertEquals(3, started.pids.size());
        // Keep draining output so the child never blocks on a full pipe.
        Thread drain = new Thread(() -> {
          try {
            out.transferTo(java.io.Writer.nullWriter());
          } catch (IOException ignored) {
            // child gone
          }
        });
        drain.setDaemon(true);
        drain.start();
        return started;
      }
    }
    throw new AssertionError("the holder JVM ended before READY:\n" + seen);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static final class Started {
    Path root;
    final List<Long> pids = new ArrayList<>();
  }
}
