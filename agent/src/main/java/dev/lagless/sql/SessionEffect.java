package dev.lagless.sql;

import java.util.Objects;

/**
 * A change to session or transaction state that a statement makes, for the router to track: what to
 * replay on a replica connection, what pins the session to the primary, where a transaction begins
 * and ends.
 */
public final class SessionEffect {

  /** The kind of effect. */
  public enum Kind {
    /** {@code SET [SESSION|LOCAL] name …} or {@code set_config('name', …)}: {@link #name()} is the setting. */
    SET,
    /** {@code RESET name} ({@link #name()}) or {@code RESET ALL} ({@link #name()} is {@code all}). */
    RESET,
    /** {@code DISCARD ALL|PLANS|SEQUENCES|TEMP}: {@link #name()} says which. */
    DISCARD,
    LISTEN,
    /** {@code UNLISTEN channel} or {@code UNLISTEN *}. */
    UNLISTEN,
    /** SQL-level {@code PREPARE name}. */
    PREPARE,
    /** {@code DEALLOCATE [PREPARE] name|ALL}. */
    DEALLOCATE,
    /** {@code DECLARE name CURSOR}; {@link #withHold()} when it survives the transaction. */
    DECLARE_CURSOR,
    /** {@code CLOSE name|ALL}. */
    CLOSE_CURSOR,
    /** {@code BEGIN} / {@code START TRANSACTION}, with its modes. */
    BEGIN,
    /** {@code SET TRANSACTION …} or {@code SET SESSION CHARACTERISTICS AS TRANSACTION …}. */
    SET_TRANSACTION,
    /** {@code COMMIT}, {@code END}, {@code COMMIT AND CHAIN}. */
    COMMIT,
    /** {@code ROLLBACK}, {@code ABORT}. */
    ROLLBACK,
    SAVEPOINT,
    /** {@code ROLLBACK TO [SAVEPOINT] name}. */
    ROLLBACK_TO_SAVEPOINT,
    /** {@code RELEASE [SAVEPOINT] name}. */
    RELEASE_SAVEPOINT,
    /** {@code PREPARE TRANSACTION}, {@code COMMIT PREPARED}, {@code ROLLBACK PREPARED}. */
    TWO_PHASE,
    /** {@code CREATE TEMP TABLE name} or {@code SELECT … INTO TEMP name}: {@link #name()} is the table. */
    CREATE_TEMP_TABLE,
    /** {@code DROP TABLE name}: may drop a temporary table. */
    DROP_TABLE,
    /** {@code pg_advisory_lock(…)} and friends: session-level locks pin the session. */
    ADVISORY_LOCK
  }

  /** Transaction access mode given with BEGIN / SET TRANSACTION. */
  public enum Access {
    UNSPECIFIED,
    READ_ONLY,
    READ_WRITE
  }

  /** Isolation level given with BEGIN / SET TRANSACTION. */
  public enum Isolation {
    UNSPECIFIED,
    READ_UNCOMMITTED,
    READ_COMMITTED,
    REPEATABLE_READ,
    SERIALIZABLE
  }

  private final Kind kind;
  private final String name;
  private final Access access;
  private final Isolation isolation;
  private final boolean withHold;
  private final boolean local;

  SessionEffect(Kind kind, String name, Access access, Isolation isolation, boolean withHold, boolean local) {
    this.kind = kind;
    this.name = name;
    this.access = access;
    this.isolation = isolation;
    this.withHold = withHold;
    this.local = local;
  }

  static SessionEffect of(Kind kind, String name) {
    return new SessionEffect(kind, name, Access.UNSPECIFIED, Isolation.UNSPECIFIED, false, false);
  }

  public Kind kind() {
    return kind;
  }

  /** The setting, channel, cursor, savepoint, table or statement name; {@code null} when there is none. */
  public String name() {
    return name;
  }

  public Access access() {
    return access;
  }

  public Isolation isolation() {
    return isolation;
  }

  /** A cursor declared {@code WITH HOLD}. */
  public boolean withHold() {
    return withHold;
  }

  /** {@code SET LOCAL} (or {@code set_config(…, true)}): lasts until the end of the transaction only. */
  public boolean local() {
    return local;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SessionEffect)) {
      return false;
    }
    SessionEffect e = (SessionEffect) o;
    return kind == e.kind && Objects.equals(name, e.name) && access == e.access && isolation == e.isolation
        && withHold == e.withHold && local == e.local;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, access, isolation, withHold, local);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(kind.name());
    if (name != null) {
      out.append(' ').append(name);
    }
    if (access != Access.UNSPECIFIED) {
      out.append(' ').append(access);
    }
    if (isolation != Isolation.UNSPECIFIED) {
      out.append(' ').append(isolation);
    }
    if (withHold) {
      out.append(" WITH HOLD");
    }
    if (local) {
      out.append(" LOCAL");
    }
    return out.toString();
  }
}
