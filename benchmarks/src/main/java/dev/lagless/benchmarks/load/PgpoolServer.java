package dev.lagless.benchmarks.load;

import dev.lagless.cluster.FreePorts;
import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pgpool-II in front of a local cluster, configured as the benchmarks issue asks: streaming-replication
 * mode, {@code load_balance_mode = on}, {@code statement_level_load_balance = on}, the primary's weight 0
 * (reads only on the replicas), everything else at Pgpool's defaults. It listens on a free port of
 * 127.0.0.1 (PCP on a Unix socket only) and keeps all its files in a directory under the cluster's,
 * deleted with the cluster (or by the next run's sweep, if this JVM dies). Clients authenticate with
 * SCRAM against the application user, whose password Pgpool needs in {@code pool_passwd} to log in to
 * the backends (a file readable by its owner only).
 */
final class PgpoolServer implements AutoCloseable {

  /** Where Debian's {@code pgpool2} package installs it. */
  static final Path BINARY = Paths.get("/usr/sbin/pgpool");

  private final Path dir;
  private final int port;
  private final Process process;

  private PgpoolServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** The installed Pgpool-II's version ("4.3.5"), for the report; "?" if it cannot tell. */
  static String version() {
    try {
      Process process = new ProcessBuilder(BINARY.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      java.util.regex.Matcher version = java.util.regex.Pattern.compile("version (\\S+)").matcher(out);
      return version.find() ? version.group(1) : "?";
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  static PgpoolServer start(LocalCluster cluster, int maxClients) throws IOException, InterruptedException {
    Path dir = Files.createDirectory(cluster.root().resolve("pgpool"));
    int port = FreePorts.next();
    StringBuilder conf = new StringBuilder()
        .append("backend_clustering_mode = 'streaming_replication'\n")
        .append("listen_addresses = '127.0.0.1'\n")
        .append("port = ").append(port).append('\n')
        .append("unix_socket_directories = '").append(dir).append("'\n")
        .append("pcp_listen_addresses = ''\n")
        .append("pcp_socket_dir = '").append(dir).append("'\n")
        .append("pid_file_name = '").append(dir.resolve("pgpool.pid")).append("'\n")
        .append("logdir = '").append(dir).append("'\n")
        // One child per client connection: the pools of the largest run must all get one.
        .append("num_init_children = ").append(Math.max(32, maxClients)).append('\n')
        .append("load_balance_mode = on\n")
        .append("statement_level_load_balance = on\n")
        .append("sr_check_user = '").append(cluster.appUser()).append("'\n")
        .append("sr_check_password = ''\n")
        .append("enable_pool_hba = on\n")
        .append("pool_passwd = 'pool_passwd'\n");
    List<PostgresNode> backends = new java.util.ArrayList<>();
    backends.add(cluster.primary());
    backends.addAll(cluster.replicas());
    for (int i = 0; i < backends.size(); i++) {
      conf.append("backend_hostname").append(i).append(" = '127.0.0.1'\n")
          .append("backend_port").append(i).append(" = ").append(backends.get(i).port()).append('\n')
          .append("backend_weight").append(i).append(" = ").append(i == 0 ? 0 : 1).append('\n')
          .append("backend_flag").append(i).append(" = 'ALLOW_TO_FAILOVER'\n");
    }
    Files.writeString(dir.resolve("pgpool.conf"), conf);
    Files.writeString(dir.resolve("pool_hba.conf"), "host all all 127.0.0.1/32 scram-sha-256\n");
    Path passwords = dir.resolve("pool_passwd");
    Files.createFile(passwords, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    // "TEXT" marks a clear-text password: Pgpool needs it to answer the backends' SCRAM challenge.
    Files.writeString(passwords, cluster.appUser() + ":TEXT" + cluster.appPassword() + "\n");
    Files.writeString(dir.resolve("pcp.conf"), "");
    ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "-n", "-D", "-f", dir.resolve("pgpool.conf")
        .toString(), "-a", dir.resolve("pool_hba.conf").toString(), "-F", dir.resolve("pcp.conf").toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("pgpool.log").toFile());
    PgpoolServer server = new PgpoolServer(dir, port, builder.start());
    try {
      server.awaitReady(cluster, backends.size(), Duration.ofSeconds(30));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Ready when a client gets in and Pgpool sees every backend up, the primary as primary. */
  private void awaitReady(LocalCluster cluster, int backends, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no attempt";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("pgpool exited with " + process.exitValue() + ": " + log());
      }
      // Pgpool answers SHOW pool_nodes itself only in the simple query protocol.
      try (Connection c = DriverManager.getConnection(jdbcUrl(cluster.database()) + "?preferQueryMode=simple",
          cluster.appUser(), cluster.appPassword()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW pool_nodes")) {
        int up = 0;
        boolean primaryKnown = false;
        while (rs.next()) {
          up += "up".equals(rs.getString("status")) ? 1 : 0;
          primaryKnown |= "primary".equals(rs.getString("role"))
              && Integer.parseInt(rs.getString("port")) == cluster.primary().port();
        }
        if (up == backends && primaryKnown) {
          return;
        }
        last = up + " of " + backends + " backends up, primary known: " + primaryKnown;
      } catch (SQLException e) {
        last = e.getMessage();
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    throw new IOException("pgpool not ready after " + timeout + " (" + last + "): " + log());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("pgpool.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      // SIGTERM is Pgpool's smart shutdown; the workers are gone by now, so it does not wait for clients.
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
