package dev.lagless.consistency;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens per scope key in this JVM, for {@code LAGLESS_TOKEN_TTL}. A key's token only moves forward
 * (compare-and-max). Bounded: past {@link #MAX_KEYS} keys, expired ones are dropped first, then the
 * store starts again empty (a lost token sends that session's next reads to a replica that may
 * lag; so the bound is generous, and a real deployment with that many live sessions uses Redis).
 */
public final class TokenStore implements SessionTokens {

  static final int MAX_KEYS = 200_000;

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;

  private static final class Entry {
    final Token token;
    final long expiresAt;

    Entry(Token token, long expiresAt) {
      this.token = token;
      this.expiresAt = expiresAt;
    }
  }

  public TokenStore(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  @Override
  public void advance(String key, Token token) {
    long now = System.nanoTime();
    if (entries.size() >= MAX_KEYS) {
      entries.values().removeIf(e -> e.expiresAt - now < 0);
      if (entries.size() >= MAX_KEYS) {
        entries.clear();
      }
    }
    entries.merge(key, new Entry(token, now + ttlNanos), (old, fresh) -> old.expiresAt - now < 0
        ? fresh : new Entry(Token.max(old.token, fresh.token), fresh.expiresAt));
  }

  @Override
  public Token get(String key, Object request) {
    return get(key);
  }

  public Token get(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (entry.expiresAt - System.nanoTime() < 0) {
      entries.remove(key, entry);
      return null;
    }
    return entry.token;
  }

  int size() {
    return entries.size();
  }
}
