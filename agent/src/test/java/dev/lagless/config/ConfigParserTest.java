package dev.lagless.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every setting of SPEC §1: its default, good values, and bad values with the error line they give. */
class ConfigParserTest {

  @Test
  void withNothingSetEveryDefaultIsTheOneInTheSpec() {
    LaglessConfig config = valid(Map.of());
    assertTrue(config.enabled());
    assertTrue(config.replicas().isEmpty());
    assertTrue(config.primary().isAny());
    assertEquals(MaxLag.ofTime(Duration.ofSeconds(5)), config.maxLag());
    assertTrue(config.ryow());
    assertEquals(Duration.ofMillis(50), config.ryowWait());
    assertEquals(RyowScope.SESSION, config.ryowScope());
    assertEquals(new SessionKey(SessionKey.Source.BAGGAGE, "user.id"), config.sessionKey());
    assertEquals("lagless_lsn", config.cookie());
    assertEquals(Duration.ofSeconds(30), config.tokenTtl());
    assertNull(config.redis());
    assertEquals(TxReads.PRIMARY, config.txReads());
    assertEquals(Balance.LEAST_BUSY, config.balance());
    assertEquals(Set.of(), config.writeFunctions());
    assertEquals(Set.of(), config.readFunctions());
    assertEquals(10, config.replicaPoolSize());
    assertEquals(QueryText.SANITIZED, config.queryText());
    assertNull(config.tokenSecret());
    assertFalse(config.failFast());
  }

