package dev.lagless.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A real PostgreSQL primary with N streaming replicas, and optionally a Redis server, on 127.0.0.1
 * with free ports, in a temporary directory.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.builder().replicas(2).redis(true).start()) {
 *   cluster.primary().jdbcUrl(cluster.database());
 * }
 * }</pre>
 *
 * <p>How it is built, fast and with only {@code initdb} and {@code postgres}: initdb the primary, copy
 * its (cleanly shut down, never started) data directory once per replica — the same system identifier
 * and timeline, which is all a standby needs — add {@code standby.signal} and {@code primary_conninfo}
 * to each copy, then start every server at once. The cluster gets an application role with a password
 * (so credentials are exercised as in production) and its own database, and {@link #start()} returns
 * only when every replica has replayed the setup.
 *
 * <p>No server outlives the JVM: servers get a parent-death signal ({@link RunAs}), a shutdown hook
 * closes every open cluster, and each start removes the directories of clusters whose JVM is gone.
 */
public final class LocalCluster implements AutoCloseable {

  /** The name prefix of every cluster directory, also what the stale sweep looks for. */
  static final String DIR_PREFIX = "lagless-cluster-";

  private final Path root;
  private final PostgresNode primary;
  private final List<PostgresNode> replicas;
  private final RedisNode redis;
  private final String appUser;
  private final String appPassword;
  private final String database;
  private final PostgresBinaries binaries;
  private volatile Duration startupTime;
  private volatile boolean closed;

  private LocalCluster(Path root, PostgresNode primary, List<PostgresNode> replicas, RedisNode redis, String appUser,
      String appPassword, String database, PostgresBinaries binaries) {
    this.root = root;
    this.primary = primary;
    this.replicas = Collections.unmodifiableList(replicas);
    this.redis = redis;
    this.appUser = appUser;
    this.appPassword = appPassword;
    this.database = database;
    this.binaries = binaries;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The node that was created as the primary (after a promotion, check {@link PostgresNode#role()}). */
  public PostgresNode primary() {
    return primary;
  }

  public List<PostgresNode> replicas() {
    return replicas;
  }

  public PostgresNode replica(int index) {
    return replicas.get(index);
  }

  /** The Redis server; throws when the cluster was built without one. */
  public RedisNode redis() {
    if (redis == null) {
      throw new IllegalStateException("this cluster was started without Redis: use builder().redis(true)");
    }
    return redis;
  }

  /** The application's database. */
  public String database() {
    return database;
  }

  /** An ordinary login role (not a superuser) that owns {@link #database()}. */
  public String appUser() {
    return appUser;
  }

  /** The application role's password, random per cluster. */
  public String appPassword() {
    return appPassword;
  }

  /** The PostgreSQL binaries every node runs: {@code binaries().majorVersion()} is 13 to 18. */
  public PostgresBinaries binaries() {
    return binaries;
  }

  public Path root() {
    return root;
  }

  /** From the call to {@code start()} to every replica having replayed the setup. */
  public Duration startupTime() {
    return startupTime;
  }

  /**
   * Waits until every running replica has replayed everything the primary has written so far: a
   * known state to start a check from.
   */
  /**
   * Runs statements on the primary as the application's user (so the objects are the application's),
   * then waits until every running replica has replayed them: test data every node agrees on.
   */
  public void setUpAsApp(String... statements) throws IOException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(primary.jdbcUrl(database()), appUser(),
        appPassword()); java.sql.Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (java.sql.SQLException e) {
      throw new IOException("could not set up the test data: " + e.getMessage(), e);
    }
    awaitReplicasCaughtUp(Duration.ofSeconds(10));
  }

  public void awaitReplicasCaughtUp(Duration timeout) throws IOException {
    long target = primary.currentLsn();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (PostgresNode replica : replicas) {
      if (!replica.isRunning() || replica.role() != PostgresNode.Role.REPLICA) {
        continue;
      }
      while (Long.compareUnsigned(replica.replayLsn(), target) < 0) {
        if (System.nanoTime() > deadline) {
          throw new IOException(replica.name() + " did not reach " + Lsn.format(target) + " within "
              + timeout.toMillis() + " ms (at " + Lsn.format(replica.replayLsn()) + ")");
        }
        PostgresNode.pause(Duration.ofMillis(2));
      }
    }
  }

  /** Stops every server (fast shutdown, then kill if needed) and deletes the directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ClusterRegistry.forget(this);
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (PostgresNode node : allNodes()) {
      stops.add(CompletableFuture.runAsync(() -> stopQuietly(node)));
    }
    if (redis != null) {
      stops.add(CompletableFuture.runAsync(() -> {
        try {
          redis.stop();
        } catch (IOException e) {
          try {
            redis.kill();
          } catch (IOException ignored) {
            // the parent-death signal and the next sweep are the last resort
          }
        }
      }));
    }
    for (CompletableFuture<Void> stop : stops) {
      stop.join();
    }
    try {
      Os.deleteRecursively(root);
    } catch (IOException e) {
      System.err.println("[local-cluster] could not delete " + root + ": " + e.getMessage());
    }
  }

  private static void stopQuietly(PostgresNode node) {
    try {
      node.stop();
    } catch (IOException e) {
      try {
        node.kill();
      } catch (IOException ignored) {
        // the parent-death signal and the next sweep are the last resort
      }
    }
  }

  private List<PostgresNode> allNodes() {
    List<PostgresNode> all = new ArrayList<>();
    all.add(primary);
    all.addAll(replicas);
    return all;
  }

  @Override
  public String toString() {
    return "LocalCluster" + allNodes() + (redis == null ? "" : " + " + redis) + " in " + root;
  }

  /** What to start. */
  public static final class Builder {
    private int replicas = 2;
    private boolean redis;
    private int postgresVersion = PostgresBinaries.requestedMajor();
    private final List<String> settings = new ArrayList<>();

    private Builder() {}

    public Builder replicas(int count) {
      if (count < 0 || count > 8) {
        throw new IllegalArgumentException("replicas: 0 to 8, not " + count);
      }
      this.replicas = count;
      return this;
    }

    public Builder redis(boolean withRedis) {
      this.redis = withRedis;
      return this;
    }

    /**
     * The PostgreSQL major version to run (13 to 18); by default the one {@code localcluster.postgres.version} /
     * {@code LOCALCLUSTER_POSTGRES_VERSION} names, else the system's newest, else 15.
     */
    public Builder postgresVersion(int major) {
      this.postgresVersion = major;
      return this;
    }

    /** An extra line for every node's postgresql.conf, e.g. {@code "hot_standby_feedback = on"}. */
    public Builder setting(String line) {
      settings.add(line);
      return this;
    }

    public LocalCluster start() throws IOException {
      long started = System.nanoTime();
      for (Path base : candidateBaseDirs()) {
        StaleClusterSweeper.sweep(base);
      }
      RunAs runAs = RunAs.detect();
      PostgresBinaries binaries = PostgresBinaries.locate(postgresVersion);
      RedisBinary redisBinary = redis ? RedisBinary.locate() : null;

      Path root = Files.createTempDirectory(baseDir(), DIR_PREFIX + ProcessHandle.current().pid() + "-");
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      runAs.own(root);
      List<PostgresNode> replicaNodes = new ArrayList<>();
      PostgresNode primaryNode = null;
      RedisNode redisNode = null;
      LocalCluster cluster = null;
      try {
        primaryNode = new PostgresNode("primary", PostgresNode.Role.PRIMARY, FreePorts.next(), root.resolve("primary"),
            root.resolve("primary.log"), binaries, runAs);
        initPrimary(primaryNode, binaries, runAs, settings);
        for (int i = 1; i <= replicas; i++) {
          PostgresNode replica = new PostgresNode("replica" + i, PostgresNode.Role.REPLICA, FreePorts.next(),
              root.resolve("replica" + i), root.resolve("replica" + i + ".log"), binaries, runAs);
          makeReplica(primaryNode, replica, runAs);
          replicaNodes.add(replica);
        }
        if (redis) {
          Path redisDir = root.resolve("redis");
          Files.createDirectories(redisDir);
          runAs.own(redisDir);
          redisNode = new RedisNode(FreePorts.next(), redisDir, root.resolve("redis.log"), redisBinary, runAs);
        }
        String password = randomPassword();
        cluster = new LocalCluster(root, primaryNode, replicaNodes, redisNode, "app", password, "app", binaries);
        ClusterRegistry.remember(cluster);

        primaryNode.launch();
        for (PostgresNode replica : replicaNodes) {
          replica.launch();
        }
        if (redisNode != null) {
          redisNode.launch();
        }
        primaryNode.awaitReady();
        primaryNode.query("postgres", "CREATE ROLE app LOGIN PASSWORD '" + password + "'");
        primaryNode.query("postgres", "CREATE DATABASE app OWNER app");
        awaitAll(replicaNodes);
        if (redisNode != null) {
          redisNode.awaitReady();
        }
        cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));
        cluster.startupTime = Duration.ofNanos(System.nanoTime() - started);
        return cluster;
      } catch (IOException | RuntimeException e) {
        if (cluster != null) {
          cluster.close();
        } else {
          Os.deleteRecursively(root);
        }
        throw e;
      }
    }

    private static void awaitAll(List<PostgresNode> nodes) throws IOException {
      List<CompletableFuture<Void>> ready = new ArrayList<>();
      for (PostgresNode node : nodes) {
        ready.add(CompletableFuture.runAsync(() -> {
          try {
            node.awaitReady();
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        }));
      }
      try {
        for (CompletableFuture<Void> future : ready) {
          future.join();
        }
      } catch (CompletionException e) {
        throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
      }
    }

    private static void initPrimary(PostgresNode primary, PostgresBinaries binaries, RunAs runAs, List<String> extra)
        throws IOException {
      Os.run(runAs.command(List.of(binaries.initdb().toString(), "-D", primary.dataDir().toString(),
          "-U", PostgresNode.SUPERUSER, "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"), null), 120);
      StringBuilder conf = new StringBuilder("\n# lagless local cluster\n")
          .append("listen_addresses = '127.0.0.1'\n")
          .append("unix_socket_directories = ''\n")
          .append("max_connections = 200\n")
          .append("shared_buffers = 32MB\n")
          .append("wal_level = replica\n")
          .append("max_wal_senders = 16\n")
          .append("max_replication_slots = 16\n")
          .append("wal_keep_size = '512MB'\n")
          .append("hot_standby = on\n")
          .append("wal_receiver_status_interval = 1s\n")
          // PostgreSQL 13 still hashes new passwords with md5 by default; pg_hba.conf below wants SCRAM.
          .append("password_encryption = 'scram-sha-256'\n")
          // Test servers: durability to disk buys nothing and costs time.
          .append("fsync = off\n")
          .append("full_page_writes = off\n")
          .append("log_min_messages = warning\n")
          // The application name says whose statement a line is (tests that read log_statement output).
          .append("log_line_prefix = '%m [%p] [%a] '\n");
      for (String line : extra) {
        conf.append(line).append('\n');
      }
      primary.writeFile("postgresql.conf", conf.toString(), true);
      primary.writeFile("pg_hba.conf",
          "# lagless local cluster: superuser and replication without password, applications with one\n"
              + "host all postgres 127.0.0.1/32 trust\n"
              + "host replication postgres 127.0.0.1/32 trust\n"
              + "host all all 127.0.0.1/32 scram-sha-256\n", false);
      runAs.own(primary.dataDir());
    }

    private static void makeReplica(PostgresNode primary, PostgresNode replica, RunAs runAs) throws IOException {
      Os.run(runAs.command(List.of("cp", "-a", primary.dataDir().toString(), replica.dataDir().toString()), null), 120);
      replica.writeFile("standby.signal", "", false);
      replica.writeFile("postgresql.auto.conf", "primary_conninfo = 'host=127.0.0.1 port=" + primary.port()
          + " user=" + PostgresNode.SUPERUSER + " application_name=" + replica.name() + "'\n", true);
      runAs.own(replica.dataDir());
    }

    private static String randomPassword() {
      SecureRandom random = new SecureRandom();
      StringBuilder password = new StringBuilder("app-");
      for (int i = 0; i < 20; i++) {
        password.append("abcdefghijkmnopqrstuvwxyz23456789".charAt(random.nextInt(33)));
      }
      return password.toString();
    }
  }

  /**
   * Where cluster directories go: {@code localcluster.dir} / {@code LOCALCLUSTER_DIR} if set, else
   * {@code /dev/shm} when it is a writable memory file system with room (initdb and the replica copies
   * take a fifth of the time they take on disk), else {@code java.io.tmpdir}.
   */
  public static Path baseDir() {
    String configured = System.getProperty("localcluster.dir", System.getenv("LOCALCLUSTER_DIR"));
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    Path shm = Paths.get("/dev/shm");
    try {
      if (Files.isDirectory(shm) && Files.isWritable(shm)
          && Files.getFileStore(shm).getUsableSpace() > MIN_MEMORY_DIR_BYTES) {
        return shm;
      }
    } catch (IOException e) {
      // fall through to the temporary directory
    }
    return Paths.get(System.getProperty("java.io.tmpdir"));
  }

  private static final long MIN_MEMORY_DIR_BYTES = 2L << 30;

  /** Every place a cluster of an earlier JVM may have been left. */
  public static List<Path> candidateBaseDirs() {
    List<Path> bases = new ArrayList<>();
    bases.add(baseDir());
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    if (!bases.contains(tmp)) {
      bases.add(tmp);
    }
    return bases;
  }
}
