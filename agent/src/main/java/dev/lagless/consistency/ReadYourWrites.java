package dev.lagless.consistency;

import dev.lagless.config.LaglessConfig;
import dev.lagless.config.RyowScope;
import dev.lagless.config.SessionKey;
import dev.lagless.telemetry.CallerContext;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which token a read must wait for, and where a write's token goes (SPEC §3 scopes): the session key
 * ({@code LAGLESS_SESSION_KEY}: a baggage entry, or a header or cookie of the servlet request), else
 * the current trace, else the current thread; or one token for the whole JVM with
 * {@code LAGLESS_RYOW_SCOPE=global}. A write also moves the writing thread's own token, so a thread
 * always reads what it wrote whatever its context says; inside a servlet request the request takes the
 * thread's place (a container's thread serves many users, one after another). Tokens that come from outside (baggage
 * {@code lagless.lsn}, the {@code LAGLESS_COOKIE} cookie) are honoured when well formed, signed if a
 * secret is set, of this cluster and timeline, and not beyond the primary.
 *
 * <p>A write's token is fetched lazily (when a read of its scope needs it) unless it must leave this
 * JVM at once: to a shared session store, as a cookie to the client, or in outgoing baggage.
 */
public final class ReadYourWrites {

  static final String BAGGAGE_TOKEN = "lagless.lsn";

  /** What {@link #required} returns when a token could not be learned: only the primary is safe. */
  public static final Token UNKNOWN = new Token(-1, -1, Long.MAX_VALUE);

  private final boolean global;
  private final String sessionBaggageKey;
  private final CallerContext caller;
  private final long ttlNanos;
  private final SessionTokens sessions;
  private final TokenSigner signer;
  private final OutgoingBaggage outgoing = new OutgoingBaggage();
  private final AtomicReference<Token> globalToken = new AtomicReference<>();
  private final ThreadLocal<ThreadToken> threadToken = new ThreadLocal<>();
  /** Tokens still to be fetched, per scope: a read in that scope fetches them first. */
  private final ThreadLocal<PendingToken> threadPending = new ThreadLocal<>();
  private final ConcurrentHashMap<String, PendingToken> pending = new ConcurrentHashMap<>();
  private final AtomicReference<PendingToken> globalPending = new AtomicReference<>();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private volatile boolean otelUnavailable;

  /** The current thread's token and when it expires. */
  private static final class ThreadToken {
    final Token token;
    final long expiresAtNanos;

    ThreadToken(Token token, long expiresAtNanos) {
      this.token = token;
      this.expiresAtNanos = expiresAtNanos;
    }
  }

  /** Session tokens kept in this JVM. */
  public ReadYourWrites(LaglessConfig config) {
    this(config, new TokenStore(config.tokenTtl()));
  }

  public ReadYourWrites(LaglessConfig config, SessionTokens sessions) {
    this(config, sessions, CallerContext.OWN_API);
  }

  /** {@code caller}: where the application's baggage and trace are (its own API copy, or this one). */
  public ReadYourWrites(LaglessConfig config, SessionTokens sessions, CallerContext caller) {
    this.caller = caller;
    this.global = config.ryowScope() == RyowScope.GLOBAL;
    this.sessionBaggageKey = config.sessionKey().source() == SessionKey.Source.BAGGAGE ? config.sessionKey().name() : null;
    this.ttlNanos = config.tokenTtl().toNanos();
    this.sessions = sessions;
    this.signer = TokenSigner.of(config.tokenSecret());
  }

  /**
   * A write committed. The scopes of this moment (thread, session or trace, or the JVM) remember it
   * until a read of theirs needs its token; when the token must leave this JVM (shared store, cookie,
   * outgoing baggage) it is fetched now, before the request that wrote can answer.
   */
  public void wrote(PendingToken write) {
    CallerRequest request = CallerRequest.current();
    Seen seen = seen();
    String key = null;
    if (global) {
      globalPending.set(write); // only the newest matters: its token is at or after the older ones'
    } else {
      if (request != null) {
        request.pendingWrite = write;
      } else {
        threadPending.set(write);
      }
      key = scopeKey(seen, request);
      if (key != null) {
        pending.put(key, write);
        if (writes.incrementAndGet() % 4096 == 0) {
          long now = System.nanoTime();
          pending.values().removeIf(p -> now - p.committedAtNanos > ttlNanos); // their tokens would have expired
        }
      }
    }
    boolean sharedSession = key != null && key.startsWith("s:") && sessions.shared();
    boolean toClient = request != null && request.reply != null;
    boolean downstream = request != null && request.spanAtStart != null; // a traced request: its calls carry baggage
    if (!sharedSession && !toClient && !downstream) {
      return;
    }
    Token token = write.get();
    if (token == null) {
      return; // the primary cannot be asked: reads of this scope go to the primary (UNKNOWN)
    }
    if (sharedSession) {
      sessions.advance(key, token);
      pending.remove(key, write);
    }
    String text = signer.sign(token);
    if (toClient) {
      request.replyWith(text);
    }
    if (downstream) {
      outgoing.put(text, request);
    }
  }

  /** Tokens from outside ignored so far (malformed, unsigned, another cluster's or timeline's, beyond the primary). */
  public long ignoredTokens() {
    return ignored.get();
  }

