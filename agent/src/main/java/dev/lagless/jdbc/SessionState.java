package dev.lagless.jdbc;

import dev.lagless.sql.Classification;
import dev.lagless.sql.SessionEffect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session state of one application connection that decides where its reads may run (SPEC §2
 * rule 4): settings to replay on a replica connection ({@code SET}, {@code set_config}, session
 * characteristics), and what pins the session to the primary (temporary tables, {@code LISTEN}, SQL
 * {@code PREPARE}, {@code WITH HOLD} cursors, session advisory locks). Effects made inside a
 * transaction are undone if it rolls back, as PostgreSQL undoes them.
 */
final class SessionState {

  private static final AtomicLong VERSIONS = new AtomicLong();

  /** One statement that recreates a setting on another connection. */
  static final class Replay {
    final String sql;
    final RecordedParameters parameters;

    Replay(String sql, RecordedParameters parameters) {
      this.sql = sql;
      this.parameters = parameters;
    }
  }

  private Map<String, Replay> settings = new LinkedHashMap<>();
  private Set<String> tempTables = new HashSet<>();
  private Set<String> channels = new HashSet<>();
  private Set<String> preparedNames = new HashSet<>();
  private Set<String> holdCursors = new HashSet<>();
  private int advisoryLocks;
  /** {@code PGConnection.addDataType}: driver-side state of this connection, for its whole life. */
  private boolean customDataTypes;
  /** 0 while no setting was made; otherwise unique among all sessions, new at each change. */
  private long version;
  private SessionState atTransactionStart;

  synchronized long version() {
    return version;
  }

  synchronized List<Replay> replays() {
    return new ArrayList<>(settings.values());
  }

  /** True while something only the primary's session has must stay reachable to this session. */
  synchronized boolean pinned() {
    return !channels.isEmpty() || !preparedNames.isEmpty() || !holdCursors.isEmpty() || advisoryLocks > 0
        || customDataTypes;
  }

  /** The application mapped a type to a class of its own on this connection (see {@link #pinned()}). */
  synchronized void customDataTypes() {
    customDataTypes = true;
  }

  /** A pinned session's reason in words, for logs. */
  synchronized String pinnedBy() {
    return !channels.isEmpty() ? "LISTEN" : !preparedNames.isEmpty() ? "PREPARE"
        : !holdCursors.isEmpty() ? "cursor WITH HOLD" : advisoryLocks > 0 ? "advisory lock"
        : customDataTypes ? "addDataType" : "nothing";
  }

  /**
   * True when the statement may see this session's temporary tables: it names one, or it reads the
   * catalog (where they show up) while any exists.
   */
  synchronized boolean touchesTemporaryTables(Classification classification) {
    if (tempTables.isEmpty()) {
      return false;
    }
    for (String identifier : classification.identifiers()) {
      if (tempTables.contains(lastPart(identifier)) || identifier.startsWith("pg_")
          || identifier.startsWith("information_schema")) {
        return true;
      }
    }
    return false;
  }

