package dev.lagless.consistency;

/**
 * Where session tokens live for {@code LAGLESS_TOKEN_TTL}: in this JVM ({@link TokenStore}) or shared
 * by every instance through Redis ({@link RedisTokenStore}). A key's token only moves forward.
 */
public interface SessionTokens {

  /** Records that the session's newest write is at or before {@code token}; before the request answers. */
  void advance(String key, Token token);

  /**
   * The session's token, null when it has none, {@link ReadYourWrites#UNKNOWN} when it cannot be
   * known now (the read goes to the primary). {@code request} identifies the request asking (null
   * when there is none): a shared store may answer again from what it fetched for the same request.
   */
  Token get(String key, Object request);

  /** True when other instances see these tokens: a write's token must then be stored before the response. */
  default boolean shared() {
    return false;
  }

  default void close() {}
}
