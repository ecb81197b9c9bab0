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
    DeadOwnerDirs.sweep(tempDir, LocalCluster.DIR_PREFIX, "[local-cluster]", StaleClusterSweeper::killServersIn);
  }

  /** {@code lagless-cluster-<pid>-<random>}. */
  static long ownerPid(String dirName) {
    return DeadOwnerDirs.ownerPid(dirName, LocalCluster.DIR_PREFIX);
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