  /**
   * The token a read must see now, or null; {@link #UNKNOWN} when one exists but could not be learned
   * (the read must go to the primary). {@code primary} says what the primary is now: a token from
   * outside is honoured only if it is of that cluster and not beyond the primary's position; one of a
   * later timeline than the primary's as seen here sends the read to the primary.
   */
  public Token required(PrimaryPosition primary) {
    CallerRequest request = CallerRequest.current();
    Seen seen = seen();
    Token token;
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
      token = globalToken.get();
    } else {
      token = scoped(seen, request);
      if (token == UNKNOWN) {
        return UNKNOWN;
      }
    }
    Token incoming = trusted(verified(seen.baggageToken), primary);
    if (incoming == UNKNOWN) {
      return UNKNOWN;
    }
    token = Token.max(token, incoming);
    if (request != null) {
      for (String text : request.tokenTexts) {
        incoming = trusted(verified(text), primary);
        if (incoming == UNKNOWN) {
          return UNKNOWN;
        }
        token = Token.max(token, incoming);
      }
    }
    return token;
  }

  private Token scoped(Seen seen, CallerRequest request) {
    Token token;
    if (request != null) {
      PendingToken mine = request.pendingWrite;
      if (mine != null) {
        Token fetched = settle(mine);
        if (fetched == UNKNOWN) {
          return UNKNOWN;
        }
        request.pendingWrite = null;
        request.ownToken = Token.max(request.ownToken, fetched);
      }
      token = request.ownToken;
    } else {
      PendingToken mine = threadPending.get();
      if (mine != null) {
        Token fetched = settle(mine);
        threadPending.remove();
        if (fetched == UNKNOWN) {
          return UNKNOWN;
        }
        threadToken.set(new ThreadToken(Token.max(liveThreadToken(), fetched), System.nanoTime() + ttlNanos));
      }
      token = liveThreadToken();
    }
    String key = scopeKey(seen, request);
    if (key == null) {
      return token;
    }
    PendingToken theirs = pending.get(key);
    if (theirs != null) {
      Token fetched = settle(theirs);
      if (fetched == UNKNOWN) {
        return UNKNOWN;
      }
      sessions.advance(key, fetched);
      pending.remove(key, theirs);
    }
    // A shared store may reuse what it fetched for the same request (never across requests: another
    // instance may have written in between).
    Object asking = request != null ? request : seen.traceId;
    Token stored = sessions.get(key, asking);
    return stored == UNKNOWN ? UNKNOWN : Token.max(token, stored);
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

  private Token verified(String text) {
    if (text == null) {
      return null;
    }
    Token token = signer.verify(text);
    if (token == null) {
      ignored.incrementAndGet();
    }
    return token;
  }

  private Token trusted(Token incoming, PrimaryPosition primary) {
    if (incoming == null) {
      return null;
    }
    if (incoming.systemIdentifier != primary.systemIdentifier()) {
      ignored.incrementAndGet();
      return null;
    }
    if (incoming.timeline > primary.timeline()) {
      // Written after a failover this JVM has not seen yet: its replicas may still follow the old
      // primary, so only the primary (the application's own connection) can be trusted to have it.
      return UNKNOWN;
    }
    // A token of an earlier timeline is a position in the shared history if the write survived the
    // failover (it is at or before the fork, and every replica following the new timeline that replayed
    // that far has it); if it did not survive, no node has it and waiting for the position is harmless.
    // Either way its position is what a read must see; the check below drops impossible ones.
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

  /** What the current OpenTelemetry context says, read once per write or read. */
  private static final class Seen {
    static final Seen NOTHING = new Seen(null, null, null);

    final String baggageSession;
    final String baggageToken;
    /** The current trace's id, or null when no traced request is in progress. */
    final String traceId;

    Seen(String baggageSession, String baggageToken, String traceId) {
      this.baggageSession = baggageSession;
      this.baggageToken = baggageToken;
      this.traceId = traceId;
    }
  }

  private Seen seen() {
    if (otelUnavailable) {
      return Seen.NOTHING;
    }
    try {
      Context context = caller.current();
      Baggage baggage = Baggage.fromContext(context);
      SpanContext span = Span.fromContext(context).getSpanContext();
      return new Seen(sessionBaggageKey == null ? null : baggage.getEntryValue(sessionBaggageKey),
          baggage.getEntryValue(BAGGAGE_TOKEN), span.isValid() ? span.getTraceId() : null);
    } catch (RuntimeException | LinkageError e) {
      otelUnavailable = true;
      return Seen.NOTHING;
    }
  }

  /**
   * {@code s:<session>} (from baggage, or what the servlet request names), else {@code t:<trace id>},
   * else null (the thread's or request's own token serves).
   */
  private static String scopeKey(Seen seen, CallerRequest request) {
    String session = seen.baggageSession;
    if ((session == null || session.isEmpty()) && request != null) {
      session = request.sessionKey;
    }
    if (session != null && !session.isEmpty() && session.length() <= Token.MAX_TEXT) {
      return "s:" + session;
    }
    return seen.traceId != null ? "t:" + seen.traceId : null;
  }
}
