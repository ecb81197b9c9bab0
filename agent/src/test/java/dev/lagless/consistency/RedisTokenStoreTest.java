package dev.lagless.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stored form that the compare-and-max script compares as text. */
class RedisTokenStoreTest {

  @Test
  void theStoredFormRoundTripsAndComparesAsTextInTokenOrder() {
    Token low = new Token(-7L, 1, 0x9FFFFFFFL);
    Token high = new Token(-7L, 1, 0x1_0000_0000L);
    Token nextTimeline = new Token(-7L, 2, 0x10L);
    assertEquals(low, RedisTokenStore.decode(RedisTokenStore.encode(low)), "unsigned system identifiers too");
    assertTrue(RedisTokenStore.encode(low).substring(0, 24).compareTo(RedisTokenStore.encode(high).substring(0, 24)) < 0);
    assertTrue(RedisTokenStore.encode(high).substring(0, 24).compareTo(RedisTokenStore.encode(nextTimeline).substring(0, 24)) < 0,
        "a newer timeline is newer");
    assertEquals(':', RedisTokenStore.encode(high).charAt(24));
    assertNull(RedisTokenStore.decode("not a token"));
    assertNull(RedisTokenStore.decode(null));
  }
}