  /** Records what a statement that succeeded on the primary did to the session. */
  synchronized void apply(Classification classification, String sql, RecordedParameters parameters,
      boolean inTransaction) {
    List<SessionEffect> effects = classification.effects();
    if (effects.isEmpty()) {
      return;
    }
    if (inTransaction && atTransactionStart == null) {
      atTransactionStart = copy();
    }
    int settingEffects = 0;
    for (SessionEffect effect : effects) {
      if ((effect.kind() == SessionEffect.Kind.SET && !effect.local())
          || (effect.kind() == SessionEffect.Kind.SET_TRANSACTION && "session_characteristics".equals(effect.name()))) {
        settingEffects++;
      }
    }
    for (SessionEffect effect : effects) {
      String name = effect.name() == null ? null : effect.name().toLowerCase(Locale.ROOT);
      switch (effect.kind()) {
        case BEGIN:
          if (atTransactionStart == null) {
            atTransactionStart = copy();
          }
          break;
        case COMMIT:
          transactionEnded(true); // SQL COMMIT: what the transaction did stays
          break;
        case ROLLBACK:
          transactionEnded(false); // SQL ROLLBACK: back to the session as it was at BEGIN
          break;
        case SET:
          if (!effect.local()) {
            // One setting per string: keep the newest per name. Several: the whole string replays.
            String key = settingEffects == 1 && name != null ? name : sql;
            settings.remove(key);
            settings.put(key, new Replay(sql, parameters));
            changed();
          }
          break;
        case SET_TRANSACTION:
          if ("session_characteristics".equals(effect.name())) {
            settings.remove("session_characteristics");
            settings.put("session_characteristics", new Replay(sql, parameters));
            changed();
          }
          break;
        case RESET:
          if (name == null || name.equals("all")) {
            settings.clear();
          } else {
            settings.remove(name);
          }
          changed();
          break;
        case DISCARD:
          if (name == null || name.equals("all")) {
            settings.clear();
            tempTables.clear();
            channels.clear();
            preparedNames.clear();
            holdCursors.clear();
            advisoryLocks = 0;
            changed();
          } else if (name.equals("temp")) {
            tempTables.clear();
          }
          break;
        case LISTEN:
          channels.add(name == null ? "" : name);
          break;
        case UNLISTEN:
          if (name == null || name.equals("*")) {
            channels.clear();
          } else {
            channels.remove(name);
          }
          break;
        case PREPARE:
          preparedNames.add(name == null ? "" : name);
          break;
        case DEALLOCATE:
          if (name == null || name.equals("all")) {
            preparedNames.clear();
          } else {
            preparedNames.remove(name);
          }
          break;
        case DECLARE_CURSOR:
          if (effect.withHold()) {
            holdCursors.add(name == null ? "" : name);
          }
          break;
        case CLOSE_CURSOR:
          if (name == null || name.equals("all")) {
            holdCursors.clear();
          } else {
            holdCursors.remove(name);
          }
          break;
        case CREATE_TEMP_TABLE:
          if (name != null) {
            tempTables.add(lastPart(name));
          }
          break;
        case DROP_TABLE:
          if (name != null) {
            tempTables.remove(lastPart(name));
          }
          break;
        case ADVISORY_LOCK:
          advisoryLock(name);
          break;
        default:
          break;
      }
    }
  }

  private void advisoryLock(String function) {
    if (function == null) {
      return;
    }
    if (function.equals("pg_advisory_unlock_all")) {
      advisoryLocks = 0;
    } else if (function.startsWith("pg_advisory_unlock")) {
      advisoryLocks = Math.max(0, advisoryLocks - 1);
    } else {
      // A try-lock that did not get the lock is counted too: the safe side.
      advisoryLocks++;
    }
  }

  /** The transaction ended: keep what it did (commit) or go back to before it (rollback). */
  synchronized void transactionEnded(boolean committed) {
    SessionState before = atTransactionStart;
    atTransactionStart = null;
    if (before != null && !committed) {
      settings = before.settings;
      tempTables = before.tempTables;
      channels = before.channels;
      holdCursors = before.holdCursors;
      // SQL PREPARE and session advisory locks survive a rollback in PostgreSQL: keep them.
      changed();
    }
  }

  private void changed() {
    version = settings.isEmpty() ? 0 : VERSIONS.incrementAndGet();
  }

  private SessionState copy() {
    SessionState copy = new SessionState();
    copy.settings = new LinkedHashMap<>(settings);
    copy.tempTables = new HashSet<>(tempTables);
    copy.channels = new HashSet<>(channels);
    copy.preparedNames = new HashSet<>(preparedNames);
    copy.holdCursors = new HashSet<>(holdCursors);
    copy.advisoryLocks = advisoryLocks;
    copy.customDataTypes = customDataTypes;
    return copy;
  }

  private static String lastPart(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}
