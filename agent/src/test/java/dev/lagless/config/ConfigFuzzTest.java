package dev.lagless.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reliability issue's fuzzed settings: random and adversarial values for every {@code LAGLESS_*}
 * setting, alone and several at once. The parser must never throw, a parser must never fail on its
 * own bug (the "could not be read" fallback), every problem is exactly one line that names the
 * setting, and a password or secret in a value of a setting that holds credentials never shows in it. Deterministic (a fixed seed, printed
 * in every failure); {@code -Dlagless.fuzz.iterations=N} runs longer.
 */
class ConfigFuzzTest {

  private static final long SEED = 20261203L;
  private static final int ITERATIONS = Integer.getInteger("lagless.fuzz.iterations", 5_000);
  private static final String PASSWORD = "Pw-fuzz-7Q2";

  /** Values of the right shape for each setting, which the fuzzer mutates. */
  private static final Map<Setting, List<String>> VALID = Map.ofEntries(
      Map.entry(Setting.ENABLED, List.of("true", "false")),
      Map.entry(Setting.REPLICAS, List.of("db-1:5432,db-2", "jdbc:postgresql://db-3:5433/app?sslmode=require",
          "patroni://patroni:8008", "[::1]:5433")),
      Map.entry(Setting.PRIMARY, List.of("db-0:5432", "any")),
      Map.entry(Setting.MAX_LAG, List.of("5s", "200ms", "16MB", "1h")),
      Map.entry(Setting.RYOW, List.of("on", "off")),
      Map.entry(Setting.RYOW_WAIT, List.of("50ms", "0", "2s")),
      Map.entry(Setting.RYOW_SCOPE, List.of("session", "request", "global")),
      Map.entry(Setting.SESSION_KEY, List.of("user.id", "header:X-User", "cookie:sid")),
      Map.entry(Setting.COOKIE, List.of("lagless_lsn", "off")),
      Map.entry(Setting.TOKEN_TTL, List.of("30s", "5m")),
      Map.entry(Setting.REDIS_URL, List.of("redis://127.0.0.1:6379", "rediss://:" + PASSWORD + "@redis:6380/0",
          "redis-sentinel://h1,h2/0#master")),
      Map.entry(Setting.TX_READS, List.of("primary", "replica")),
      Map.entry(Setting.BALANCE, List.of("least_busy", "round_robin", "random")),
      Map.entry(Setting.WRITE_FUNCTIONS, List.of("audit.log_event", "f,g")),
      Map.entry(Setting.READ_FUNCTIONS, List.of("report.totals")),
      Map.entry(Setting.REPLICA_POOL_SIZE, List.of("10", "1", "1000")),
      Map.entry(Setting.QUERY_TEXT, List.of("sanitized", "raw", "off")),
      Map.entry(Setting.TOKEN_SECRET, List.of("0123456789abcdef0123", PASSWORD + PASSWORD)),
      Map.entry(Setting.FAIL_FAST, List.of("false", "true")));

  private static final String[] PIECES = {"", " ", ",", ",,", ":", "::", "//", "://", "@", "@@", "%", "%2C", "%zz",
      "?", "&", "=", "#", "[", "]", "[::1", "-1", "0", "99999", "99999999999999999999", "1e9", "5 s", "PT5S", "NaN",
      "\n", "\r\n", "\t", "\u0000", "\u001b[31m", "\u2028", "\u0085", "é", "\uD83D\uDE00", "\uD800", "jdbc:postgresql://",
      "jdbc:postgresql://h:1/db?password=" + PASSWORD, "patroni://", "redis://:" + PASSWORD + "@", "redis://" + PASSWORD
      + "@h", "rediss-sentinel://", "header:", "cookie:", "ms", "MB", "h", "true", "on", "null", "${HOME}", "'", "\"",
      "\\", ";", "DROP TABLE x", "x".repeat(300)};

