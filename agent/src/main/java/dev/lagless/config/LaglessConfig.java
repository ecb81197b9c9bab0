package dev.lagless.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Every {@code LAGLESS_*} setting, parsed and validated. Immutable: built once at start by
 * {@link ConfigParser} and shared by every part of the agent.
 */
public final class LaglessConfig {

  private final boolean enabled;
  private final List<ReplicaSource> replicas;
  private final PrimaryTarget primary;
  private final MaxLag maxLag;
  private final boolean ryow;
  private final Duration ryowWait;
  private final RyowScope ryowScope;
  private final SessionKey sessionKey;
  private final String cookie;
  private final Duration tokenTtl;
  private final RedisTarget redis;
  private final TxReads txReads;
  private final Balance balance;
  private final Set<String> writeFunctions;
  private final Set<String> readFunctions;
  private final int replicaPoolSize;
  private final QueryText queryText;
  private final String tokenSecret;
  private final boolean failFast;

  private LaglessConfig(Builder b) {
    this.enabled = b.enabled;
    this.replicas = Collections.unmodifiableList(new ArrayList<>(b.replicas));
    this.primary = b.primary;
    this.maxLag = b.maxLag;
    this.ryow = b.ryow;
    this.ryowWait = b.ryowWait;
    this.ryowScope = b.ryowScope;
    this.sessionKey = b.sessionKey;
    this.cookie = b.cookie;
    this.tokenTtl = b.tokenTtl;
    this.redis = b.redis;
    this.txReads = b.txReads;
    this.balance = b.balance;
    this.writeFunctions = b.writeFunctions;
    this.readFunctions = b.readFunctions;
    this.replicaPoolSize = b.replicaPoolSize;
    this.queryText = b.queryText;
    this.tokenSecret = b.tokenSecret;
    this.failFast = b.failFast;
  }

  /** The configuration with every setting at its default. */
  public static LaglessConfig defaults() {
    return new Builder().build();
  }

  public boolean enabled() {
    return enabled;
  }

  /** Empty: the agent only observes. */
  public List<ReplicaSource> replicas() {
    return replicas;
  }

  public PrimaryTarget primary() {
    return primary;
  }

  public MaxLag maxLag() {
    return maxLag;
  }

  public boolean ryow() {
    return ryow;
  }

  public Duration ryowWait() {
    return ryowWait;
  }

  public RyowScope ryowScope() {
    return ryowScope;
  }

  public SessionKey sessionKey() {
    return sessionKey;
  }

  /** The cookie name, or {@code null} when {@code LAGLESS_COOKIE=off}. */
  public String cookie() {
    return cookie;
  }

  public Duration tokenTtl() {
    return tokenTtl;
  }

  /** The shared token store, or {@code null}: tokens live in this JVM only. */
  public RedisTarget redis() {
    return redis;
  }

  public TxReads txReads() {
    return txReads;
  }

  public Balance balance() {
    return balance;
  }

  public Set<String> writeFunctions() {
    return writeFunctions;
  }

  public Set<String> readFunctions() {
    return readFunctions;
  }

  public int replicaPoolSize() {
    return replicaPoolSize;
  }

  public QueryText queryText() {
    return queryText;
  }

  /** The HMAC key, or {@code null}: tokens are unsigned. Never print it. */
  public String tokenSecret() {
    return tokenSecret;
  }

  public boolean failFast() {
    return failFast;
  }

  /** The settings as one line for the start message, with credentials masked and the secret hidden. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    append(out, "replicas", replicas.isEmpty() ? "none (observe only)" : replicas.toString());
    append(out, "primary", primary.toString());
    append(out, "max_lag", maxLag.toString());
    append(out, "ryow", ryow ? "on" : "off");
    append(out, "ryow_wait", Durations.format(ryowWait));
    append(out, "ryow_scope", ryowScope.settingValue());
    append(out, "session_key", sessionKey.toString());
    append(out, "cookie", cookie == null ? "off" : cookie);
    append(out, "token_ttl", Durations.format(tokenTtl));
    append(out, "redis", redis == null ? "unset (tokens in this JVM)" : redis.toString());
    append(out, "tx_reads", txReads.settingValue());
    append(out, "balance", balance.settingValue());
    append(out, "write_functions", writeFunctions.toString());
    append(out, "read_functions", readFunctions.toString());
    append(out, "replica_pool_size", Integer.toString(replicaPoolSize));
    append(out, "query_text", queryText.settingValue());
    append(out, "token_secret", tokenSecret == null ? "unset (unsigned tokens)" : "set");
    append(out, "fail_fast", Boolean.toString(failFast));
    return out.toString();
  }

  private static void append(StringBuilder out, String name, String value) {
    if (out.length() > 0) {
      out.append(' ');
    }
    out.append(name).append('=').append(value);
  }

  /** Starts from the defaults of SPEC §1. */
  static final class Builder {
    boolean enabled = true;
    List<ReplicaSource> replicas = List.of();
    PrimaryTarget primary = PrimaryTarget.any();
    MaxLag maxLag = MaxLag.ofTime(Duration.ofSeconds(5));
    boolean ryow = true;
    Duration ryowWait = Duration.ofMillis(50);
    RyowScope ryowScope = RyowScope.SESSION;
    SessionKey sessionKey = new SessionKey(SessionKey.Source.BAGGAGE, "user.id");
    String cookie = "lagless_lsn";
    Duration tokenTtl = Duration.ofSeconds(30);
    RedisTarget redis;
    TxReads txReads = TxReads.PRIMARY;
    Balance balance = Balance.LEAST_BUSY;
    Set<String> writeFunctions = Set.of();
    Set<String> readFunctions = Set.of();
    int replicaPoolSize = 10;
    QueryText queryText = QueryText.SANITIZED;
    String tokenSecret;
    boolean failFast;

    LaglessConfig build() {
      return new LaglessConfig(this);
    }
  }
}
