package dev.lagless.cluster.ha;

import dev.lagless.cluster.DeadOwnerDirs;
import dev.lagless.cluster.Os;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Removes what an HA cluster of a JVM that died without closing it left behind: its directory, and
 * every server still running in it. A SIGKILLed JVM's parent-death signal reaches Patroni, etcd and
 * HAProxy, but not the postmasters, which Patroni detaches; and a Patroni that finds etcd gone may
 * not get to stop its PostgreSQL. So: the pids of the pid files (Patroni, etcd, HAProxy) and of each
 * {@code postmaster.pid}, each killed only if its command line names the dead cluster's directory,
 * then any other process whose command line names it (a pg_rewind, a pg_basebackup); then the shared
 * memory segments the killed postmasters left.
 */
final class HaSweeper {

  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private HaSweeper() {}

  static void sweep(Path base) {
    DeadOwnerDirs.sweep(base, HaCluster.DIR_PREFIX, "[ha-cluster]", HaSweeper::killServersIn);
  }

  /** {@code lagless-ha-<pid>-<random>}. */
  static long ownerPid(String dirName) {
    return DeadOwnerDirs.ownerPid(dirName, HaCluster.DIR_PREFIX);
  }

  /** Kills every server of the cluster in {@code dir}; returns the pids it killed. */
  static List<Long> killServersIn(Path dir) throws IOException {
    // With the separator: lagless-ha-1-23 must not match the processes of lagless-ha-1-234.
    String mark = dir.toString() + "/";
    List<Long> pids = new ArrayList<>();
    List<Path> pidFiles = new ArrayList<>();
    Path pidDir = dir.resolve(HaCluster.PID_DIR);
    if (Files.isDirectory(pidDir)) {
      try (Stream<Path> files = Files.list(pidDir)) {
        files.forEach(pidFiles::add);
      }
    }
    try (Stream<Path> nodes = Files.list(dir)) {
      nodes.forEach(node -> pidFiles.add(node.resolve("data").resolve("postmaster.pid")));
    }
    for (Path pidFile : pidFiles) {
      long pid = Procs.readPidFile(pidFile);
      // Only a process that names this directory: the pid may have been reused since.
      if (Procs.isAliveMentioning(pid, mark)) {
        pids.add(pid);
      }
    }
    for (long pid : Procs.mentioning(mark)) {
      if (!pids.contains(pid)) {
        pids.add(pid);
      }
    }
    List<Long> all = new ArrayList<>(pids);
    for (long pid : pids) {
      all.addAll(Procs.descendants(pid));
    }
    Procs.kill(all);
    if (!Procs.awaitGone(all, KILL_TIMEOUT)) {
      throw new IOException("processes of " + dir + " still alive after SIGKILL: " + all);
    }
    try (Stream<Path> nodes = Files.list(dir)) {
      nodes.forEach(node -> LeftoverSharedMemory.release(node.resolve("data")));
    }
    return all;
  }
}