  @Test
  void randomAndAdversarialValuesNeverBreakTheParserAndEachProblemIsOneClearLine() {
    Random random = new Random(SEED);
    Setting[] settings = Setting.values();
    for (int i = 0; i < ITERATIONS; i++) {
      Map<String, String> environment = new HashMap<>();
      Map<String, String> properties = new HashMap<>();
      int count = 1 + random.nextInt(4);
      for (int k = 0; k < count; k++) {
        Setting setting = settings[random.nextInt(settings.length)];
        String value = value(random, setting);
        if (random.nextInt(4) == 0) {
          properties.put(setting.propertyName(), value);
        } else {
          environment.put(setting.envName(), value);
        }
      }
      check("iteration " + i + " of seed " + SEED + ", environment " + environment + ", properties " + properties,
          ConfigSource.of(environment, properties));
    }
  }

  @Test
  void aValueWithALineBreakOrControlCharacterStaysOnOneLine() {
    ConfigParser.Result result = ConfigParser.parse(ConfigSource.of(
        Map.of("LAGLESS_MAX_LAG", "5s\n[lagless] all fine\u001b[0m"), Map.of()));
    assertEquals(1, result.problems().size(), result.problems()::toString);
    String line = result.problems().get(0).toString();
    assertTrue(line.startsWith("LAGLESS_MAX_LAG=5s\\n[lagless] all fine\\u001b[0m is invalid: "), line);
  }

  private static void check(String what, ConfigSource source) {
    ConfigParser.Result result;
    try {
      result = ConfigParser.parse(source);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("the parser threw on " + what, e);
    }
    assertNotNull(result, what);
    assertEquals(result.isValid(), result.problems().isEmpty(), what);
    if (result.isValid()) {
      assertNotNull(result.config(), what);
    }
    for (ConfigProblem problem : result.problems()) {
      String line = problem.toString();
      assertOneLine(line, what);
      assertTrue(line.startsWith("LAGLESS_") || line.startsWith("-Dlagless."), "names the setting: " + line
          + " (" + what + ")");
      assertTrue(line.contains(" is invalid: ") && !problem.allowed().isBlank(), "says what is allowed: " + line);
      assertFalse(line.contains("could not be read ("), "a parser failed on its own bug: " + line + " (" + what + ")");
      if (credentialBearing(problem.givenAs())) {
        assertFalse(line.contains(PASSWORD), "a password shows: " + line + " (" + what + ")");
      }
      assertTrue(line.length() < 1_000, "short enough to read: " + line.length() + " characters (" + what + ")");
    }
    for (String warning : result.warnings()) {
      assertOneLine(warning, what);
    }
  }

  /**
   * The settings whose values are or may hold credentials (URLs, the token secret). Elsewhere a
   * password can only be a value pasted into the wrong variable, shown as given.
   */
  private static boolean credentialBearing(String givenAs) {
    for (Setting setting : Setting.values()) {
      if (givenAs.equals(setting.envName()) || givenAs.equals("-D" + setting.propertyName())) {
        return setting.isSecret() || setting.mayContainCredentials();
      }
    }
    throw new AssertionError("a problem under an unknown name: " + givenAs);
  }

  private static void assertOneLine(String line, String what) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      assertFalse(c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029,
          "a control or line-break character (" + (int) c + ") in: " + line + " (" + what + ")");
    }
  }

  private static String value(Random random, Setting setting) {
    List<String> valid = VALID.get(setting);
    String base = valid.get(random.nextInt(valid.size()));
    switch (random.nextInt(5)) {
      case 0:
        return base; // sometimes valid, so that combinations (read and write functions) are tried too
      case 1:
        return randomText(random, random.nextInt(40));
      case 2: {
        // the valid value with pieces inserted
        StringBuilder mutated = new StringBuilder(base);
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
          mutated.insert(random.nextInt(mutated.length() + 1), PIECES[random.nextInt(PIECES.length)]);
        }
        return mutated.toString();
      }
      case 3: {
        StringBuilder pieces = new StringBuilder();
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
          pieces.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return pieces.toString();
      }
      default:
        // the valid value cut short or with a character replaced
        if (base.isEmpty()) {
          return base;
        }
        int at = random.nextInt(base.length());
        return random.nextBoolean() ? base.substring(0, at)
            : base.substring(0, at) + (char) random.nextInt(0x3000) + base.substring(at + 1);
    }
  }

  private static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      text.append(kind < 6 ? (char) (0x20 + random.nextInt(0x5f)) : kind < 8 ? (char) random.nextInt(0x20)
          : (char) random.nextInt(0xFFFF));
    }
    return text.toString();
  }
}
