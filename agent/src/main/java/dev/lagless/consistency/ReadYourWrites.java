package dev.lagless.consistency;

import dev.lagless.config.LaglessConfig;
import dev.lagless.config.RyowScope;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which token a read must wait for, and where a write's token goes (SPEC §3 scopes): the session key
 * (a baggage entry, {@code LAGLESS_SESSION_KEY}), else the current trace, else the current thread;
 * or one token for the whole JVM with {@code LAGLESS_RYOW_SCOPE=global}. A write also moves the
 * writing thread's own token, so a thread always reads what it wrote whatever its context says. An
 * incoming baggage token ({@code lagless.lsn}) is honoured when it is well formed and of this cluster.
 */
public final class ReadYourWrites {

  static final String BAGGAGE_TOKEN = "lagless.lsn";

  private final boolean global;
  private final String sessionBaggageKey;
  private final long ttlNanos;
  private final TokenStore store;
  private final AtomicReference<Token> globalToken = new AtomicReference<>();
  private final ThreadLocal<ThreadToken> threadToken = new ThreadLocal<>();

  /** The current thread's token and when it expires. */
  private static final class ThreadToken {
    final Token token;
    final long expiresAtNanos;

    ThreadToken(Token token, long expiresAtNanos) {
      this.token = token;
      this.expiresAtNanos = expiresAtNanos;
    }
  }
  private volatile boolean otelUnavailable;
  private final java.util.concurrent.atomic.AtomicLong ignored = new java.util.concurrent.atomic.AtomicLong();
  /** Tokens still being fetched, per scope: a read in that scope waits for them. */
  private final ThreadLocal<PendingToken> threadPending = new ThreadLocal<>();
  private final ConcurrentHashMap<String, PendingToken> pending = new ConcurrentHashMap<>();
  private final AtomicReference<PendingToken> globalPending = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

  /** What {@link #required} returns when a token could not be learned: only the primary is safe. */
  public static final Token UNKNOWN = new Token(-1, -1, Long.MAX_VALUE);

  public ReadYourWrites(LaglessConfig config) {
    this.global = config.ryowScope() == RyowScope.GLOBAL;
    this.sessionBaggageKey = config.sessionKey().source() == dev.lagless.config.SessionKey.Source.BAGGAGE ? config.sessionKey().name() : null;
    this.ttlNanos = config.tokenTtl().toNanos();
    this.store = new TokenStore(config.tokenTtl());
  }

  /**
   * A write committed; its token is learned when a read of the same scope first needs it. The
   * scopes of this moment (thread, session or trace, or the JVM) remember it until then.
   */
  public void wrote(PendingToken write) {
    if (global) {
      globalPending.set(write); // only the newest matters: its token is at or after the older ones'
      return;
    }
    threadPending.set(write);
    String key = scopeKey();
    if (key != null) {
      pending.put(key, write);
      if (writes.incrementAndGet() % 4096 == 0) {
        long now = System.nanoTime();
        pending.values().removeIf(p -> now - p.committedAtNanos > ttlNanos); // their tokens would have expired
      }
    }
  }



  /** Incoming tokens ignored so far (malformed, another cluster's or timeline's, beyond the primary). */
  public long ignoredTokens() {
    return ignored.get();
  }

  /**
   * The token a read must see now, or null; {@link #UNKNOWN} when one exists but could not be learned
   * (the read must go to the primary). {@code primary} says what the primary is now: a token from
   * baggage is honoured only if it is of that cluster and timeline and not beyond its position.
   */
  public Token required(PrimaryPosition primary) {
    long clusterSystemIdentifier = primary.systemIdentifier();
    if (global) {
      PendingToken newest = globalPending.get();
      if (newest != null) {
        Token fetched = settle(newest);
        if (fetched == UNKNOWN) {
          return UNKNOWN;
        }
        globalToken.accumulateAndGet(fetched, Token::max);
        globalPending.compareAndSet(newest, null);
      }
      return globalToken.get();
    }
    PendingToken mine = threadPending.get();
    if (mine != null) {
      Token fetched = settle(mine);
      threadPending.remove();
      if (fetched == UNKNOWN) {
        return UNKNOWN;
      }
      if (fetched != null) {
        threadToken.set(new ThreadToken(Token.max(liveThreadToken(), fetched), System.nanoTime() + ttlNanos));
      }
    }
    Token token = liveThreadToken();
    String key = scopeKey();
    if (key != null) {
      PendingToken theirs = pending.get(key);
      if (theirs != null) {
        Token fetched = settle(theirs);
        if (fetched == UNKNOWN) {
          return UNKNOWN;
        }
        store.advance(key, fetched);
        pending.remove(key, theirs);
      }
      token = Token.max(token, store.get(key));
    }
    Token incoming = trusted(incoming(), primary);
    return Token.max(token, incoming);
  }

  /** What the agent knows of the primary, to judge tokens that come from outside. */
  public interface PrimaryPosition {
    long systemIdentifier();

    int timeline();

    /** The primary's position as last seen (may be a little behind). */
    long knownLsn();

    /** The primary's position now (one round trip); -1 when it cannot be asked. */
    long currentLsn();
  }

  private Token trusted(Token incoming, PrimaryPosition primary) {
    if (incoming == null) {
      return null;
    }
    if (incoming.systemIdentifier != primary.systemIdentifier() || incoming.timeline != primary.timeline()) {
      ignored.incrementAndGet();
      return null;
    }
    if (incoming.lsn > primary.knownLsn()) {
      long now = primary.currentLsn();
      if (now < 0 || incoming.lsn > now) {
        ignored.incrementAndGet(); // a position the primary has not reached: impossible, never waited on
        return null;
      }
    }
    return incoming;
  }

  /** The token of a pending write; UNKNOWN when it could not be had. */
  private static Token settle(PendingToken write) {
    Token token = write.get();
    return token == null ? UNKNOWN : token;
  }

  private Token liveThreadToken() {
    ThreadToken mine = threadToken.get();
    if (mine == null) {
      return null;
    }
    if (mine.expiresAtNanos - System.nanoTime() < 0) {
      threadToken.remove();
      return null;
    }
    return mine.token;
  }

  /** {@code s:<session>} from baggage, else {@code t:<trace id>}, else null (the thread's own token serves). */
  private String scopeKey() {
    if (otelUnavailable) {
      return null;
    }
    try {
      if (sessionBaggageKey != null) {
        String session = Baggage.current().getEntryValue(sessionBaggageKey);
        if (session != null && !session.isEmpty() && session.length() <= Token.MAX_TEXT) {
          return "s:" + session;
        }
      }
      SpanContext span = Span.current().getSpanContext();
      return span.isValid() ? "t:" + span.getTraceId() : null;
    } catch (RuntimeException | LinkageError e) {
      otelUnavailable = true;
      return null;
    }
  }

  private Token incoming() {
    if (otelUnavailable) {
      return null;
    }
    try {
      String text = Baggage.current().getEntryValue(BAGGAGE_TOKEN);
      if (text == null) {
        return null;
      }
      Token token = Token.parse(text);
      if (token == null) {
        ignored.incrementAndGet();
      }
      return token;
    } catch (RuntimeException | LinkageError e) {
      otelUnavailable = true;
      return null;
    }
  }
}
