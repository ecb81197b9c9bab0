package dev.lagless.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The directories {@code <prefix><pid>-<random>} under a base directory whose owning JVM (the pid in
 * the name) is gone: what a test JVM killed without a chance to clean up leaves behind. Each is handed
 * to a cleaner that stops its servers, then deleted.
 */
public final class DeadOwnerDirs {

  /** Stops whatever still runs in a dead owner's directory. */
  public interface ServerKiller {
    void killServersIn(Path dir) throws IOException;
  }

  private DeadOwnerDirs() {}

  /** Cleans every directory of {@code base} named {@code prefix<pid>-…} whose pid is not alive. */
  public static void sweep(Path base, String prefix, String label, ServerKiller killer) {
    List<Path> candidates;
    try (Stream<Path> list = Files.list(base)) {
      candidates = list.filter(p -> p.getFileName().toString().startsWith(prefix)).collect(Collectors.toList());
    } catch (IOException e) {
      return;
    }
    for (Path dir : candidates) {
      long owner = ownerPid(dir.getFileName().toString(), prefix);
      if (owner <= 0 || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      try {
        killer.killServersIn(dir);
        Os.deleteRecursively(dir);
      } catch (IOException e) {
        System.err.println(label + " could not remove stale " + dir + ": " + e.getMessage());
      }
    }
  }

  /** The pid in {@code <prefix><pid>-<random>}; -1 when there is none. */
  public static long ownerPid(String dirName, String prefix) {
    String rest = dirName.substring(prefix.length());
    int dash = rest.indexOf('-');
    try {
      return Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
