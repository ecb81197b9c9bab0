package dev.lagless.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads every setting from a {@link ConfigSource} and validates it. Never throws: a bad value becomes
 * a {@link ConfigProblem} (one line naming the variable, the value and what is allowed), and the
 * agent then runs in pass-through mode, or exits with status 2 under {@code LAGLESS_FAIL_FAST=true}.
 */
public final class ConfigParser {

  static final Duration MAX_RYOW_WAIT = Duration.ofSeconds(60);
  static final Duration MAX_TOKEN_TTL = Duration.ofDays(1);
  static final int MAX_POOL_SIZE = 1000;
  static final int MIN_SECRET_LENGTH = 16;

  private ConfigParser() {}

  public static Result parse(ConfigSource source) {
    LaglessConfig.Builder b = new LaglessConfig.Builder();
    List<ConfigProblem> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String unknown : source.unknownNames()) {
      warnings.add(unknown + " is not a Lagless setting and is ignored (check its spelling)");
    }

    // Fail-fast and enabled first: they decide what the other problems mean.
    b.failFast = read(source, Setting.FAIL_FAST, problems, b.failFast, Values::parseBoolean);
    b.enabled = read(source, Setting.ENABLED, problems, b.enabled, Values::parseBoolean);
    if (!b.enabled) {
      // Disabled means no-op: the rest is not even looked at, so it cannot stop the application.
      return new Result(b.build(), List.of(), warnings);
    }

    b.replicas = read(source, Setting.REPLICAS, problems, b.replicas, ConfigParser::parseReplicas);
    b.primary = read(source, Setting.PRIMARY, problems, b.primary, PrimaryTarget::parse);
    b.maxLag = read(source, Setting.MAX_LAG, problems, b.maxLag, MaxLag::parse);
    b.ryow = read(source, Setting.RYOW, problems, b.ryow, Values::parseOnOff);
    b.ryowWait = read(source, Setting.RYOW_WAIT, problems, b.ryowWait,
        v -> Values.parseDuration(v, Duration.ZERO, MAX_RYOW_WAIT));
    b.ryowScope = read(source, Setting.RYOW_SCOPE, problems, b.ryowScope, RyowScope::parse);
    b.sessionKey = read(source, Setting.SESSION_KEY, problems, b.sessionKey, SessionKey::parse);
    b.cookie = read(source, Setting.COOKIE, problems, b.cookie, ConfigParser::parseCookie);
    b.tokenTtl = read(source, Setting.TOKEN_TTL, problems, b.tokenTtl,
        v -> Values.parseDuration(v, Duration.ofMillis(1), MAX_TOKEN_TTL));
    b.redis = read(source, Setting.REDIS_URL, problems, b.redis, RedisTarget::parse);
    b.txReads = read(source, Setting.TX_READS, problems, b.txReads, TxReads::parse);
    b.balance = read(source, Setting.BALANCE, problems, b.balance, Balance::parse);
    b.writeFunctions = read(source, Setting.WRITE_FUNCTIONS, problems, b.writeFunctions, FunctionNames::parse);
    b.readFunctions = read(source, Setting.READ_FUNCTIONS, problems, b.readFunctions, FunctionNames::parse);
    b.replicaPoolSize = read(source, Setting.REPLICA_POOL_SIZE, problems, b.replicaPoolSize,
        v -> Values.parseInt(v, 1, MAX_POOL_SIZE));
    b.queryText = read(source, Setting.QUERY_TEXT, problems, b.queryText, QueryText::parse);
    b.tokenSecret = read(source, Setting.TOKEN_SECRET, problems, b.tokenSecret, ConfigParser::parseSecret);

    List<String> both = FunctionNames.overlap(b.writeFunctions, b.readFunctions);
    if (!both.isEmpty()) {
      ConfigSource.RawValue raw = source.get(Setting.READ_FUNCTIONS);
      problems.add(ConfigProblem.of(raw, "a function cannot be both read-only and writing; "
          + String.join(", ", both) + " is also in " + Setting.WRITE_FUNCTIONS.envName()));
    }
    return problems.isEmpty() ? new Result(b.build(), List.of(), warnings) : new Result(null, problems, warnings);
  }

  private static List<ReplicaSource> parseReplicas(String value) throws InvalidSettingException {
    List<ReplicaSource> replicas = new ArrayList<>();
    for (String item : Values.splitList(value, "replicas")) {
      ReplicaSource replica;
      try {
        replica = ReplicaSource.parse(item);
      } catch (InvalidSettingException e) {
        throw new InvalidSettingException("'" + Secrets.maskInvalid(item) + "': " + e.allowed());
      }
      if (replicas.contains(replica)) {
        throw new InvalidSettingException("'" + replica + "' is listed twice");
      }
      replicas.add(replica);
    }
    return Collections.unmodifiableList(replicas);
  }

  private static String parseCookie(String value) throws InvalidSettingException {
    String name = value.trim();
    if (name.equalsIgnoreCase("off")) {
      return null;
    }
    if (!Values.isToken(name)) {
      throw new InvalidSettingException("expected a cookie name (letters, digits and !#$%&'*+-.^_`|~) or off");
    }
    return name;
  }

  private static String parseSecret(String value) throws InvalidSettingException {
    if (value.length() < MIN_SECRET_LENGTH) {
      throw new InvalidSettingException("expected a secret of at least " + MIN_SECRET_LENGTH + " characters");
    }
    return value;
  }

  private static <T> T read(ConfigSource source, Setting setting, List<ConfigProblem> problems, T defaultValue,
      ValueParser<T> parser) {
    ConfigSource.RawValue raw = source.get(setting);
    if (raw == null) {
      return defaultValue;
    }
    try {
      return parser.parse(raw.value());
    } catch (InvalidSettingException e) {
      problems.add(ConfigProblem.of(raw, e.allowed()));
      return defaultValue;
    } catch (RuntimeException e) {
      // A parser bug must not take the application down with it.
      problems.add(ConfigProblem.of(raw, "could not be read (" + e + ")"));
      return defaultValue;
    }
  }

  @FunctionalInterface
  private interface ValueParser<T> {
    T parse(String value) throws InvalidSettingException;
  }

  /** The outcome: a configuration, or the problems that stop one from being made. */
  public static final class Result {
    private final LaglessConfig config;
    private final List<ConfigProblem> problems;
    private final List<String> warnings;

    Result(LaglessConfig config, List<ConfigProblem> problems, List<String> warnings) {
      this.config = config;
      this.problems = List.copyOf(problems);
      this.warnings = List.copyOf(warnings);
    }

    public boolean isValid() {
      return config != null;
    }

    /** The configuration; only when {@link #isValid()}. */
    public LaglessConfig config() {
      return config;
    }

    public List<ConfigProblem> problems() {
      return problems;
    }

    /** Lines worth printing that do not invalidate the configuration (unknown LAGLESS_* names). */
    public List<String> warnings() {
      return warnings;
    }
  }
}
