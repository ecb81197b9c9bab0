package dev.lagless.cluster.ha;

import dev.lagless.cluster.FreePorts;
import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.Os;
import dev.lagless.cluster.RunAs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real high-availability PostgreSQL stack on 127.0.0.1, as production runs it: one etcd, N Patroni
 * members (PostgreSQL with streaming replication, automatic failover, pg_rewind to rejoin) and
 * HAProxy in front, whose primary port always leads to the current leader.
 *
 * <pre>{@code
 * try (HaCluster ha = HaCluster.builder().start()) {
 *   DriverManager.getConnection(ha.primaryJdbcUrl(), ha.appUser(), ha.appPassword());
 *   ha.crash(ha.leader());   // kill -9 of Patroni and PostgreSQL; returns once another member leads
 * }
 * }</pre>
 *
 * <p>Everything lives in a fresh directory {@code lagless-ha-<jvm pid>-<random>} where
 * {@link LocalCluster} puts its clusters (/dev/shm when it can). As root, every server runs as
 * {@code postgres} (PostgreSQL refuses root, and Patroni runs PostgreSQL itself). No server outlives
 * the JVM: Patroni, etcd and HAProxy get SIGTERM from the kernel when it dies (Patroni then stops its
 * PostgreSQL), a shutdown hook closes every open cluster, and each start kills the servers of
 * clusters whose JVM is gone (pid files, checked against the command line) and removes their
 * directories.
 *
 * <p>Timings: Patroni's {@code ttl} (the leader key's lifetime) bounds how long a crashed leader goes
 * unnoticed; the defaults ({@code ttl} 10 s, {@code loop_wait} 1 s, {@code retry_timeout} 3 s) give a
 * failover in about 10 s after a kill -9, a switchover in about 2 s. Patroni 3.0.2 takes a ttl below
 * 20 s; releases from 3.2 on raise it to 20, which doubles the failover time.
 */
public final class HaCluster implements AutoCloseable {

  /** The name prefix of every HA cluster directory, also what the stale sweep looks for. */
  static final String DIR_PREFIX = "lagless-ha-";
  /** Under the cluster's directory: one pid file per server this JVM started. */
  static final String PID_DIR = "pids";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path root;
  private final Etcd etcd;
  private final List<Member> members;
  private final HaProxy haproxy;
  private final Rest rest;
  private final String appUser;
  private final String appPassword;
  private final String database;
  private final int ttl;
  private volatile Duration startupTime;
  private boolean closed;

