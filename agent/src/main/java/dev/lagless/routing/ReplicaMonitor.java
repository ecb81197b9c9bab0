package dev.lagless.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls the primary and every replica on daemon threads, one per node so that a hung node delays only
 * its own poll. Each replica poll is one cheap query: in recovery or not, replayed position, system
 * identifier and timeline. A replica is FOLLOWING only when it is in recovery, of the primary's
 * cluster (system identifier) and on its timeline; a node that fails is retried with exponential
 * back-off and must pass two polls in a row before it gets reads again (hysteresis against flapping).
 */
public final class ReplicaMonitor {

  /**
   * The replica's timeline is the one its WAL receiver streams now when it may see that (superuser,
   * pg_monitor or pg_read_all_stats), else the one of its last restartpoint: after a failover a standby
   * streams the new timeline at once but writes a restartpoint only minutes later, so the second answer
   * keeps it out of reads (safe, not fast) until then. Streaming a timeline implies that everything it
   * replayed is shared history with that timeline's primary: a standby whose replay went past the fork
   * cannot follow it. The server's own port tells whether something (a pooler, a proxy, a port
   * mapping) sits between the agent and the replica. The commit time of the last transaction it
   * replayed (the primary's clock) dates the WAL it lacks when the agent's own history of the primary
   * cannot ({@link PrimaryWal#lagMillis}).
   */
  public static final String REPLICA_QUERY = "SELECT pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint,"
      + " (SELECT system_identifier FROM pg_control_system()),"
      + " COALESCE((SELECT received_tli FROM pg_stat_wal_receiver WHERE status = 'streaming'),"
      + " (SELECT timeline_id FROM pg_control_checkpoint())), inet_server_port(),"
      + " (extract(epoch FROM pg_last_xact_replay_timestamp()) * 1000000)::bigint";
  /** The primary's position, identity and timeline, and its clock, against which replay timestamps are read. */
  public static final String PRIMARY_QUERY = "SELECT pg_is_in_recovery(), (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint,"
      + " (SELECT system_identifier FROM pg_control_system()),"
      + " ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int,"
      + " (extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private static final int POLLS_TO_RECOVER = 2;

  private final ReplicaSet replicas;
  private final NodeConnector connector;
  private final long intervalMillis;
  /**
   * How long a poll may take before its node counts as down: a hung server (stopped, overloaded past
   * use, cut off without a reset) otherwise holds the poller, and the reads on it, for as long as it
   * stays hung. Generous against a slow but working server; the chooser already stops sending reads
   * to a node whose last poll is older than ten intervals.
   */
  private final int pollTimeoutMillis;
  private final PrimaryWal primary = new PrimaryWal();
  private final Consumer<String> log;
  private final CountDownLatch primaryFirstPoll = new CountDownLatch(1);
  private final java.util.Set<ReplicaNode> polled = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean firstRoundAwaited;
  private volatile boolean stopped;

  public ReplicaMonitor(List<ReplicaNode> replicas, NodeConnector connector, long intervalMillis, Consumer<String> log) {
    this(ReplicaSet.of(replicas), connector, intervalMillis, log);
  }

  public ReplicaMonitor(ReplicaSet replicas, NodeConnector connector, long intervalMillis, Consumer<String> log) {
    this.replicas = replicas;
    this.connector = connector;
    this.intervalMillis = intervalMillis;
    this.pollTimeoutMillis = (int) Math.max(2_000, 20 * intervalMillis);
    this.log = log;
  }

  /** Starts the pollers, and a new one for each node that joins the set later; returns at once. */
  public void start() {
    daemon("lagless-monitor-primary", new PrimaryPoller()).start();
    replicas.listen(new ReplicaSet.Listener() {
      @Override
      public void added(ReplicaNode node) {
        startPolling(node);
      }

      @Override
      public void removed(ReplicaNode node) {
        // its poller sees the node retired and ends
      }
    });
    for (ReplicaNode node : replicas.nodes()) {
      startPolling(node);
    }
  }

  private void startPolling(ReplicaNode node) {
    // Once per node, even if it joins the set while start() walks it.
    if (!stopped && polled.add(node)) {
      daemon("lagless-monitor-" + node.endpoint(), new ReplicaPoller(node)).start();
    }
  }

