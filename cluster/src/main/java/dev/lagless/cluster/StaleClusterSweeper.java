package dev.lagless.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Removes what a JVM killed without a chance to clean up left behind: the directories of clusters
 * whose owning process is gone, and any server still running in them (the parent-death signal
 * normally stops those first; this is the second line).
 */
final class StaleClusterSweeper {

  private StaleClusterSweeper() {}

  static void sweep(Path tempDir) {
    List<Path> candidates;
    try (Stream<Path> list = Files.list(tempDir)) {
      candidates = list.filter(p -> p.getFileName().toString().startsWith(LocalCluster.DIR_PREFIX))
          .collect(Collectors.toList());
    } catch (IOException e) {
      return;
    }
    for (Path dir : candidates) {
      long owner = ownerPid(dir.getFileName().toString());
      if (owner <= 0 || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      try {
        killServersIn(dir);
        Os.deleteRecursively(dir);
      } catch (IOException e) {
        System.err.println("[local-cluster] could not remove stale " + dir + ": " + e.getMessage());
      }
    }
  }

  /** {@code lagless-cluster-<pid>-<random>}. */
  static long ownerPid(String dirName) {
    String rest = dirName.substring(LocalCluster.DIR_PREFIX.length());
    int dash = rest.indexOf('-');
    try {
      return Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void killServersIn(Path dir) throws IOException {
    try (Stream<Path> nodes = Files.list(dir)) {
      for (Path node : nodes.collect(Collectors.toList())) {
        killPidFile(node.resolve("postmaster.pid"), "postgres");
        killPidFile(node.resolve("redis.pid"), "redis");
      }
    }
  }

  private static void killPidFile(Path pidFile, String expectedCommand) {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      // Only a process that is what the pid file says: pids are reused.
      if (process.isPresent() && process.get().info().command().map(c -> c.contains(expectedCommand)).orElse(false)) {
        process.get().descendants().forEach(ProcessHandle::destroyForcibly);
        process.get().destroyForcibly();
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }
}
