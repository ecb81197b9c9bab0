package dev.lagless.cluster.ha;

import dev.lagless.cluster.Os;
import dev.lagless.cluster.RunAs;
import dev.lagless.cluster.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * HAProxy in front of the members, as production setups put it: one TCP listener that sends clients
 * to whichever member answers Patroni's {@code GET /primary} with 200 (the leader only), one that
 * spreads them over the members answering {@code GET /replica}. Checks every 200 ms, a server is down
 * after 2 failed checks and up after 1 good one, and {@code on-marked-down shutdown-sessions} cuts
 * the sessions of a server that went down, so no client keeps talking to a demoted leader.
 */
final class HaProxy {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Path binary;
  private final Path config;
  private final Path log;
  private final Path pidFile;
  private final int primaryPort;
  private final int replicaPort;
  private final RunAs runAs;
  private volatile ServerProcess process;

  HaProxy(Path binary, Path root, int primaryPort, int replicaPort, RunAs runAs) {
    this.binary = binary;
    this.config = root.resolve("haproxy.cfg");
    this.log = root.resolve("haproxy.log");
    this.pidFile = HaCluster.pidFile(root, "haproxy");
    this.primaryPort = primaryPort;
    this.replicaPort = replicaPort;
    this.runAs = runAs;
  }

  int primaryPort() {
    return primaryPort;
  }

  int replicaPort() {
    return replicaPort;
  }

  long pid() {
    ServerProcess current = process;
    return current != null && current.isAlive() ? current.pid() : -1;
  }

  void start(List<Member> members) throws IOException {
    StringBuilder cfg = new StringBuilder()
        .append("global\n")
        // Ample for tests, and within the 1024 open files an unprivileged HAProxy may be limited to.
        .append("    maxconn 256\n")
        .append("defaults\n")
        .append("    mode tcp\n")
        .append("    timeout connect 1s\n")
        // Idle JDBC connections through the proxy must not be cut by it.
        .append("    timeout client 1h\n")
        .append("    timeout server 1h\n")
        .append("    timeout check 1s\n")
        .append("    default-server inter 200ms fall 2 rise 1 on-marked-down shutdown-sessions\n");
    listener(cfg, "primary", primaryPort, "/primary", "first", members);
    listener(cfg, "replicas", replicaPort, "/replica", "roundrobin", members);
    Files.writeString(config, cfg.toString());
    // -db: stay in the foreground, one process, state changes of servers on stderr (into the log).
    process = ServerProcess.start(runAs.command(List.of(binary.toString(), "-db", "-f", config.toString()), "TERM"),
        log);
    Files.writeString(pidFile, process.pid() + "\n");
    Poll.until(START_TIMEOUT, "HAProxy to listen on " + primaryPort + " and " + replicaPort, () -> {
      if (!process.isAlive()) {
        throw new Poll.GiveUp("haproxy exited; its log ends with:\n" + Os.tail(log, 20));
      }
      return listening(primaryPort) && listening(replicaPort)
          ? Poll.Outcome.done(Boolean.TRUE) : Poll.Outcome.notYet("not listening yet");
    });
  }

  private static void listener(StringBuilder cfg, String name, int port, String check, String balance,
      List<Member> members) {
    cfg.append("listen ").append(name).append('\n')
        .append("    bind 127.0.0.1:").append(port).append('\n')
        .append("    balance ").append(balance).append('\n')
        .append("    option httpchk GET ").append(check).append('\n')
        .append("    http-check expect status 200\n");
    for (Member member : members) {
      cfg.append("    server ").append(member.name()).append(" 127.0.0.1:").append(member.pgPort())
          .append(" check port ").append(member.restPort()).append('\n');
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM (HAProxy's hard stop: it closes every session at once), then SIGKILL if needed. */
  void stop() {
    ServerProcess current = process;
    if (current != null) {
      current.terminate(STOP_TIMEOUT);
    }
  }
}
