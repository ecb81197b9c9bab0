package dev.lagless.sql;

import java.util.Locale;

/** Why a statement may, or may not, run on a replica: each names one rule of SPEC §2. */
public enum Reason {
  /** Only reads: SELECT, WITH … SELECT, VALUES, TABLE, SHOW, EXPLAIN (without ANALYZE, or of a read), COPY … TO STDOUT. */
  READ,
  /** INSERT, UPDATE, DELETE, MERGE, TRUNCATE, DDL, COPY FROM, CALL, DO, VACUUM, … */
  WRITE,
  /** FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE. */
  LOCKING_CLAUSE,
  /** {@code WITH x AS (INSERT|UPDATE|DELETE|MERGE …)}, at any depth. */
  DATA_MODIFYING_CTE,
  /** {@code SELECT … INTO}: creates a table. */
  SELECT_INTO,
  /** Calls a function that writes (nextval, setval, pg_advisory_lock, lo_*, …, or LAGLESS_WRITE_FUNCTIONS). */
  WRITING_FUNCTION,
  /** Calls a function whose answer depends on this session (currval, lastval, pg_backend_pid, …). */
  SESSION_FUNCTION,
  /**
   * Asks the server about itself (SPEC §2 rule 6): recovery, read-only or hot-standby state, WAL
   * positions, its settings ({@code SHOW}, {@code current_setting} of a built-in setting), activity
   * and statistics views. A replica would answer for itself; the application asked its primary.
   */
  SERVER_STATE,
  /** Several statements in one string, not all of them reads. */
  MULTI_STATEMENT,
  /** Creates a temporary table. */
  TEMP_TABLE,
  /** SET, RESET, DISCARD, LISTEN, PREPARE, DECLARE, set_config(), …: changes session state. */
  SESSION_STATE,
  /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SET TRANSACTION, …: the driver's transaction state decides. */
  TRANSACTION_CONTROL,
  /** Does not lex (unterminated string, comment or quote) or its parentheses do not balance. */
  UNPARSEABLE,
  /** A statement Lagless does not know: kept on the primary. */
  UNKNOWN_STATEMENT,
  /** Nothing but whitespace and comments. */
  EMPTY;

  /** The name as it appears in logs and telemetry: {@code locking_clause}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
