package dev.lagless.config;

import java.util.Locale;

/**
 * Every setting of SPEC §1. The environment variable is the name users see; the system property
 * ({@code LAGLESS_X_Y} becomes {@code lagless.x.y}) wins over it, as with OpenTelemetry's
 * {@code OTEL_*} / {@code otel.*}.
 */
public enum Setting {
  ENABLED("true"),
  REPLICAS(""),
  PRIMARY(""),
  MAX_LAG("5s"),
  RYOW("on"),
  RYOW_WAIT("50ms"),
  RYOW_SCOPE("session"),
  SESSION_KEY("user.id"),
  COOKIE("lagless_lsn"),
  TOKEN_TTL("30s"),
  REDIS_URL(""),
  TX_READS("primary"),
  BALANCE("least_busy"),
  WRITE_FUNCTIONS(""),
  READ_FUNCTIONS(""),
  REPLICA_POOL_SIZE("10"),
  QUERY_TEXT("sanitized"),
  TOKEN_SECRET(""),
  FAIL_FAST("false");

  private final String defaultValue;

  Setting(String defaultValue) {
    this.defaultValue = defaultValue;
  }

  /** {@code LAGLESS_MAX_LAG}. */
  public String envName() {
    return "LAGLESS_" + name();
  }

  /** {@code lagless.max.lag}. */
  public String propertyName() {
    return "lagless." + name().toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** The default as the user would write it; empty when the setting is unset by default. */
  public String defaultValue() {
    return defaultValue;
  }

  /** Secrets are never printed, not even in an error line. */
  public boolean isSecret() {
    return this == TOKEN_SECRET;
  }

  /** Values that may embed credentials (URLs); printed with passwords masked. */
  public boolean mayContainCredentials() {
    return this == REPLICAS || this == PRIMARY || this == REDIS_URL;
  }
}
