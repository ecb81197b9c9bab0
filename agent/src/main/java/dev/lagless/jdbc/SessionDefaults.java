package dev.lagless.jdbc;

import java.util.regex.Pattern;

/**
 * Statements that change the settings a new session starts with: {@code ALTER DATABASE … SET/RESET}
 * and {@code ALTER ROLE/USER … SET/RESET}. PostgreSQL applies them when a session starts, so pooled
 * replica connections opened before keep the old values, and a connection the application opens
 * afterwards would not see the new ones on a replica (pgjdbc's
 * DatabaseMetaDataTransactionIsolationTest). A text check is enough: a false match only renews the
 * pools once more.
 */
final class SessionDefaults {

  private static final Pattern ALTER_SET = Pattern.compile(
      "(?is)(^|;)\\s*alter\\s+(database|role|user)\\s[^;]*\\b(set|reset)\\b");

  private SessionDefaults() {}

  static boolean changedBy(String sql) {
    return sql != null && sql.length() < 100_000 && ALTER_SET.matcher(sql).find();
  }
}
