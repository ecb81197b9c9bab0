package dev.lagless.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.config.ConfigParser;
import dev.lagless.config.ConfigSource;
import dev.lagless.config.RedisTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis session store against a real Redis that pauses: a store that outlasts the writer's 20 ms
 * patience but lands once Redis answers again is not a failure — Redis is not distrusted (which would
 * send every session read of the JVM to the primary for a whole TTL), and the token is there for the
 * other instances.
 */
class RedisTokenStoreFaultTest {

  private static LocalCluster cluster;
  private static RedisTarget target;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.builder().replicas(0).redis(true).start();
    target = ConfigParser.parse(ConfigSource.of(Map.of("LAGLESS_REDIS_URL", cluster.redis().uri()), Map.of()))
        .config().redis();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aStoreSlowerThanThePatienceOfItsWriterIsNotAFailure() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    RedisTokenStore writer = new RedisTokenStore(target, Duration.ofSeconds(30), log::add);
    RedisTokenStore reader = new RedisTokenStore(target, Duration.ofSeconds(30), line -> { });
    try {
      awaitConnected(writer);
      awaitConnected(reader);
      Token token = new Token(7, 1, 0x5000);

      signal("STOP"); // Redis pauses for 200 ms: well past 20 ms, well within Lettuce's 1 s timeout
      try {
        writer.advance("s:u1", token);
        Thread.sleep(200); // the pause itself: the fault, not a synchronisation
      } finally {
        signal("CONT");
      }

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      Token seen = reader.get("s:u1", null);
      while (!token.equals(seen) && System.nanoTime() < deadline) {
        Thread.sleep(10); // polling another instance's view with a deadline
        seen = reader.get("s:u1", null);
      }
      assertEquals(token, seen, "the store landed once Redis answered: other instances see the token");
      assertNotSame(ReadYourWrites.UNKNOWN, writer.get("s:u2", null),
          "the writer still trusts Redis: its sessions' reads may go to replicas");
      assertTrue(log.stream().noneMatch(line -> line.contains("does not answer")), String.join("\n", log));
    } finally {
      writer.close();
      reader.close();
    }
  }

  private static void awaitConnected(RedisTokenStore store) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (store.get("s:nobody", null) == ReadYourWrites.UNKNOWN && System.nanoTime() < deadline) {
      Thread.sleep(10); // the store connects on its own thread
    }
    assertNotSame(ReadYourWrites.UNKNOWN, store.get("s:nobody", null), "connected to Redis");
  }

  private static void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(cluster.redis().pid()))
        .redirectErrorStream(true).start();
    assertEquals(0, kill.waitFor(), new String(kill.getInputStream().readAllBytes()));
  }
}
