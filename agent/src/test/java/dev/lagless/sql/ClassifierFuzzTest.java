package dev.lagless.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and adversarial input: the classifier never throws, does work linear in the length,
 * and never calls a string a read when its first keyword writes.
 */
class ClassifierFuzzTest {

  private static final long SEED = 0x1a6_1e55L;
  private static final List<String> PIECES = List.of(
      "SELECT", "select", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "AS", "(", ")", ",", ";", "'", "''", "\"",
      "$$", "$t$", "$1", "?", "--", "\n", "/*", "*/", "E'", "\\", "U&'", "FOR", "UPDATE", "SHARE", "INTO", "FROM",
      "t", "nextval", "(", "'x'", "42", "::", "::int", " ", "\t", "EXPLAIN", "ANALYZE", "COPY", "TO", "STDOUT",
      "TEMP", "TABLE", "SET", "BEGIN", "COMMIT", "lagless:primary", "VALUES", "é", "\u0000", "[", "]", "{", ".");
  private static final List<String> WRITE_KEYWORDS = List.of(
      "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "CREATE", "ALTER", "DROP", "GRANT", "VACUUM", "CALL", "DO",
      "LOCK", "CLUSTER", "REINDEX", "COMMENT", "REFRESH", "SET", "BEGIN", "LISTEN", "NOTIFY", "PREPARE", "DISCARD");

  private static final String ALPHABET = "'\"$;()-*/\\ Eu&?:xX0";

  private final SqlClassifier classifier = SqlClassifier.withDefaults();

  @Test
  void randomSequencesOfSqlPiecesNeverThrowAndNeverReadAfterAWriteKeyword() {
    Random random = new Random(SEED);
    for (int round = 0; round < 30_000; round++) {
      StringBuilder sql = new StringBuilder();
      int pieces = 1 + random.nextInt(25);
      for (int i = 0; i < pieces; i++) {
        sql.append(PIECES.get(random.nextInt(PIECES.size())));
        if (random.nextBoolean()) {
          sql.append(' ');
        }
      }
      check(sql.toString());
      String write = WRITE_KEYWORDS.get(random.nextInt(WRITE_KEYWORDS.size()));
      String prefixed = (random.nextBoolean() ? write : write.toLowerCase(Locale.ROOT)) + " " + sql;
      Classification c = check(prefixed);
      assertFalse(c.isRead(), () -> "a statement starting with " + write + " was called a read: " + prefixed);
    }
  }

  @Test
  void randomCharactersNeverThrow() {
    Random random = new Random(SEED + 1);
    for (int round = 0; round < 20_000; round++) {
      char[] chars = new char[random.nextInt(80)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : ALPHABET.charAt(
            random.nextInt(ALPHABET.length()));
      }
      check(new String(chars));
    }
  }

  @Test
  void workGrowsLinearlyWithLength() {
    // Adversarial shapes for backtracking or quadratic scans: deep nesting, endless comments, many quotes.
    for (String unit : List.of("(", "/*", "'", "$a", "SELECT ", "for update ", "$1,", "((SELECT 1))", "--\n", "E'\\'")) {
      long small = timeOf(unit, 2_000);
      long large = timeOf(unit, 64_000);
      // 32x the text may cost at most ~32x (allowing generous noise), never 1000x as a quadratic scan would.
      assertTrue(large < Math.max(small, 1_000_000L) * 200, unit + ": " + small + " ns then " + large + " ns");
    }
  }

  private long timeOf(String unit, int repeats) {
    String sql = unit.repeat(repeats);
    check(sql);
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      classifier.classifyUncached(sql);
      best = Math.min(best, System.nanoTime() - start);
    }
    return best;
  }

  private Classification check(String sql) {
    Classification c = classifier.classifyUncached(sql);
    assertNotNull(c.reason(), sql);
    assertNotNull(c.summary(), sql);
    assertNotNull(c.sanitizedText(), sql);
    assertEquals(c.isRead(), c.reason() == Reason.READ, sql);
    return c;
  }
}
