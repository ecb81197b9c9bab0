package dev.lagless.jdbc;

import dev.lagless.config.LaglessConfig;
import dev.lagless.consistency.PendingToken;
import dev.lagless.consistency.ReadYourWrites;
import dev.lagless.consistency.TokenSource;
import dev.lagless.config.HostPort;
import dev.lagless.config.ReplicaSource;
import dev.lagless.discovery.PatroniDiscovery;
import dev.lagless.routing.FunctionCatalog;
import dev.lagless.routing.ReplicaChooser;
import dev.lagless.routing.ReplicaMonitor;
import dev.lagless.routing.ReplicaNode;
import dev.lagless.routing.ReplicaPools;
import dev.lagless.routing.ReplicaSet;
import dev.lagless.sql.SqlClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The agent-wide parts of routing: the classifier, the replicas with their monitor and pools, and the
 * function catalog. The monitor and catalog need the application's credentials, so they start with
 * the first routed connection, without holding it up; the first read that could go to a replica
 * waits (at most two seconds, once) for each node's first poll, so routing is in effect from the
 * application's first read and the application's start (which opens connections but rarely reads)
 * is not delayed.
 */
final class RoutingRuntime {

  static final long POLL_INTERVAL_MILLIS = 100;
  private static final long FIRST_POLL_WAIT_MILLIS = 2_000;

  final LaglessConfig config;
  final SqlClassifier classifier;
  final ReplicaSet replicas;
  final ReplicaChooser chooser;
  final ReplicaPools pools;
  private final Consumer<String> log;
  /** Read-your-own-writes; null with {@code LAGLESS_RYOW=off}. */
  final ReadYourWrites ryow;
  /** Where the application's trace and baggage are: decided once (the OpenTelemetry Java agent or not). */
  final dev.lagless.telemetry.CallerContext caller = dev.lagless.telemetry.CallerContext.forThisJvm();
  private volatile TokenSource tokens;
  private volatile FunctionCatalog catalog;
  private volatile ReplicaMonitor monitor;
  /** Follows Patroni's members; null without {@code patroni://} in {@code LAGLESS_REPLICAS}. */
  private final PatroniDiscovery discovery;
  /** Off until {@link #startTelemetry} has built it (on its own thread, while the application starts). */
  private volatile dev.lagless.telemetry.Telemetry telemetry = dev.lagless.telemetry.Telemetry.OFF;
  private final java.util.concurrent.CountDownLatch telemetryBuilt = new java.util.concurrent.CountDownLatch(1);

  RoutingRuntime(LaglessConfig config, Consumer<String> log) {
    this.config = config;
    this.log = log;
    this.classifier = new SqlClassifier(config.writeFunctions(), config.readFunctions());
    List<ReplicaNode> nodes = new ArrayList<>();
    List<HostPort> patroni = new ArrayList<>();
    for (ReplicaSource source : config.replicas()) {
      switch (source.kind()) {
        case HOST_PORT:
          nodes.add(new ReplicaNode(source.endpoint(), Map.of()));
          break;
        case JDBC_URL:
          nodes.add(new ReplicaNode(source.jdbcUrl().hosts().get(0), source.jdbcUrl().parameters()));
          break;
        case PATRONI:
          patroni.add(source.endpoint());
          break;
        default:
          throw new IllegalStateException("replica source " + source.kind());
      }
    }
    this.replicas = new ReplicaSet(nodes, !patroni.isEmpty());
    this.discovery = patroni.isEmpty() ? null : new PatroniDiscovery(patroni, replicas, log);
    replicas.listen(new ReplicaSet.Listener() {
      @Override
      public void added(ReplicaNode node) {}

      @Override
      public void removed(ReplicaNode node) {
        pools.retire(node);
      }
    });
    this.chooser = new ReplicaChooser(replicas, config.balance(), config.maxLag(), POLL_INTERVAL_MILLIS);
    this.pools = new ReplicaPools(config.replicaPoolSize());
    this.ryow = config.ryow() && replicas.configured() ? new ReadYourWrites(config, sessionTokens(config, log), caller) : null;
  }

  private static dev.lagless.consistency.SessionTokens sessionTokens(LaglessConfig config, Consumer<String> log) {
    return config.redis() == null ? new dev.lagless.consistency.TokenStore(config.tokenTtl())
        : new dev.lagless.consistency.RedisTokenStore(config.redis(), config.tokenTtl(), log);
  }

