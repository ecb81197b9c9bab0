package dev.lagless.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A PgBouncer (Debian {@code pgbouncer}) in front of one server of a {@link LocalCluster}, on a free
 * port of 127.0.0.1, serving the cluster's database to its application user. Its files live under the
 * cluster's directory (deleted with it); it runs as the servers' user and dies with this JVM.
 */
public final class PgBouncer implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/sbin/pgbouncer");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final int port;
  private final ServerProcess process;

  private PgBouncer(int port, ServerProcess process) {
    this.port = port;
    this.process = process;
  }

  /** Whether this machine has PgBouncer. */
  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Starts one in front of {@code server} with {@code poolMode} ({@code session}, {@code transaction},
   * {@code statement}) and returns once it accepts the application's login.
   */
  public static PgBouncer inFront(LocalCluster cluster, PostgresNode server, String poolMode) throws IOException {
    if (!installed()) {
      throw new IOException("PgBouncer is not installed at " + BINARY + " (Debian package pgbouncer)");
    }
    int port = FreePorts.next();
    Path dir = cluster.root().resolve("pgbouncer-" + port);
    Files.createDirectories(dir);
    // A plain-text password in the auth file serves SCRAM towards the client and the server alike.
    Files.writeString(dir.resolve("userlist.txt"), quoted(cluster.appUser()) + " " + quoted(cluster.appPassword()) + "\n");
    Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
        "[databases]",
        cluster.database() + " = host=127.0.0.1 port=" + server.port() + " dbname=" + cluster.database(),
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        "listen_port = " + port,
        "unix_socket_dir =",
        "auth_type = scram-sha-256",
        "auth_file = " + dir.resolve("userlist.txt"),
        "pool_mode = " + poolMode,
        "max_client_conn = 500",
        "default_pool_size = 20",
        // pgjdbc sends extra_float_digits at login, which PgBouncer does not track.
        "ignore_startup_parameters = extra_float_digits",
        "pidfile = " + dir.resolve("pgbouncer.pid"),
        ""));
    RunAs runAs = RunAs.detect();
    runAs.own(dir);
    Path log = dir.resolve("pgbouncer.log");
    ServerProcess process = ServerProcess.start(
        runAs.command(List.of(BINARY.toString(), dir.resolve("pgbouncer.ini").toString()), "TERM"), log);
    PgBouncer bouncer = new PgBouncer(port, process);
    bouncer.awaitLogin(cluster);
    return bouncer;
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }

  private void awaitLogin(LocalCluster cluster) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("pgbouncer exited at start:\n" + Os.tail(process.log(), 20));
      }
      try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl(cluster.database()), cluster.appUser(),
          cluster.appPassword())) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      PostgresNode.pause(Duration.ofMillis(50));
    }
    close();
    throw new IOException("pgbouncer on port " + port + " did not accept a login within " + START_TIMEOUT
        + ": " + (last == null ? "" : last.getMessage()) + "\n" + Os.tail(process.log(), 20));
  }

  public int port() {
    return port;
  }

  /** A URL through this PgBouncer; {@code prepareThreshold=0}, as pgjdbc needs behind transaction pooling. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.terminate(STOP_TIMEOUT); // TERM is PgBouncer's immediate shutdown (INT would wait for every client)
  }
}
