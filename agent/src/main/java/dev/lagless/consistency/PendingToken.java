package dev.lagless.consistency;

/**
 * The token of a write that has committed, fetched only when a read in its scope needs it: a write
 * that no read of its session follows costs no extra round trip at all, and the write never waits
 * for one. Concurrent fetches share round trips ({@link TokenSource}).
 */
public final class PendingToken {

  private final TokenSource source;
  private final long arrival;
  final long committedAtNanos = System.nanoTime();
  private volatile Token token;

  public PendingToken(TokenSource source) {
    this.source = source;
    this.arrival = source.arrive();
  }

  /** A write whose token is already known (tests). */
  PendingToken(Token known) {
    this.source = null;
    this.arrival = 0;
    this.token = known;
  }

  /** The token (one round trip the first time); null when the primary could not be asked. */
  public Token get() {
    Token known = token;
    if (known == null) {
      known = source.tokenFor(arrival);
      token = known;
    }
    return known;
  }
}
