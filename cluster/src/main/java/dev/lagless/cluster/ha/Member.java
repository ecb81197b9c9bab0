package dev.lagless.cluster.ha;

import dev.lagless.cluster.Os;
import dev.lagless.cluster.RunAs;
import dev.lagless.cluster.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One Patroni member of an {@link HaCluster}: a Patroni process and the PostgreSQL server it runs.
 * Patroni starts the postmaster detached from itself (its parent becomes init), so the postmaster is
 * found through {@code postmaster.pid} in the data directory, never as a child of anything here.
 */
public final class Member {

  /** Patroni stops its PostgreSQL (fast shutdown) on SIGTERM; more than this and it is killed. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final int pgPort;
  private final int restPort;
  private final Path dir;
  private final Path log;
  private final Path pidFile;
  private final Path patroniBinary;
  private final String superuserPassword;
  private final RunAs runAs;
  private volatile ServerProcess patroni;

  Member(String name, int pgPort, int restPort, Path root, Path patroniBinary, String superuserPassword, RunAs runAs) {
    this.name = name;
    this.pgPort = pgPort;
    this.restPort = restPort;
    this.dir = root.resolve(name);
    this.log = root.resolve(name + ".log");
    this.pidFile = HaCluster.pidFile(root, name + "-patroni");
    this.patroniBinary = patroniBinary;
    this.superuserPassword = superuserPassword;
    this.runAs = runAs;
  }

  public String name() {
    return name;
  }

  /** PostgreSQL's port on 127.0.0.1 (direct, not through HAProxy). */
  public int pgPort() {
    return pgPort;
  }

  /** Patroni's REST API port on 127.0.0.1. */
  public int restPort() {
    return restPort;
  }

  /** {@code 127.0.0.1:REST_PORT}. */
  public String restEndpoint() {
    return "127.0.0.1:" + restPort;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  /** Patroni's log, with the output of the PostgreSQL it started. */
  public Path log() {
    return log;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PG_PORT/DATABASE}: this member directly, whatever its role. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database;
  }

  /** The Patroni process's id, or -1 when it is not running. */
  public long patroniPid() {
    ServerProcess current = patroni;
    return current != null && current.isAlive() ? current.pid() : -1;
  }

  /**
   * The postmaster's id from {@code postmaster.pid}, or -1 when none runs on this data directory (a
   * crash leaves the file behind, so the process is checked, and checked to be this directory's).
   */
  public long postgresPid() {
    long pid = Procs.readPidFile(dataDir().resolve("postmaster.pid"));
    return Procs.isAliveMentioning(pid, dataDir().toString()) ? pid : -1;
  }

  /** Whether this member's Patroni runs (its PostgreSQL may still be starting, or rewinding). */
  public boolean isRunning() {
    return patroniPid() > 0;
  }

  /** A superuser connection to this member's PostgreSQL. */
  public Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", PatroniConfig.SUPERUSER);
    properties.setProperty("password", superuserPassword);
    properties.setProperty("connectTimeout", "2");
    properties.setProperty("socketTimeout", "5");
    properties.setProperty("ApplicationName", "lagless-ha");
    return DriverManager.getConnection(jdbcUrl(database), properties);
  }

  /** Writes {@code patroni.yml} (readable by its owner only: it holds the passwords). */
  void configure(PatroniConfig config) throws IOException {
    Files.createDirectories(dir);
    Path yml = dir.resolve("patroni.yml");
    Files.writeString(yml, config.yaml(name, pgPort, restPort, dataDir(), dir.resolve("pgpass")));
    Files.setPosixFilePermissions(yml, PosixFilePermissions.fromString("rw-------"));
    runAs.own(dir);
  }

  /** Starts Patroni without waiting; it initdb's, clones, rewinds or just starts PostgreSQL as it sees fit. */
  synchronized void launch() throws IOException {
    if (isRunning()) {
      return;
    }
    // SIGTERM when this JVM dies: Patroni then stops its PostgreSQL before it exits.
    patroni = ServerProcess.start(runAs.command(List.of(patroniBinary.toString(),
        dir.resolve("patroni.yml").toString()), "TERM"), log);
    Files.writeString(pidFile, patroni.pid() + "\n");
  }

  /**
   * A machine crash: SIGKILL to Patroni and to the postmaster at once, then waits until both, and
   * every backend of the postmaster, are gone (the backends notice their postmaster's death and exit).
   */
  synchronized void crash() throws IOException {
    List<Long> pids = serverPids();
    List<Long> all = new ArrayList<>(pids);
    for (long pid : pids) {
      all.addAll(Procs.descendants(pid));
    }
    Procs.kill(pids);
    if (!Procs.awaitGone(all, KILL_TIMEOUT)) {
      throw new IOException(name + ": processes still alive " + KILL_TIMEOUT.toSeconds() + " s after SIGKILL: "
          + all);
    }
  }

  /** Stops Patroni, which stops PostgreSQL; kills both if that takes longer than {@link #STOP_TIMEOUT}. */
  synchronized void stop() {
    List<Long> pids = serverPids();
    List<Long> all = new ArrayList<>(pids);
    for (long pid : pids) {
      all.addAll(Procs.descendants(pid));
    }
    ServerProcess current = patroni;
    if (current != null && current.isAlive()) {
      try {
        current.signal("TERM");
      } catch (IOException e) {
        // killed below
      }
    } else {
      long postmaster = postgresPid();
      if (postmaster > 0) {
        // No Patroni to stop it (it was killed): a fast shutdown (SIGINT) of the postmaster directly.
        try {
          Os.run(List.of("kill", "-INT", Long.toString(postmaster)), 10);
        } catch (IOException e) {
          // killed below
        }
      }
    }
    if (!Procs.awaitGone(all, STOP_TIMEOUT)) {
      System.err.println("[ha-cluster] " + name + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s; killing "
          + all);
      Procs.kill(all);
      Procs.awaitGone(all, KILL_TIMEOUT);
    }
  }

  /** Patroni's pid and the postmaster's, those that are alive; Patroni first, so it is killed first. */
  private List<Long> serverPids() {
    List<Long> pids = new ArrayList<>();
    long patroniPid = patroniPid();
    long postmaster = postgresPid();
    if (patroniPid > 0) {
      pids.add(patroniPid);
    }
    if (postmaster > 0) {
      pids.add(postmaster);
    }
    return pids;
  }

  @Override
  public String toString() {
    return name + " (postgres 127.0.0.1:" + pgPort + ", rest " + restEndpoint() + ")";
  }
}