  /**
   * Waits (at most {@code maxMillis}) until the primary and every replica known now have given their
   * first conclusive answer; the first call only, so that a node that never answers costs one wait,
   * not one per read. Replicas discovered later are not waited for: they get reads once polled, and
   * the reads meanwhile go to the replicas already known or the primary.
   */
  public void awaitFirstRound(long maxMillis) {
    if (firstRoundAwaited) {
      return;
    }
    awaitEveryFirstPoll(maxMillis);
    firstRoundAwaited = true;
  }

  /** Whether {@link #awaitFirstRound} has waited already (then it returns at once). */
  public boolean firstRoundAwaited() {
    return firstRoundAwaited;
  }

  private void awaitEveryFirstPoll(long maxMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
    try {
      primaryFirstPoll.await(maxMillis, TimeUnit.MILLISECONDS);
      for (ReplicaNode node : replicas.nodes()) {
        node.awaitFirstPoll(Math.max(0, deadline - System.nanoTime()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }


  public void stop() {
    stopped = true;
  }

  /** The primary's system identifier; -1 before the first poll. */
  public long primarySystemIdentifier() {
    return primary.systemIdentifier();
  }

  /** The primary's timeline; -1 before the first poll. */
  public int primaryTimeline() {
    return primary.timeline();
  }

  /** The primary's newest polled WAL position; -1 before the first poll. */
  public long primaryLsn() {
    return primary.currentLsn();
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(() -> dev.lagless.telemetry.OwnWork.run(body), name);
    thread.setDaemon(true);
    return thread;
  }

  /** The loop both pollers share: connect, poll at the interval, back off after failures. */
  private abstract class Poller implements Runnable {
    private Connection connection;
    private Statement statement;
    private long backoffMillis;
    private boolean counted;

    @Override
    public final void run() {
      while (!stopped && !retired()) {
        long started = System.nanoTime();
        boolean conclusive = true;
        try {
          if (connection == null) {
            connection = open();
            connection.setNetworkTimeout(Runnable::run, pollTimeoutMillis);
            statement = connection.createStatement();
          }
          try (ResultSet rs = statement.executeQuery(query())) {
            rs.next();
            conclusive = polled(rs, started, System.nanoTime());
          }
          backoffMillis = 0;
        } catch (SQLException | RuntimeException e) {
          failed(e);
          closeQuietly();
          backoffMillis = backoffMillis == 0 ? intervalMillis : Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        }
        if (!counted && conclusive) {
          counted = true;
          firstAnswer();
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        long pause = Math.max(backoffMillis, intervalMillis) - elapsedMillis;
        if (pause > 0) {
          try {
            Thread.sleep(pause); // the poll interval itself, not a synchronisation
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      closeQuietly();
    }

    private void closeQuietly() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException | RuntimeException ignored) {
          // the node is gone already
        }
      }
      connection = null;
      statement = null;
    }

    abstract Connection open() throws SQLException;

    /** This poller's node left the set. */
    boolean retired() {
      return false;
    }

    abstract void firstAnswer();

    abstract String query();

    /**
     * Records a poll that began at {@code startNanos} and was answered at {@code nanos}; false while its
     * answer says nothing yet (a replica before the primary's first poll).
     */
    abstract boolean polled(ResultSet rs, long startNanos, long nanos) throws SQLException;

    abstract void failed(Exception e);
  }

  private final class PrimaryPoller extends Poller {
    @Override
    Connection open() throws SQLException {
      return connector.openPrimary();
    }

    @Override
    void firstAnswer() {
      primaryFirstPoll.countDown();
    }

    @Override
    String query() {
      return PRIMARY_QUERY;
    }

    @Override
    boolean polled(ResultSet rs, long startNanos, long nanos) throws SQLException {
      if (rs.getBoolean(1)) {
        throw new SQLException("the primary is in recovery");
      }
      primary.record(rs.getLong(2), nanos, rs.getLong(3), rs.getInt(4), rs.getLong(5), startNanos);
      return true;
    }

    @Override
    void failed(Exception e) {
      // Without the primary's position the replicas' lag is unknown; their polls say so.
    }
  }

  private final class ReplicaPoller extends Poller {
    private final ReplicaNode node;
    private int goodPollsInRow;

    ReplicaPoller(ReplicaNode node) {
      this.node = node;
    }

    @Override
    Connection open() throws SQLException {
      return connector.openReplica(node);
    }

    @Override
    boolean retired() {
      return node.retired();
    }

    @Override
    void firstAnswer() {
      node.firstPollDone();
    }

    @Override
    String query() {
      return REPLICA_QUERY;
    }

    @Override
    boolean polled(ResultSet rs, long startNanos, long nanos) throws SQLException {
      boolean inRecovery = rs.getBoolean(1);
      long replay = rs.getLong(2);
      long sysid = rs.getLong(3);
      int timeline = rs.getInt(4);
      int serverPort = rs.getInt(5);
      noteProxy(rs.wasNull() ? -1 : serverPort);
      long replayTimestamp = rs.getLong(6);
      if (rs.wasNull()) {
        replayTimestamp = PrimaryWal.NO_TIMESTAMP; // no transaction replayed since the replica started
      }
      NodeHealth next;
      long primaryLsn = primary.currentLsn();
      long primaryAge = (nanos - primary.lastPolledNanos()) / 1_000_000;
      if (!inRecovery) {
        next = notFollowing(nanos, replay, timeline, "not in recovery (promoted?)");
      } else if (primaryLsn < 0 || primaryAge > Math.max(1_000, 10 * intervalMillis)) {
        next = new NodeHealth(NodeHealth.Status.UNKNOWN, replay, -1, -1, timeline, nanos, "primary position unknown");
      } else if (sysid != primary.systemIdentifier()) {
        next = notFollowing(nanos, replay, timeline, "system identifier " + sysid + " is not the primary's");
      } else if (timeline != primary.timeline()) {
        next = notFollowing(nanos, replay, timeline, "timeline " + timeline + " is not the primary's "
            + primary.timeline());
      } else {
        long lagBytes = Math.max(0, primaryLsn - replay);
        next = new NodeHealth(NodeHealth.Status.FOLLOWING, replay, lagBytes, primary.lagMillis(replay, replayTimestamp, nanos),
            timeline, nanos, "following");
      }
      if (next.status == NodeHealth.Status.FOLLOWING) {
        goodPollsInRow++;
        NodeHealth previous = node.health();
        if (previous.status == NodeHealth.Status.DOWN && goodPollsInRow < POLLS_TO_RECOVER) {
          return true; // one good poll after a failure is not enough
        }
        if (previous.status != NodeHealth.Status.FOLLOWING && previous.status != NodeHealth.Status.UNKNOWN) {
          log.accept("replica " + node + " is back: " + next);
        }
      } else {
        goodPollsInRow = 0;
        if (next.status == NodeHealth.Status.NOT_FOLLOWING && node.health().status != NodeHealth.Status.NOT_FOLLOWING) {
          log.accept("replica " + node + " gets no reads: " + next.detail);
        }
      }
      node.update(next);
      return next.status != NodeHealth.Status.UNKNOWN;
    }

    /**
     * A server port other than the one the agent connects to means a pooler, proxy or port mapping in
     * between: a transaction-pooling PgBouncer would run a replayed SET and the read on different server
     * connections, so such a node gets no reads of sessions that carry SET parameters.
     */
    private void noteProxy(int serverPort) {
      boolean proxied = serverPort > 0 && serverPort != node.endpoint().port();
      if (proxied && !node.behindProxy()) {
        log.accept("replica " + node + " is reached through a pooler or proxy (the server listens on port "
            + serverPort + "): reads of sessions that SET parameters go to the primary, as a pooler in"
            + " transaction mode could run the SET and the read on different server connections");
      }
      node.behindProxy(proxied);
    }

    private NodeHealth notFollowing(long nanos, long replay, int timeline, String why) {
      return new NodeHealth(NodeHealth.Status.NOT_FOLLOWING, replay, -1, -1, timeline, nanos, why);
    }

    @Override
    void failed(Exception e) {
      goodPollsInRow = 0;
      if (node.health().status != NodeHealth.Status.DOWN) {
        log.accept("replica " + node + " is down: " + oneLine(e));
      }
      node.update(new NodeHealth(NodeHealth.Status.DOWN, -1, -1, -1, -1, System.nanoTime(), oneLine(e)));
    }
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