  private HaCluster(Path root, Etcd etcd, List<Member> members, HaProxy haproxy, Rest rest, String appPassword,
      int ttl) {
    this.root = root;
    this.etcd = etcd;
    this.members = Collections.unmodifiableList(members);
    this.haproxy = haproxy;
    this.rest = rest;
    this.appUser = "app";
    this.appPassword = appPassword;
    this.database = "app";
    this.ttl = ttl;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether this machine has what the stack runs: etcd, Patroni, HAProxy and PostgreSQL with its
   * replication tools (on Debian: {@code apt-get install etcd-server patroni haproxy postgresql-15}).
   */
  public static boolean isInstalled() {
    try {
      HaBinaries.locate();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static Path pidFile(Path root, String server) {
    return root.resolve(PID_DIR).resolve(server + ".pid");
  }

  /** HAProxy's port that leads to the leader, whichever member that is. */
  public int primaryPort() {
    return haproxy.primaryPort();
  }

  /** {@code jdbc:postgresql://127.0.0.1:PRIMARY_PORT/DATABASE}, through HAProxy, no credentials in it. */
  public String primaryJdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + primaryPort() + "/" + database;
  }

  /** HAProxy's port that spreads connections over the replicas (round robin). */
  public int replicaPort() {
    return haproxy.replicaPort();
  }

  public String replicaJdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + replicaPort() + "/" + database;
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

  public Path root() {
    return root;
  }

  /** {@code 127.0.0.1:PORT} of etcd's client API. */
  public String etcdEndpoint() {
    return etcd.endpoint();
  }

  /** Every member, in name order; their roles change, the list does not. */
  public List<Member> members() {
    return members;
  }

  public Member member(String name) {
    for (Member member : members) {
      if (member.name().equals(name)) {
        return member;
      }
    }
    throw new IllegalArgumentException("no member " + name + " in " + members);
  }

  /** From the call to {@code start()} to the stack being healthy. */
  public Duration startupTime() {
    return startupTime;
  }

  /**
   * The leader as Patroni's REST API reports it ({@code GET /cluster}, asked of each running member in
   * turn): the holder of the leader key, or null when nobody holds it. Throws when no member answers.
   */
  public String leaderName() throws IOException {
    ClusterView.Entry leader = clusterView().leader();
    return leader == null ? null : leader.name;
  }

  /** The current leader's {@link Member}; throws when there is none. */
  public Member leader() throws IOException {
    String name = leaderName();
    if (name == null) {
      throw new IOException("no member holds the leader key: " + clusterView());
    }
    return member(name);
  }

  /**
   * Waits until the stack is healthy: one leader, promoted; every running member a replica that is
   * up, on the leader's timeline and streaming from it; HAProxy's primary port leading to the leader.
   */
  public void awaitHealthy(Duration timeout) throws IOException {
    try {
      Poll.until(timeout, "the cluster to be healthy", this::health);
    } catch (IOException e) {
      throw new IOException(e.getMessage() + "\n" + logTails(), e);
    }
  }

  /**
   * A planned switchover ({@code POST /switchover} to the leader): returns once {@code candidate} is
   * the promoted leader and HAProxy's primary port leads to it. The old leader rejoins as a replica
   * on its own; {@link #awaitHealthy} waits for that.
   */
  public void switchover(String candidate) throws IOException {
    member(candidate);
    String leader = leaderName();
    if (leader == null) {
      throw new IOException("no leader to switch over from: " + clusterView());
    }
    if (leader.equals(candidate)) {
      throw new IllegalArgumentException(candidate + " is already the leader");
    }
    rest.post(member(leader).restEndpoint(), "/switchover",
        "{\"leader\":" + Json.quote(leader) + ",\"candidate\":" + Json.quote(candidate) + "}");
    awaitPromotedLeader(actionTimeout(), candidate + " to lead", candidate::equals);
    awaitPrimaryRoutedTo(candidate, actionTimeout());
  }

  /**
   * A machine crash of {@code member}: SIGKILL to its Patroni and its postmaster at once. Returns the
   * name of the member that leads afterwards, once it is promoted (after a crash of the leader: when
   * its key has expired, up to {@code ttl} seconds, and a replica has taken over). HAProxy may still
   * lead to no one for a moment: {@link #awaitPrimaryRoutedTo} waits for it.
   */
  public String crash(Member member) throws IOException {
    member.crash();
    return awaitLeaderOtherThan(member.name(), actionTimeout());
  }

  /** Starts a stopped or crashed member's Patroni again: it rewinds its data if needed and rejoins as a replica. */
  public void restart(Member member) throws IOException {
    member.launch();
  }

  /** Waits until a member other than {@code name} leads and is promoted; returns its name. */
  public String awaitLeaderOtherThan(String name, Duration timeout) throws IOException {
    return awaitPromotedLeader(timeout, "a leader other than " + name, leader -> !leader.equals(name));
  }

  /** Waits until HAProxy's primary port leads to {@code name}'s PostgreSQL, and that accepts writes. */
  public void awaitPrimaryRoutedTo(String name, Duration timeout) throws IOException {
    int port = member(name).pgPort();
    Poll.until(timeout, "HAProxy's primary port to lead to " + name, () -> {
      Routed routed = routedPrimary();
      return routed.port == port && !routed.inRecovery
          ? Poll.Outcome.done(Boolean.TRUE) : Poll.Outcome.notYet("it leads to " + describe(routed));
    });
  }

  /** Waits until every running replica has replayed all the leader has written so far. */
  public void awaitReplicasCaughtUp(Duration timeout) throws IOException {
    Member leader = leader();
    String lsn = query(leader, "SELECT pg_current_wal_lsn()");
    for (Member member : members) {
      if (member == leader || !member.isRunning()) {
        continue;
      }
      Poll.until(timeout, member.name() + " to replay up to " + lsn, () ->
          "t".equals(query(member, "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn"))
              ? Poll.Outcome.done(Boolean.TRUE) : Poll.Outcome.notYet("behind"));
    }
  }

  /**
   * Stops HAProxy, the replicas (all at once), the leader, then etcd, each gracefully and killed if
   * it takes too long; then any process still naming this directory; then deletes the directory.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    HaRegistry.forget(this);
    haproxy.stop();
    String leader;
    try {
      leader = members.stream().anyMatch(Member::isRunning) ? leaderName() : null;
    } catch (IOException e) {
      leader = null;
    }
    // Replicas first: a leader that stops asks each member (over REST) whether it has received the
    // shutdown checkpoint, and members that are stopping at the same time make it wait for answers.
    List<Thread> stops = new ArrayList<>();
    for (Member member : members) {
      if (!member.name().equals(leader)) {
        // A thread each, not the common pool: on a two-core machine that runs one task at a time.
        Thread stop = new Thread(member::stop, "lagless-ha-stop-" + member.name());
        stop.setDaemon(true);
        stop.start();
        stops.add(stop);
      }
    }
    for (Thread stop : stops) {
      try {
        stop.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (leader != null) {
      member(leader).stop();
    }
    for (Member member : members) {
      LeftoverSharedMemory.release(member.dataDir());
    }
    etcd.stop();
    List<Long> leftovers = Procs.mentioning(root + "/");
    if (!leftovers.isEmpty()) {
      System.err.println("[ha-cluster] killing processes still running in " + root + ": " + leftovers);
      Procs.kill(leftovers);
      Procs.awaitGone(leftovers, Duration.ofSeconds(10));
    }
    try {
      Os.deleteRecursively(root);
    } catch (IOException e) {
      System.err.println("[ha-cluster] could not delete " + root + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "HaCluster" + members + " primary 127.0.0.1:" + primaryPort() + " in " + root;
  }

  private Duration actionTimeout() {
    return Duration.ofSeconds(3L * ttl + 30);
  }

  /** Patroni's view of the cluster, from the first running member that answers. */
  private ClusterView clusterView() throws IOException {
    IOException last = null;
    for (Member member : members) {
      if (!member.isRunning()) {
        continue;
      }
      try {
        return ClusterView.of(rest.getJson(member.restEndpoint(), "/cluster"));
      } catch (IOException e) {
        last = e;
      }
    }
    throw last != null ? last : new IOException("no member is running");
  }

  private String awaitPromotedLeader(Duration timeout, String what, Predicate<String> wanted) throws IOException {
    return Poll.until(timeout, what, () -> {
      ClusterView view = clusterView();
      ClusterView.Entry leader = view.leader();
      if (leader == null || !wanted.test(leader.name)) {
        return Poll.Outcome.notYet("members: " + view);
      }
      // The key is taken before the promotion: wait until PostgreSQL itself is a primary.
      return isPromoted(member(leader.name))
          ? Poll.Outcome.done(leader.name) : Poll.Outcome.notYet(leader.name + " holds the key, not promoted yet");
    });
  }

  private boolean isPromoted(Member member) throws IOException {
    if (!member.isRunning()) {
      return false;
    }
    Map<String, Object> status = rest.getJson(member.restEndpoint(), "/patroni");
    String role = Json.string(status, "role");
    return ("master".equals(role) || "primary".equals(role)) && "running".equals(Json.string(status, "state"));
  }

  private Poll.Outcome<Boolean> health() throws IOException, SQLException {
    List<Member> running = members.stream().filter(Member::isRunning).collect(Collectors.toList());
    if (running.isEmpty()) {
      return Poll.Outcome.notYet("no member is running");
    }
    ClusterView view = clusterView();
    ClusterView.Entry leader = view.leader();
    if (leader == null || !leader.isUp()) {
      return Poll.Outcome.notYet("no running leader: " + view);
    }
    Member leaderMember = member(leader.name);
    if (!leaderMember.isRunning()) {
      return Poll.Outcome.notYet("the leader " + leader.name + " is not running (its key has not expired): " + view);
    }
    Map<String, Object> status = rest.getJson(leaderMember.restEndpoint(), "/patroni");
    String role = Json.string(status, "role");
    if (!"master".equals(role) && !"primary".equals(role)) {
      return Poll.Outcome.notYet("the leader " + leader.name + " is not promoted yet (" + role + ")");
    }
    Set<String> streaming = new HashSet<>();
    for (Map<String, Object> replication : Json.objects(status, "replication")) {
      if ("streaming".equals(Json.string(replication, "state"))) {
        streaming.add(Json.string(replication, "application_name"));
      }
    }
    for (Member member : running) {
      if (member == leaderMember) {
        continue;
      }
      ClusterView.Entry entry = view.entry(member.name());
      if (entry == null || entry.isLeader() || !entry.isUp() || entry.timeline != leader.timeline) {
        return Poll.Outcome.notYet(member.name() + " is not a replica on timeline " + leader.timeline + ": " + view);
      }
      if (!streaming.contains(member.name())) {
        return Poll.Outcome.notYet(member.name() + " is not streaming from " + leader.name + " (streaming: "
            + streaming + ")");
      }
    }
    Routed routed = routedPrimary();
    if (routed.port != leaderMember.pgPort() || routed.inRecovery) {
      return Poll.Outcome.notYet("HAProxy's primary port leads to " + describe(routed) + ", not to " + leader.name);
    }
    return Poll.Outcome.done(Boolean.TRUE);
  }

  /** Where HAProxy's primary port leads now. */
  private static final class Routed {
    final int port;
    final boolean inRecovery;

    Routed(int port, boolean inRecovery) {
      this.port = port;
      this.inRecovery = inRecovery;
    }
  }

  /** One connection through HAProxy's primary port, as the application: which server answers, and as what. */
  private Routed routedPrimary() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", appUser);
    properties.setProperty("password", appPassword);
    properties.setProperty("connectTimeout", "2");
    properties.setProperty("socketTimeout", "5");
    properties.setProperty("ApplicationName", "lagless-ha-check");
    try (Connection c = DriverManager.getConnection(primaryJdbcUrl(), properties);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT inet_server_port(), pg_is_in_recovery()")) {
      rs.next();
      return new Routed(rs.getInt(1), rs.getBoolean(2));
    }
  }

  private String describe(Routed routed) {
    for (Member member : members) {
      if (member.pgPort() == routed.port) {
        return member.name() + (routed.inRecovery ? " (in recovery)" : "");
      }
    }
    return "port " + routed.port;
  }

  private static String query(Member member, String sql) throws IOException {
    try (Connection c = member.connect("postgres"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IOException(member.name() + ": " + sql + ": " + e.getMessage(), e);
    }
  }

  private static void execute(Member member, String... statements) throws IOException {
    try (Connection c = member.connect("postgres"); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IOException(member.name() + ": " + e.getMessage(), e);
    }
  }

  private String logTails() {
    StringBuilder out = new StringBuilder();
    for (Member member : members) {
      out.append("--- ").append(member.log().getFileName()).append(" (last lines)\n")
          .append(Os.tail(member.log(), 15)).append('\n');
    }
    return out.toString();
  }

  /** What to start. */
  public static final class Builder {
    private int members = 3;
    private int ttl = 10;
    private int loopWait = 1;
    private int retryTimeout = 3;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private Builder() {
      parameters.put("max_connections", "200");
      parameters.put("shared_buffers", "32MB");
      parameters.put("wal_level", "replica");
      parameters.put("hot_standby", "on");
      // pg_rewind needs hint bits in the WAL (or data checksums) to rejoin an old leader.
      parameters.put("wal_log_hints", "on");
      parameters.put("max_wal_senders", "16");
      parameters.put("max_replication_slots", "16");
      parameters.put("wal_keep_size", "128MB");
      parameters.put("wal_receiver_status_interval", "1s");
      // Test servers: durability to disk buys nothing and costs time. full_page_writes stays on: pg_rewind needs it.
      parameters.put("fsync", "off");
      // TCP only: no socket in a directory that other PostgreSQL servers of the machine share.
      parameters.put("unix_socket_directories", "");
      // Dynamic shared memory in files of the data directory, not /dev/shm/PostgreSQL.*: a crash test
      // kills postmasters, and what a killed one leaves behind must go with the directory.
      parameters.put("dynamic_shared_memory_type", "mmap");
      parameters.put("log_line_prefix", "%m [%p] ");
    }

    /** How many Patroni members (default 3). */
    public Builder members(int count) {
      if (count < 1 || count > 9) {
        throw new IllegalArgumentException("members: 1 to 9, not " + count);
      }
      this.members = count;
      return this;
    }

    /**
     * Patroni's {@code ttl}, {@code loop_wait} and {@code retry_timeout}, in seconds (default 10, 1, 3).
     * Patroni's rule, {@code loop_wait + 2 * retry_timeout <= ttl}, keeps a slow loop from losing the
     * leader key; a failover takes about {@code ttl}.
     */
    public Builder timings(int ttlSeconds, int loopWaitSeconds, int retryTimeoutSeconds) {
      if (loopWaitSeconds < 1 || retryTimeoutSeconds < 1 || loopWaitSeconds + 2 * retryTimeoutSeconds > ttlSeconds) {
        throw new IllegalArgumentException("Patroni needs loop_wait >= 1, retry_timeout >= 1 and "
            + "loop_wait + 2 * retry_timeout <= ttl; got ttl " + ttlSeconds + ", loop_wait " + loopWaitSeconds
            + ", retry_timeout " + retryTimeoutSeconds);
      }
      this.ttl = ttlSeconds;
      this.loopWait = loopWaitSeconds;
      this.retryTimeout = retryTimeoutSeconds;
      return this;
    }

    /** A PostgreSQL parameter for every member, e.g. {@code ("hot_standby_feedback", "on")}. */
    public Builder parameter(String name, String value) {
      parameters.put(name, value);
      return this;
    }

    public HaCluster start() throws IOException {
      long started = System.nanoTime();
      for (Path base : LocalCluster.candidateBaseDirs()) {
        HaSweeper.sweep(base);
      }
      HaBinaries binaries = HaBinaries.locate();
      RunAs runAs = RunAs.detect();
      Path root = Files.createTempDirectory(LocalCluster.baseDir(), DIR_PREFIX + ProcessHandle.current().pid() + "-");
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createDirectories(root.resolve(PID_DIR));
      runAs.own(root);

      Set<Integer> ports = new HashSet<>();
      Rest rest = new Rest();
      String superuserPassword = randomPassword("su-");
      String replicationPassword = randomPassword("repl-");
      Etcd etcd = new Etcd(binaries.etcd, root, freePort(ports), freePort(ports), runAs, rest);
      List<Member> memberList = new ArrayList<>();
      for (int i = 1; i <= members; i++) {
        memberList.add(new Member("node" + i, freePort(ports), freePort(ports), root, binaries.patroni,
            superuserPassword, runAs));
      }
      HaProxy haproxy = new HaProxy(binaries.haproxy, root, freePort(ports), freePort(ports), runAs);
      HaCluster cluster = new HaCluster(root, etcd, memberList, haproxy, rest, randomPassword("app-"), ttl);
      HaRegistry.remember(cluster);
      try {
        etcd.start();
        PatroniConfig config = new PatroniConfig(etcd.endpoint(), binaries.pgBin, ttl, loopWait, retryTimeout,
            superuserPassword, replicationPassword, parameters);
        // All at once: one wins the race to initialize the cluster, the others clone it with pg_basebackup.
        for (Member member : memberList) {
          member.configure(config);
          member.launch();
        }
        haproxy.start(memberList);
        String leader = cluster.awaitPromotedLeader(START_TIMEOUT, "a first leader", name -> true);
        execute(cluster.member(leader), "CREATE ROLE " + cluster.appUser + " LOGIN PASSWORD '" + cluster.appPassword
            + "'", "CREATE DATABASE " + cluster.database + " OWNER " + cluster.appUser);
        cluster.awaitHealthy(START_TIMEOUT);
        cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));
        cluster.startupTime = Duration.ofNanos(System.nanoTime() - started);
        return cluster;
      } catch (IOException | RuntimeException e) {
        cluster.close();
        throw e;
      }
    }

    /** A free port not yet handed to another server of this cluster (the kernel may repeat itself). */
    private static int freePort(Set<Integer> taken) throws IOException {
      while (true) {
        int port = FreePorts.next();
        if (taken.add(port)) {
          return port;
        }
      }
    }

    private static String randomPassword(String prefix) {
      SecureRandom random = new SecureRandom();
      StringBuilder password = new StringBuilder(prefix);
      for (int i = 0; i < 20; i++) {
        password.append("abcdefghijkmnopqrstuvwxyz23456789".charAt(random.nextInt(33)));
      }
      return password.toString();
    }
  }
}
