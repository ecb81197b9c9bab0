package dev.lagless.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reliability issue's fuzzed baggage, at the point where baggage and cookies become tokens: random
 * and adversarial texts never throw and never yield a token that is not canonical, and with a secret no
 * altered text ever yields a token other than the one that was signed (no forgery by editing). Seeded,
 * so any failure is reproducible; {@code -Dlagless.fuzz.iterations=N} runs longer.
 */
class TokenFuzzTest {

  private static final long SEED = 20261203L;
  private static final int ITERATIONS = Integer.getInteger("lagless.fuzz.iterations", 20_000);
  private static final String[] PIECES = {"", ":", "::", "/", "//", "0", "1", "-1", "+1", "FF", "ff", "FFFFFFFF",
      "100000000", "18446744073709551615", "18446744073709551616", "9223372036854775808", " ", "\t", "\n", "%3A",
      "0/0", "0/1", "1/", "/1", "A/B", "é", "\uD83D\uDE00", "\u0000", "7715124949514675021", "2147483648", "x".repeat(130),
      ",", ";", "=", "lagless.lsn=", "Zm9vYmFy", "_-"};

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    for (int n = random.nextInt(8); n > 0; n--) {
      if (random.nextInt(3) == 0) {
        text.append((char) random.nextInt(0x250));
      } else {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return text.toString();
  }

  private static Token randomToken(Random random) {
    return new Token(random.nextLong(), 1 + random.nextInt(Integer.MAX_VALUE - 1), random.nextLong() >>> 1);
  }

  @Test
  void randomTextsNeverThrowAndOnlyCanonicalTokensComeOut() {
    Random random = new Random(SEED);
    TokenSigner unsigned = TokenSigner.of(null);
    TokenSigner signed = TokenSigner.of("a-secret-of-some-length");
    for (int i = 0; i < ITERATIONS; i++) {
      String text = randomText(random);
      String what = "iteration " + i + " of seed " + SEED + ": '" + text + "'";
      Token token = Token.parse(text);
      if (token != null) {
        assertTrue(token.timeline > 0 && token.lsn >= 0, what);
        assertEquals(token, Token.parse(token.toString()), what);
      }
      assertEquals(token, unsigned.verify(text), what);
      assertNull(signed.verify(text), "an unsigned or randomly signed text is refused: " + what);
    }
  }

  @Test
  void noEditOfASignedTokenYieldsAnotherToken() {
    Random random = new Random(SEED);
    TokenSigner signer = TokenSigner.of("a-secret-of-some-length");
    for (int i = 0; i < ITERATIONS; i++) {
      Token token = randomToken(random);
      String text = signer.sign(token);
      assertEquals(token, signer.verify(text), text);
      StringBuilder edited = new StringBuilder(text);
      int at = random.nextInt(text.length());
      switch (random.nextInt(3)) {
        case 0:
          edited.setCharAt(at, (char) (text.charAt(at) + 1 + random.nextInt(60)));
          break;
        case 1:
          edited.deleteCharAt(at);
          break;
        default:
          edited.insert(at, PIECES[random.nextInt(PIECES.length)]);
      }
      Token verified = signer.verify(edited.toString());
      assertTrue(verified == null || verified.equals(token), "iteration " + i + ": '" + edited + "' edited from '"
          + text + "' verified as " + verified);
    }
  }
}
