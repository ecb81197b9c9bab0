package dev.lagless.cluster.ha;

import dev.lagless.cluster.Os;
import dev.lagless.cluster.RunAs;
import dev.lagless.cluster.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The one-member etcd that Patroni keeps its leader key in. Patroni talks to it over the v3 API
 * ({@code etcd3:} in its configuration), which etcd 3.4 serves by default: no {@code --enable-v2}.
 */
final class Etcd {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Path binary;
  private final Path dataDir;
  private final Path log;
  private final Path pidFile;
  private final int clientPort;
  private final int peerPort;
  private final RunAs runAs;
  private final Rest rest;
  private volatile ServerProcess process;

  Etcd(Path binary, Path root, int clientPort, int peerPort, RunAs runAs, Rest rest) {
    this.binary = binary;
    this.dataDir = root.resolve("etcd");
    this.log = root.resolve("etcd.log");
    this.pidFile = HaCluster.pidFile(root, "etcd");
    this.clientPort = clientPort;
    this.peerPort = peerPort;
    this.runAs = runAs;
    this.rest = rest;
  }

  /** {@code 127.0.0.1:PORT}, the client endpoint. */
  String endpoint() {
    return "127.0.0.1:" + clientPort;
  }

  long pid() {
    ServerProcess current = process;
    return current != null && current.isAlive() ? current.pid() : -1;
  }

  void start() throws IOException {
    String client = "http://" + endpoint();
    String peer = "http://127.0.0.1:" + peerPort;
    process = ServerProcess.start(runAs.command(List.of(binary.toString(),
        "--name", "etcd",
        "--data-dir", dataDir.toString(),
        "--listen-client-urls", client,
        "--advertise-client-urls", client,
        "--listen-peer-urls", peer,
        "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "etcd=" + peer,
        "--initial-cluster-state", "new",
        // A token of its own: no stray etcd of another run could ever join this one.
        "--initial-cluster-token", dataDir.getParent().getFileName().toString(),
        "--logger", "zap",
        "--log-level", "warn"), "TERM"), log);
    Files.writeString(pidFile, process.pid() + "\n");
    Poll.until(START_TIMEOUT, "etcd on " + endpoint() + " to be healthy", () -> {
      if (!process.isAlive()) {
        throw new Poll.GiveUp("etcd exited; its log ends with:\n" + Os.tail(log, 20));
      }
      Rest.Answer health = rest.get(endpoint(), "/health");
      return health.status == 200 && health.body.contains("\"true\"")
          ? Poll.Outcome.done(Boolean.TRUE) : Poll.Outcome.notYet(health.status + " " + health.body);
    });
  }

  /** SIGTERM, then SIGKILL if it does not exit in time. */
  void stop() {
    ServerProcess current = process;
    if (current != null) {
      current.terminate(STOP_TIMEOUT);
    }
  }
}