  /**
   * Builds telemetry on a daemon thread (an SDK of its own loads a few hundred classes), in parallel
   * with the application's start; the first routed connection waits for it (at most two seconds, once).
   */
  void startTelemetry() {
    if (dev.lagless.telemetry.OtelJavaAgent.attached()) {
      // That agent's bridge for this API is installed by its premain, which may run after ours: its
      // GlobalOpenTelemetry is first touched at the first routed connection (startWith), after every premain.
      return;
    }
    Thread thread = new Thread(this::buildTelemetry, "lagless-telemetry");
    thread.setDaemon(true);
    thread.start();
  }

  private void buildTelemetry() {
    try {
      dev.lagless.telemetry.Telemetry built = dev.lagless.telemetry.TelemetrySetup.create(config, System.getenv(), caller, log);
      built.observeReplicas(replicas);
      pools.reportTo(built.poolMetrics());
      telemetry = built;
    } catch (Throwable e) {
      log.accept("telemetry is off: " + e);
    } finally {
      telemetryBuilt.countDown();
    }
  }

  dev.lagless.telemetry.Telemetry telemetry() {
    return telemetry;
  }

  private void awaitTelemetry() {
    if (telemetryBuilt.getCount() > 0 && dev.lagless.telemetry.OtelJavaAgent.attached()) {
      buildTelemetry(); // cheap beside that agent: no SDK of our own
      return;
    }
    try {
      telemetryBuilt.await(FIRST_POLL_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the monitor and catalog with the first routed connection's profile. */
  void startWith(ConnectionProfile profile) {
    if (catalog != null) {
      return;
    }
    synchronized (this) {
      if (catalog != null) {
        return;
      }
      awaitTelemetry();
      if (replicas.configured()) {
        monitor = new ReplicaMonitor(replicas, profile, POLL_INTERVAL_MILLIS, log);
        monitor.start();
      }
      if (discovery != null) {
        discovery.start(); // after the monitor, which polls each node the discovery adds
      }
      tokens = new TokenSource(profile);
      catalog = new FunctionCatalog(profile);
    }
  }

  /**
   * Before the first replica choice: Patroni's first answer, then the monitor's first answers about
   * the primary and every replica known then (at most two seconds in all, once).
   */
  void awaitMonitor() {
    ReplicaMonitor started = monitor;
    if (started == null || started.firstRoundAwaited()) {
      return;
    }
    long begun = System.nanoTime();
    if (discovery != null) {
      discovery.awaitFirstAnswer(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(FIRST_POLL_WAIT_MILLIS));
    }
    long left = FIRST_POLL_WAIT_MILLIS - (System.nanoTime() - begun) / 1_000_000;
    started.awaitFirstRound(Math.max(0, left));
  }

  /**
   * A write committed on the primary: the current scopes remember it, and its token is fetched (one
   * round trip on the agent's own connection, shared by concurrent fetches) only when a read of the
   * same scope needs it, so the write itself never waits.
   */
  /** An {@code ALTER DATABASE/ROLE … SET} committed on the primary (see {@link ReplicaPools#sessionDefaultsChanged}). */
  void sessionDefaultsChanged() {
    TokenSource source = tokens;
    dev.lagless.consistency.Token at = source == null ? null : source.afterCommit();
    pools.sessionDefaultsChanged(at == null ? -1 : at.lsn);
  }

  void committedWrite() {
    TokenSource source = tokens;
    if (ryow != null && source != null && hasReplicas()) {
      ryow.wrote(new PendingToken(source));
    }
  }

  /** The primary as the monitor sees it, and asked afresh when a token from outside is beyond that. */
  ReadYourWrites.PrimaryPosition primaryPosition() {
    ReadYourWrites.PrimaryPosition made = position;
    if (made == null) {
      ReplicaMonitor seen = monitor;
      TokenSource source = tokens;
      made = makePosition(seen, source);
      if (seen != null && source != null) {
        position = made; // kept only once both exist
      }
    }
    return made;
  }

  private volatile ReadYourWrites.PrimaryPosition position;

  private static ReadYourWrites.PrimaryPosition makePosition(ReplicaMonitor seen, TokenSource source) {
    return new ReadYourWrites.PrimaryPosition() {
      @Override
      public long systemIdentifier() {
        return seen == null ? -1 : seen.primarySystemIdentifier();
      }

      @Override
      public int timeline() {
        return seen == null ? -1 : seen.primaryTimeline();
      }

      @Override
      public long knownLsn() {
        return seen == null ? -1 : seen.primaryLsn();
      }

      @Override
      public long currentLsn() {
        dev.lagless.consistency.Token now = source == null ? null : source.afterCommit();
        return now == null ? -1 : now.lsn;
      }
    };
  }

  /** The primary as the monitor sees it (system identifier, timeline), or null before its first poll. */
  ReplicaMonitor monitor() {
    return monitor;
  }

  FunctionCatalog catalog() {
    return catalog;
  }

  boolean hasReplicas() {
    return replicas.configured();
  }
}
