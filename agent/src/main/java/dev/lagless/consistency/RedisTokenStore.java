package dev.lagless.consistency;

import dev.lagless.config.RedisTarget;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Session tokens shared by every instance through Redis ({@code LAGLESS_REDIS_URL}, Lettuce: standalone,
 * Sentinel or Cluster). A write's token is stored with an atomic compare-and-max script before the
 * request that wrote answers, so it never moves back, and expires after {@code LAGLESS_TOKEN_TTL}.
 *
 * <p>Reads cost at most one Redis round trip per session and request: what was fetched is reused for
 * the rest of the same request (never for the next one, which another instance may have preceded with
 * a write), and tokens this JVM wrote itself are known without asking.
 *
 * <p>Redis is never allowed to hurt the application. Lookups give up after {@link #LOOKUP_TIMEOUT}
 * and stores after {@link #STORE_TIMEOUT}; after three failures in a row (a command's real outcome:
 * an error, or no answer within Lettuce's one-second timeout; not the impatience of one caller) the
 * breaker opens and Redis is left alone for a second. While a session's token cannot be known, its reads go to the primary.
 * And because tokens written while Redis was unreachable (here or in another instance) may be missing
 * from it, Redis's answers are not trusted until one {@code LAGLESS_TOKEN_TTL} after the last failure
 * or reconnection this JVM saw: by then every missing token would have expired anyway. Tokens that
 * could not be stored are retried in the background until they expire.
 */
public final class RedisTokenStore implements SessionTokens {

  static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(5);
  static final Duration STORE_TIMEOUT = Duration.ofMillis(20);
  private static final int FAILURES_TO_OPEN = 3;
  private static final long OPEN_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final String KEY_PREFIX = "lagless:token:";

  /**
   * Compare-and-max on the stored value {@code <timeline:8 hex><lsn:16 hex>:<system identifier>}: the
   * hex part compares as text; a token of another cluster replaces the old one. The TTL restarts.
   */
  static final String ADVANCE = "local cur = redis.call('GET', KEYS[1])\n"
      + "if cur and string.sub(cur, 25) == string.sub(ARGV[1], 25) and string.sub(cur, 1, 24) >= string.sub(ARGV[1], 1, 24) then\n"
      + "  redis.call('PEXPIRE', KEYS[1], ARGV[2])\n"
      + "  return cur\n"
      + "end\n"
      + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\n"
      + "return ARGV[1]";

  private final RedisTarget target;
  private final long ttlMillis;
  private final long ttlNanos;
  private final Consumer<String> log;
  private final TokenStore local;
  private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();
  private final Map<String, Unstored> unstored = new ConcurrentHashMap<>();
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private volatile long openUntilNanos;
  private volatile long distrustUntilNanos;
  private volatile boolean down;
  private volatile RedisClusterAsyncCommands<String, String> commands;
  private volatile AbstractRedisClient client;
  private volatile ClientResources resources;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicBoolean connectedOnce = new java.util.concurrent.atomic.AtomicBoolean();

  /** What one request fetched for a session. */
  private static final class Fetched {
    final Token token;
    final Object request;
    final long atNanos;

    Fetched(Token token, Object request, long atNanos) {
      this.token = token;
      this.request = request;
      this.atNanos = atNanos;
    }
  }

  /** A token that could not be stored yet. */
  private static final class Unstored {
    final Token token;
    final long atNanos;

    Unstored(Token token, long atNanos) {
      this.token = token;
      this.atNanos = atNanos;
    }
  }

  /**
   * Lettuce and Netty log through java.util.logging here (their SLF4J is relocated away): silenced, so
   * the application's log gets only Lagless's own one line per state change. Held: JUL keeps loggers weakly.
   */
  private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

  static {
    for (String name : List.of(RedisClient.class.getPackageName(), io.netty.util.Timer.class.getPackageName())) {
      java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name.substring(0, name.lastIndexOf('.')));
      logger.setLevel(java.util.logging.Level.OFF);
      QUIET.add(logger);
    }
  }

  public RedisTokenStore(RedisTarget target, Duration ttl, Consumer<String> log) {
    this.target = target;
    this.ttlMillis = Math.max(1, ttl.toMillis());
    this.ttlNanos = ttl.toNanos();
    this.log = log;
    this.local = new TokenStore(ttl);
    this.distrustUntilNanos = System.nanoTime(); // nothing to distrust before the first connection
    Thread worker = new Thread(this::connectAndRetry, "lagless-redis");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public void advance(String key, Token token) {
    local.advance(key, token);
    if (!key.startsWith("s:")) {
      return; // trace and thread scopes travel in baggage, not through Redis
    }
    if (!store(key, token)) {
      keepForRetry(key, token);
      distrust();
    }
  }

  private void keepForRetry(String key, Token token) {
    unstored.merge(key, new Unstored(token, System.nanoTime()),
        (old, fresh) -> new Unstored(Token.max(old.token, fresh.token), fresh.atNanos));
  }

  @Override
  public Token get(String key, Object request) {
    Token own = local.get(key);
    if (!key.startsWith("s:")) {
      return own;
    }
    long now = System.nanoTime();
    Fetched earlier = request == null ? null : fetched.get(key);
    // Equal, not identical: a trace id is a new string at each read of the same request.
    if (earlier != null && request.equals(earlier.request) && now - earlier.atNanos < ttlNanos) {
      return Token.max(own, earlier.token);
    }
    if (!usable(now) || distrustUntilNanos - now > 0) {
      return ReadYourWrites.UNKNOWN;
    }
    String value;
    io.lettuce.core.RedisFuture<String> lookup = null;
    try {
      lookup = commands.get(KEY_PREFIX + key.substring(2));
      value = lookup.get(LOOKUP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
      succeeded();
    } catch (java.util.concurrent.TimeoutException e) {
      judgeWhenDone(lookup);
      return ReadYourWrites.UNKNOWN; // too slow for this read, which goes to the primary
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failed(e);
      return ReadYourWrites.UNKNOWN; // a lookup that failed loses nothing: this read goes to the primary
    }
    Token stored = decode(value);
    if (request != null) {
      if (fetched.size() > 100_000) {
        fetched.clear();
      }
      fetched.put(key, new Fetched(stored, request, now));
    }
    return Token.max(own, stored);
  }

  private boolean store(String key, Token token) {
    if (!usable(System.nanoTime())) {
      return false;
    }
    io.lettuce.core.RedisFuture<String> advance = null;
    try {
      advance = commands.eval(ADVANCE, ScriptOutputType.VALUE, new String[] {KEY_PREFIX + key.substring(2)},
          encode(token), Long.toString(ttlMillis));
      advance.get(STORE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
      succeeded();
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      // Still in flight: it lands a little late (Redis slow, or this JVM paused), or fails for real,
      // and only then is it kept for retry and Redis distrusted, as for a failure seen at once.
      advance.whenComplete((answer, failure) -> {
        if (failure == null) {
          succeeded();
        } else {
          failed(failure);
          keepForRetry(key, token);
          distrust();
        }
      });
      return true;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failed(e);
      return false;
    }
  }

  private boolean usable(long now) {
    if (commands == null || closed) {
      return false;
    }
    return failuresInARow.get() < FAILURES_TO_OPEN || openUntilNanos - now <= 0;
  }

  private void succeeded() {
    failuresInARow.set(0);
    if (down) {
      down = false;
      log.accept("Redis " + target + " answers again; session reads go by it again after " + ttlMillis
          + " ms (tokens written meanwhile may be missing from it)");
    }
  }

  /**
   * A command that outlasted this caller's patience (a few milliseconds) says nothing yet about Redis:
   * a GC pause or a busy CPU here delays the answer as much as a slow Redis. Its real outcome decides —
   * an answer closes the breaker's count, a failure (Lettuce's own one-second timeout, a lost
   * connection) counts — so the breaker opens, and Redis is distrusted for a TTL, only when Redis
   * really fails, not whenever this JVM pauses.
   */
  private void judgeWhenDone(io.lettuce.core.RedisFuture<String> command) {
    if (command == null) {
      return;
    }
    command.whenComplete((answer, failure) -> {
      if (failure == null) {
        succeeded();
      } else {
        failed(failure);
      }
    });
  }

  private void failed(Throwable e) {
    if (failuresInARow.incrementAndGet() >= FAILURES_TO_OPEN) {
      openUntilNanos = System.nanoTime() + OPEN_NANOS;
      distrust();
      if (!down) {
        down = true;
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        log.accept("Redis " + target + " does not answer (" + cause.getClass().getSimpleName()
            + "); reads of sessions go to the primary until it does");
      }
    }
  }

  private void distrust() {
    distrustUntilNanos = System.nanoTime() + ttlNanos;
    fetched.clear();
  }

  static String encode(Token token) {
    return String.format(Locale.ROOT, "%08x%016x:%s", token.timeline, token.lsn, Long.toUnsignedString(token.systemIdentifier));
  }

  static Token decode(String value) {
    if (value == null || value.length() < 26 || value.charAt(24) != ':') {
      return null;
    }
    try {
      int timeline = Integer.parseUnsignedInt(value.substring(0, 8), 16);
      long lsn = Long.parseUnsignedLong(value.substring(8, 24), 16);
      long sysid = Long.parseUnsignedLong(value.substring(25));
      return new Token(sysid, timeline, lsn);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The worker: connects (again and again until it works), then stores what could not be stored. */
  private void connectAndRetry() {
    long backoffMillis = 100;
    while (!closed && commands == null) {
      try {
        connect();
      } catch (RuntimeException | LinkageError e) {
        if (!down) {
          down = true;
          log.accept("Redis " + target + " cannot be reached (" + e.getClass().getSimpleName()
              + "); reads of sessions go to the primary until it can");
        }
        sleep(backoffMillis);
        backoffMillis = Math.min(5_000, backoffMillis * 2);
      }
    }
    while (!closed) {
      sleep(200);
      long now = System.nanoTime();
      for (Map.Entry<String, Unstored> entry : unstored.entrySet()) {
        Unstored item = entry.getValue();
        if (now - item.atNanos > ttlNanos || store(entry.getKey(), item.token)) {
          unstored.remove(entry.getKey(), item);
        }
      }
    }
  }

  private void connect() {
    ClientResources made = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
        .threadFactoryProvider(poolName -> runnable -> {
          Thread thread = new Thread(runnable, "lagless-" + poolName);
          thread.setDaemon(true);
          return thread;
        }).build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build();
    List<RedisURI> uris = new ArrayList<>();
    for (String uri : target.uris()) {
      RedisURI parsed = RedisURI.create(uri);
      parsed.setTimeout(Duration.ofSeconds(1));
      uris.add(parsed);
    }
    AbstractRedisClient made2;
    RedisClusterAsyncCommands<String, String> async;
    try {
      if (target.isCluster()) {
        RedisClusterClient cluster = RedisClusterClient.create(made, uris);
        cluster.setOptions(ClusterClientOptions.builder().socketOptions(socket).autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        made2 = cluster;
        cluster.addListener(new Reconnections());
        async = cluster.connect().async();
      } else {
        RedisClient single = RedisClient.create(made, uris.get(0));
        single.setOptions(ClientOptions.builder().socketOptions(socket).autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        made2 = single;
        single.addListener(new Reconnections());
        async = single.connect().async();
      }
    } catch (RuntimeException | LinkageError e) {
      made.shutdown(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
    resources = made;
    client = made2;
    commands = async;
    if (down) {
      down = false;
      log.accept("Redis " + target + " connected; session reads go by it after " + ttlMillis + " ms");
      distrust(); // tokens written while it could not be reached may be missing
    }
  }

  /** A connection that dropped and came back may have lost writes of ours or of other instances. */
  private final class Reconnections implements RedisConnectionStateListener {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      distrust();
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
      if (!connectedOnce.compareAndSet(false, true)) {
        distrust(); // a reconnection, not the first connection
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    AbstractRedisClient made = client;
    if (made != null) {
      made.shutdown(0, 100, TimeUnit.MILLISECONDS);
    }
    ClientResources used = resources;
    if (used != null) {
      used.shutdown(0, 100, TimeUnit.MILLISECONDS);
    }
  }
}