  static Stream<Arguments> goodValues() {
    return Stream.of(
        good("LAGLESS_ENABLED", "true", c -> c.enabled(), true),
        good("LAGLESS_ENABLED", "FALSE", c -> c.enabled(), false),
        good("LAGLESS_REPLICAS", "db-r1:5433", c -> c.replicas().get(0).endpoint(), new HostPort("db-r1", 5433)),
        good("LAGLESS_REPLICAS", "db-r1", c -> c.replicas().get(0).endpoint(), new HostPort("db-r1", 5432)),
        good("LAGLESS_REPLICAS", "[::1]:5433", c -> c.replicas().get(0).endpoint(), new HostPort("::1", 5433)),
        good("LAGLESS_REPLICAS", "a:1, b:2 ,c:3", c -> c.replicas().size(), 3),
        good("LAGLESS_REPLICAS", "jdbc:postgresql://r1:6000/shop?sslmode=require",
            c -> c.replicas().get(0).jdbcUrl().parameters().get("sslmode"), "require"),
        good("LAGLESS_REPLICAS", "jdbc:postgresql://r1:6000/shop,r2:5433",
            c -> c.replicas().get(1).kind(), ReplicaSource.Kind.HOST_PORT),
        good("LAGLESS_REPLICAS", "patroni://patroni.internal:8008",
            c -> c.replicas().get(0).kind(), ReplicaSource.Kind.PATRONI),
        good("LAGLESS_REPLICAS", "patroni://patroni.internal", c -> c.replicas().get(0).endpoint().port(), 8008),
        good("LAGLESS_REPLICAS", "", c -> c.replicas().size(), 0),
        good("LAGLESS_PRIMARY", "db-main:5432", c -> c.primary().matches("DB-MAIN", 5432, "any"), true),
        good("LAGLESS_PRIMARY", "db-main:5432/shop", c -> c.primary().matches("db-main", 5432, "other"), false),
        good("LAGLESS_PRIMARY", "db-main:5432/shop", c -> c.primary().matches("db-main", 5432, "shop"), true),
        good("LAGLESS_PRIMARY", "jdbc:postgresql://db-main:6543/shop", c -> c.primary().database(), "shop"),
        good("LAGLESS_MAX_LAG", "500ms", c -> c.maxLag(), MaxLag.ofTime(Duration.ofMillis(500))),
        good("LAGLESS_MAX_LAG", "2s", c -> c.maxLag(), MaxLag.ofTime(Duration.ofSeconds(2))),
        good("LAGLESS_MAX_LAG", "1.5s", c -> c.maxLag(), MaxLag.ofTime(Duration.ofMillis(1500))),
        good("LAGLESS_MAX_LAG", "16MB", c -> c.maxLag(), MaxLag.ofBytes(16L << 20)),
        good("LAGLESS_MAX_LAG", "512kB", c -> c.maxLag(), MaxLag.ofBytes(512L << 10)),
        good("LAGLESS_MAX_LAG", "1GB", c -> c.maxLag().toString(), "1GB"),
        good("LAGLESS_RYOW", "off", c -> c.ryow(), false),
        good("LAGLESS_RYOW", "ON", c -> c.ryow(), true),
        good("LAGLESS_RYOW_WAIT", "0ms", c -> c.ryowWait(), Duration.ZERO),
        good("LAGLESS_RYOW_WAIT", "200ms", c -> c.ryowWait(), Duration.ofMillis(200)),
        good("LAGLESS_RYOW_SCOPE", "global", c -> c.ryowScope(), RyowScope.GLOBAL),
        good("LAGLESS_SESSION_KEY", "tenant.user", c -> c.sessionKey(),
            new SessionKey(SessionKey.Source.BAGGAGE, "tenant.user")),
        good("LAGLESS_SESSION_KEY", "baggage:user.id", c -> c.sessionKey().source(), SessionKey.Source.BAGGAGE),
        good("LAGLESS_SESSION_KEY", "header:X-User-Id", c -> c.sessionKey(),
            new SessionKey(SessionKey.Source.HEADER, "X-User-Id")),
        good("LAGLESS_SESSION_KEY", "cookie:JSESSIONID", c -> c.sessionKey(),
            new SessionKey(SessionKey.Source.COOKIE, "JSESSIONID")),
        good("LAGLESS_COOKIE", "off", c -> c.cookie(), null),
        good("LAGLESS_COOKIE", "my_lsn", c -> c.cookie(), "my_lsn"),
        good("LAGLESS_TOKEN_TTL", "2min", c -> c.tokenTtl(), Duration.ofMinutes(2)),
        good("LAGLESS_REDIS_URL", "redis://127.0.0.1:6379", c -> c.redis().uris().size(), 1),
        good("LAGLESS_REDIS_URL", "rediss://:s3cret@cache:6380/2", c -> c.redis().toString(), "rediss://:***@cache:6380/2"),
        good("LAGLESS_REDIS_URL", "redis-sentinel://s1:26379,s2:26379/0#mymaster", c -> c.redis().isCluster(), false),
        good("LAGLESS_REDIS_URL", "redis://n1:7000,redis://n2:7001", c -> c.redis().isCluster(), true),
        good("LAGLESS_REDIS_URL", "redis-socket:///run/redis.sock", c -> c.redis().uris().get(0),
            "redis-socket:///run/redis.sock"),
        good("LAGLESS_TX_READS", "replica_until_write", c -> c.txReads(), TxReads.REPLICA_UNTIL_WRITE),
        good("LAGLESS_BALANCE", "round_robin", c -> c.balance(), Balance.ROUND_ROBIN),
        good("LAGLESS_BALANCE", "random", c -> c.balance(), Balance.RANDOM),
        good("LAGLESS_WRITE_FUNCTIONS", "audit.log_event, Touch_User", c -> c.writeFunctions(),
            Set.of("audit.log_event", "touch_user")),
        good("LAGLESS_READ_FUNCTIONS", "price_of", c -> c.readFunctions(), Set.of("price_of")),
        good("LAGLESS_REPLICA_POOL_SIZE", "32", c -> c.replicaPoolSize(), 32),
        good("LAGLESS_QUERY_TEXT", "raw", c -> c.queryText(), QueryText.RAW),
        good("LAGLESS_QUERY_TEXT", "off", c -> c.queryText(), QueryText.OFF),
        good("LAGLESS_TOKEN_SECRET", "0123456789abcdef", c -> c.tokenSecret(), "0123456789abcdef"),
        good("LAGLESS_FAIL_FAST", "true", c -> c.failFast(), true));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("goodValues")
  void goodValuesAreAccepted(String variable, String value, Function<LaglessConfig, Object> read, Object expected) {
    assertEquals(expected, read.apply(valid(Map.of(variable, value))));
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("LAGLESS_ENABLED", "yes", "expected true or false"),
        bad("LAGLESS_REPLICAS", "db-r1:99999", "the port must be a number from 1 to 65535"),
        bad("LAGLESS_REPLICAS", "db-r1:abc", "the port must be a number"),
        bad("LAGLESS_REPLICAS", "a:1,,b:2", "no empty items"),
        bad("LAGLESS_REPLICAS", "a:1,a:1", "listed twice"),
        bad("LAGLESS_REPLICAS", "mysql://r1:3306", "expected host:port, jdbc:postgresql://"),
        bad("LAGLESS_REPLICAS", "db r1:5432", "expected host:port"),
        bad("LAGLESS_PRIMARY", "db-main:5432/", "expected host:port"),
        bad("LAGLESS_PRIMARY", "http://db-main", "expected host:port"),
        bad("LAGLESS_MAX_LAG", "5", "expected a positive duration"),
        bad("LAGLESS_MAX_LAG", "0s", "expected a positive duration"),
        bad("LAGLESS_MAX_LAG", "-1s", "expected a positive duration"),
        bad("LAGLESS_MAX_LAG", "5 parsecs", "or a size such as 16MB"),
        bad("LAGLESS_RYOW", "maybe", "expected on or off"),
        bad("LAGLESS_RYOW_WAIT", "50", "expected a duration such as 500ms"),
        bad("LAGLESS_RYOW_WAIT", "2h", "from 0ms to 1min"),
        bad("LAGLESS_RYOW_SCOPE", "thread", "expected one of session or global"),
        bad("LAGLESS_SESSION_KEY", "query:user", "expected a baggage key"),
        bad("LAGLESS_SESSION_KEY", "header:", "expected a baggage key"),
        bad("LAGLESS_SESSION_KEY", "user id", "expected a baggage key"),
        bad("LAGLESS_COOKIE", "lag less", "expected a cookie name"),
        bad("LAGLESS_TOKEN_TTL", "0s", "from 1ms to 24h"),
        bad("LAGLESS_TOKEN_TTL", "forever", "expected a duration"),
        bad("LAGLESS_REDIS_URL", "http://cache:6379", "expected a Lettuce URI"),
        bad("LAGLESS_REDIS_URL", "redis://", "expected a Lettuce URI"),
        bad("LAGLESS_REDIS_URL", "redis://cache:port", "expected a Lettuce URI"),
        bad("LAGLESS_REDIS_URL", "redis://n1:7000,rediss-sentinel://s:1#m", "seed nodes must be redis:// or rediss://"),
        bad("LAGLESS_TX_READS", "replica", "expected one of primary or replica_until_write"),
        bad("LAGLESS_BALANCE", "fastest", "expected one of least_busy, round_robin or random"),
        bad("LAGLESS_WRITE_FUNCTIONS", "\"Quoted\"", "expected comma-separated function names"),
        bad("LAGLESS_WRITE_FUNCTIONS", "a.b.c", "expected comma-separated function names"),
        bad("LAGLESS_READ_FUNCTIONS", "1abc", "expected comma-separated function names"),
        bad("LAGLESS_REPLICA_POOL_SIZE", "0", "expected a whole number from 1 to 1000"),
        bad("LAGLESS_REPLICA_POOL_SIZE", "ten", "expected a whole number from 1 to 1000"),
        bad("LAGLESS_QUERY_TEXT", "full", "expected one of sanitized, raw or off"),
        bad("LAGLESS_TOKEN_SECRET", "short", "at least 16 characters"),
        bad("LAGLESS_FAIL_FAST", "1", "expected true or false"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void badValuesGiveOneLineNamingTheVariableTheValueAndWhatIsAllowed(String variable, String value, String allowed) {
    ConfigParser.Result result = ConfigParser.parse(ConfigSource.of(Map.of(variable, value), Map.of()));
    assertFalse(result.isValid());
    assertEquals(1, result.problems().size());
    ConfigProblem problem = result.problems().get(0);
    assertEquals(variable, problem.givenAs());
    assertTrue(problem.allowed().contains(allowed), problem.toString());
    String line = problem.toString();
    assertTrue(line.startsWith(variable + "="), line);
    assertFalse(line.contains("\n"), "one line");
    if (!variable.equals("LAGLESS_TOKEN_SECRET")) {
      assertTrue(line.contains(value), "the bad value is shown: " + line);
    }
  }

  @Test
  void aSystemPropertyWinsOverTheEnvironment() {
    LaglessConfig config = valid(Map.of("LAGLESS_MAX_LAG", "2s"), Map.of("lagless.max.lag", "16MB"));
    assertEquals(MaxLag.ofBytes(16L << 20), config.maxLag());
    ConfigParser.Result bad = ConfigParser.parse(ConfigSource.of(Map.of(), Map.of("lagless.replica.pool.size", "-3")));
    assertEquals("-Dlagless.replica.pool.size", bad.problems().get(0).givenAs());
  }

  @Test
  void everySettingHasAPropertyNameDerivedFromItsVariable() {
    assertEquals("lagless.replica.pool.size", Setting.REPLICA_POOL_SIZE.propertyName());
    assertEquals("LAGLESS_REPLICA_POOL_SIZE", Setting.REPLICA_POOL_SIZE.envName());
    for (Setting setting : Setting.values()) {
      assertEquals(setting.envName().toLowerCase().replace('_', '.'), setting.propertyName());
    }
  }

  @Test
  void everyBadSettingIsReportedNotJustTheFirst() {
    ConfigParser.Result result = ConfigParser.parse(ConfigSource.of(
        Map.of("LAGLESS_MAX_LAG", "x", "LAGLESS_BALANCE", "y", "LAGLESS_RYOW", "z"), Map.of()));
    assertEquals(3, result.problems().size());
  }

  @Test
  void aFunctionCannotBeBothReadOnlyAndWriting() {
    ConfigParser.Result result = ConfigParser.parse(ConfigSource.of(
        Map.of("LAGLESS_WRITE_FUNCTIONS", "touch", "LAGLESS_READ_FUNCTIONS", "price, TOUCH"), Map.of()));
    assertFalse(result.isValid());
    assertTrue(result.problems().get(0).toString().contains("touch is also in LAGLESS_WRITE_FUNCTIONS"));
  }

  @Test
  void disabledMeansNothingElseIsEvenRead() {
    ConfigParser.Result result = ConfigParser.parse(ConfigSource.of(
        Map.of("LAGLESS_ENABLED", "false", "LAGLESS_MAX_LAG", "nonsense"), Map.of()));
    assertTrue(result.isValid());
    assertFalse(result.config().enabled());
  }

  @Test
  void misspelledVariablesAreWarnedAboutButDoNotInvalidate() {
    ConfigParser.Result result = ConfigParser.parse(ConfigSource.of(
        Map.of("LAGLESS_REPLICA", "r1:5432", "PATH", "/bin"), Map.of("lagless.replica.poolsize", "3")));
    assertTrue(result.isValid());
    assertEquals(List.of(
        "-Dlagless.replica.poolsize is not a Lagless setting and is ignored (check its spelling)",
        "LAGLESS_REPLICA is not a Lagless setting and is ignored (check its spelling)"), result.warnings());
  }

  @Test
  void passwordsNeverAppearInTheDescriptionOrInErrorLines() {
    LaglessConfig config = valid(Map.of(
        "LAGLESS_REPLICAS", "jdbc:postgresql://r1:5432/shop?user=app&password=hunter2&sslpassword=k3y",
        "LAGLESS_REDIS_URL", "redis://default:hunter3@cache:6379",
        "LAGLESS_TOKEN_SECRET", "a-very-secret-signing-key"));
    String described = config.describe();
    for (String secret : List.of("hunter2", "hunter3", "k3y", "a-very-secret-signing-key")) {
      assertFalse(described.contains(secret), described);
    }
    assertTrue(described.contains("password=***"));
    assertTrue(described.contains("token_secret=set"));

    ConfigParser.Result bad = ConfigParser.parse(ConfigSource.of(Map.of(
        "LAGLESS_REPLICAS", "jdbc:postgresql://r1:5432/shop?password=hunter2,bad host",
        "LAGLESS_REDIS_URL", "http://u:hunter3@cache",
        "LAGLESS_TOKEN_SECRET", "hunter4"), Map.of()));
    assertEquals(3, bad.problems().size());
    for (ConfigProblem problem : bad.problems()) {
      for (String secret : List.of("hunter2", "hunter3", "hunter4")) {
        assertFalse(problem.toString().contains(secret), problem.toString());
      }
    }
  }

  @Test
  void jdbcUrlsAreReadTheWayPgjdbcReadsThem() throws Exception {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://a:1,[::1]:2/my%20db?user=u&ApplicationName=x%26y");
    assertEquals(List.of(new HostPort("a", 1), new HostPort("::1", 2)), url.hosts());
    assertEquals("my db", url.database());
    assertEquals("x&y", url.parameters().get("ApplicationName"));
    JdbcUrl shortForm = JdbcUrl.parse("jdbc:postgresql:shop");
    assertEquals(List.of(new HostPort("localhost", 5432)), shortForm.hosts());
    assertEquals("shop", shortForm.database());
  }

  private static Arguments good(String variable, String value, Function<LaglessConfig, Object> read, Object expected) {
    return Arguments.of(variable, value, read, expected);
  }

  private static Arguments bad(String variable, String value, String allowed) {
    return Arguments.of(variable, value, allowed);
  }

  private static LaglessConfig valid(Map<String, String> env) {
    return valid(env, Map.of());
  }

  private static LaglessConfig valid(Map<String, String> env, Map<String, String> properties) {
    ConfigParser.Result result = ConfigParser.parse(ConfigSource.of(env, properties));
    assertTrue(result.isValid(), () -> result.problems().toString());
    return result.config();
  }
}
