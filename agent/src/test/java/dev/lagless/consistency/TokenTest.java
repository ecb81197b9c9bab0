package dev.lagless.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenTest {

  @Test
  void parsesAndPrintsTheSpecFormat() {
    Token token = Token.parse("7440215791853213413:1:0/3024698");
    assertEquals(7440215791853213413L, token.systemIdentifier);
    assertEquals(1, token.timeline);
    assertEquals(0x3024698L, token.lsn);
    assertEquals("7440215791853213413:1:0/3024698", token.toString());
    assertEquals(Token.parse("18446744073709551615:2:1A/FF").toString(), "18446744073709551615:2:1A/FF",
        "system identifiers are unsigned 64-bit");
  }

  @Test
  void rejectsWhatIsNotAToken() {
    for (String bad : new String[] {null, "", "1:1", "1:1:0/1:x", "a:1:0/1", "1:0:0/1", "1:1:01", "1:1:/1",
        "1:1:123456789/0", "1:1:0/" + "f".repeat(9), "1:" + "9".repeat(200) + ":0/1", "1:1:-1/0"}) {
      assertNull(Token.parse(bad), String.valueOf(bad));
    }
  }

  @Test
  void anInsertPointerJustPastAPageHeaderMovesBackOverIt() {
    assertEquals(8192, Token.normalizeInsertLsn(8192 + 24));
    assertEquals(16L * 1024 * 1024, Token.normalizeInsertLsn(16L * 1024 * 1024 + 40));
    assertEquals(8192 + 100, Token.normalizeInsertLsn(8192 + 100));
  }

  @Test
  void maxAndCoversRespectClusterAndTimeline() {
    Token a = new Token(7, 1, 100);
    Token b = new Token(7, 1, 200);
    Token other = new Token(8, 1, 999);
    assertSame(b, Token.max(a, b));
    assertTrue(b.covers(a));
    assertFalse(a.covers(b));
    assertFalse(other.covers(a), "another cluster's position says nothing about this one");
    assertSame(a, Token.max(a, null));
  }

  @Test
  void theStoreOnlyMovesForwardAndForgetsAfterTheTtl() throws InterruptedException {
    TokenStore store = new TokenStore(Duration.ofMillis(50));
    store.advance("s:42", new Token(7, 1, 200));
    store.advance("s:42", new Token(7, 1, 100));
    assertEquals(200, store.get("s:42").lsn);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (store.get("s:42") != null && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // until the TTL has passed: the condition under test
    }
    assertNull(store.get("s:42"));
  }
}
