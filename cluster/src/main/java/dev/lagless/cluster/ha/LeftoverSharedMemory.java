package dev.lagless.cluster.ha;

import dev.lagless.cluster.Os;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The System V shared memory segment of a postmaster that was killed. A postmaster that exits
 * normally removes its small interlock segment; one killed with SIGKILL leaves it, and only a server
 * started again on the same data directory would reclaim it (its key and id are in
 * {@code postmaster.pid}). A crashed member that is never restarted, or a data directory deleted after
 * a crash, would leak one segment a time until the machine's limit: so it is removed here, once it is
 * certainly the dead postmaster's own (same key, same id, created by that pid, nobody attached).
 *
 * <p>The dynamic shared memory segments are no concern: the members use
 * {@code dynamic_shared_memory_type = mmap}, files in the data directory, deleted with it (the default,
 * posix, would leave {@code /dev/shm/PostgreSQL.*} files behind a killed server).
 */
final class LeftoverSharedMemory {

  private LeftoverSharedMemory() {}

  /** Removes the segment a killed postmaster of {@code dataDir} left, if any. */
  static void release(Path dataDir) {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      if (lines.size() < 7) {
        return;
      }
      long pid = Long.parseLong(lines.get(0).trim());
      String[] keyAndId = lines.get(6).trim().split("\\s+");
      if (Procs.isAlive(pid) || keyAndId.length != 2) {
        return;
      }
      String key = keyAndId[0];
      String id = keyAndId[1];
      // /proc/sysvipc/shm: key shmid perms size cpid lpid nattch ...
      for (String row : Files.readAllLines(Paths.get("/proc/sysvipc/shm"))) {
        String[] f = row.trim().split("\\s+");
        if (f.length > 6 && f[0].equals(key) && f[1].equals(id) && f[4].equals(Long.toString(pid))
            && f[6].equals("0")) {
          Os.run(List.of("ipcrm", "-m", id), 10);
        }
      }
    } catch (IOException | RuntimeException e) {
      // no pid file (a clean shutdown removes it), no segment, or no /proc: nothing to release
    }
  }
}
