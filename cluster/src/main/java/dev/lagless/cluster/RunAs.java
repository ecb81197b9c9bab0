package dev.lagless.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How server processes are started. PostgreSQL refuses to run as root, so as root every server runs
 * as an unprivileged user ({@code postgres} when it exists, else {@code nobody}) through
 * {@code setpriv}. In every case {@code setpriv --pdeathsig} makes the kernel signal the server when
 * the JVM that started it dies, even by {@code kill -9}: no server outlives its test.
 */
public final class RunAs {

  private static final Path SETPRIV = Os.onPath("setpriv");

  private final String user;

  private RunAs(String user) {
    this.user = user;
  }

  public static RunAs detect() {
    if (Os.euid() != 0) {
      return new RunAs(null);
    }
    return new RunAs(userExists("postgres") ? "postgres" : "nobody");
  }

  private static boolean userExists(String name) {
    try {
      Os.run(List.of("id", "-u", name), 5);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The user servers run as, or {@code null} for this process's own user. */
  public String user() {
    return user;
  }

  /** The command prefixed so it runs as {@link #user()} and dies with this JVM (signal: TERM, INT, QUIT…). */
  public List<String> command(List<String> command, String deathSignal) {
    List<String> full = new ArrayList<>();
    if (SETPRIV != null) {
      full.add(SETPRIV.toString());
      if (user != null) {
        full.add("--reuid=" + user);
        full.add("--regid=" + user);
        full.add("--init-groups");
      }
      if (deathSignal != null) {
        full.add("--pdeathsig");
        full.add("SIG" + deathSignal);
      }
    } else if (user != null) {
      throw new IllegalStateException("running as root needs setpriv (util-linux) to start servers as " + user);
    }
    full.addAll(command);
    return full;
  }

  /** Gives a directory to the server user, so servers can write into it. */
  public void own(Path dir) throws IOException {
    if (user != null) {
      Os.run(List.of("chown", "-R", user + ":", dir.toString()), 60);
    }
  }
}
