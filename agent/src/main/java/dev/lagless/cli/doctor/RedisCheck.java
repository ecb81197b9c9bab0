package dev.lagless.cli.doctor;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Redis, when {@code LAGLESS_REDIS_URL} names it: reachable and answering, with its credentials. */
final class RedisCheck {

  private RedisCheck() {}

  /** {@code uri} may hold a password: only its host and port are ever shown. */
  static Finding check(String uri) {
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (RuntimeException e) {
      return Finding.problem("LAGLESS_REDIS_URL is not a Redis URI", "write it as redis://host:6379 (or rediss://)");
    }
    String shown = parsed.getHost() + ":" + parsed.getPort();
    parsed.setTimeout(Duration.ofSeconds(3));
    RedisClient client = RedisClient.create(parsed);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String pong = connection.sync().ping();
      return Finding.ok(shown + " answers (" + pong + "): read-your-own-writes tokens are shared across instances");
    } catch (RuntimeException e) {
      return Finding.problem(shown + " not reachable: " + rootMessage(e),
          "start Redis there or correct LAGLESS_REDIS_URL; while Redis cannot be asked, the reads of every session"
              + " with a token go to the primary (never stale, but not offloaded)");
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("redis(s)?://[^@\\s]*@", "redis$1://***@");
  }
}
