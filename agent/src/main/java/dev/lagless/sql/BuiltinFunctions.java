package dev.lagless.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the classifier knows of functions by name. PostgreSQL's own functions come from
 * {@code builtin-functions.tsv}: every function of {@code pg_catalog} in the supported major versions,
 * generated from their {@code pg_proc} and checked against real servers by
 * {@code BuiltinFunctionTableTest} (which also says how to regenerate it). Functions named nowhere
 * here (user and extension functions) are reported in {@link Classification#functions()} for the
 * router's catalog check: user functions are VOLATILE by default and may write.
 */
final class BuiltinFunctions {

  private BuiltinFunctions() {}

  /** What running a function means for routing. */
  enum Kind {
    /** Reads only, and any node gives the same answer. */
    READ,
    /** Writes, needs a transaction id, or fails on a standby ("… during recovery"). */
    WRITE,
    /** Reads, but the answer depends on this session (currval, pg_backend_pid, …). */
    SESSION,
    /** Reads, but the answer depends on which node gives it (SPEC §2 rule 6). */
    NODE
  }

  static final String TABLE = "builtin-functions.tsv";

  /** pg_catalog's functions by name (overloads share a row). */
  private static final Map<String, Kind> CATALOG = load();

  /** Functions of common extensions (not in pg_catalog) that write. */
  private static final Set<String> EXTENSION_WRITING = Set.of(
      "dblink_exec", "pg_file_write", "pg_file_unlink", "pg_file_rename", "pg_file_sync", "pg_visibility_map_summary_reset");

  /** Functions of common extensions that only read: not worth a catalog look-up. */
  private static final Set<String> EXTENSION_READS = Set.of(
      "uuid_generate_v4", "similarity", "st_distance", "st_dwithin");

  /**
   * Names of functions that a future PostgreSQL may add, not in the table yet: the primary is the safe
   * side for these families even before the table is regenerated.
   */
  private static final String[] WRITING_PREFIXES = {
    "pg_advisory_", "pg_try_advisory_", "lo_", "pg_create_", "pg_drop_", "pg_replication_origin_",
    "pg_replication_slot_", "pg_stat_reset", "pg_current_wal_", "pg_copy_", "pg_logical_slot_"
  };

  /** Session-level advisory locks: held past the transaction, they pin the session to the primary. */
  private static final Set<String> SESSION_ADVISORY_LOCKS = Set.of(
      "pg_advisory_lock", "pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
      // and their releases, so the router can tell when the last one is gone
      "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_advisory_unlock_all");

  /**
   * Views whose rows depend on the node (or the session) that is asked: activity, statistics, locks,
   * settings as loaded from that node's files, replication state.
   */
  private static final Set<String> NODE_RELATIONS = Set.of(
      "pg_locks", "pg_settings", "pg_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings",
      "pg_replication_slots", "pg_prepared_xacts", "pg_backend_memory_contexts", "pg_shmem_allocations",
      "pg_replication_origin_status", "pg_prepared_statements", "pg_cursors", "pg_stat_activity");

  /** {@code pg_stat_*} and {@code pg_statio_*} views (not {@code pg_stats}: planner statistics, replicated). */
  private static final String[] NODE_RELATION_PREFIXES = {"pg_stat_", "pg_statio_"};

  /** Words followed by a parenthesis that are syntax, not function calls. */
  private static final Set<String> NOT_FUNCTIONS = Set.of(
      "in", "exists", "any", "all", "some", "values", "as", "on", "using", "over", "filter", "within", "array",
      "row", "cast", "not", "and", "or", "where", "from", "select", "join", "lateral", "grouping", "rollup",
      "cube", "sets", "interval", "with", "recursive", "materialized", "when", "then", "else", "case",
      "between", "like", "ilike", "is", "into", "table", "returning", "set", "update", "insert", "delete",
      "merge", "key", "primary", "unique", "references", "check", "default", "partition", "by", "order",
      "group", "having", "limit", "offset", "fetch", "window", "range", "rows", "groups", "except", "union",
      "intersect", "distinct", "only", "collate", "variadic", "for", "of", "do", "explain", "analyze",
      "analyse", "copy", "to", "tablesample", "repeatable", "include", "foreign", "exclude", "option",
      "options", "cycle", "search", "conflict", "nothing", "if", "substring", "trim", "overlay", "position",
      "extract", "coalesce", "nullif", "greatest", "least", "xmlelement", "xmlattributes", "xmlforest",
      "json_table", "json_object", "json_array", "columns", "ordinality", "asymmetric", "symmetric", "escape",
      "similar", "overlaps", "at", "zone", "current", "preceding", "following", "unbounded", "no", "others",
      "ties", "first", "next", "last", "nulls", "asc", "desc", "natural", "inner", "outer", "left", "right",
      "full", "cross");

  /**
   * The kind of a function called by its unqualified name (or qualified by {@code pg_catalog}); null
   * for a name this class does not know, which the catalog check then decides.
   */
  static Kind kindOf(String name) {
    Kind kind = CATALOG.get(name);
    if (kind != null) {
      return kind;
    }
    if (EXTENSION_WRITING.contains(name) || startsWithAny(name, WRITING_PREFIXES)) {
      return Kind.WRITE;
    }
    return EXTENSION_READS.contains(name) ? Kind.READ : null;
  }

  /**
   * The kind of a function called as {@code schema.name}: a function of another schema than
   * {@code pg_catalog} is not the built-in one, unless the name is known to write (the safe side).
   */
  static Kind kindOf(String schema, String name) {
    Kind kind = kindOf(name);
    if (schema == null || schema.equals("pg_catalog") || kind == Kind.WRITE) {
      return kind;
    }
    return null;
  }

  static boolean isSessionAdvisoryLock(String name) {
    return SESSION_ADVISORY_LOCKS.contains(name);
  }

  /** A view whose rows depend on the node (or the session) that is asked. */
  static boolean isNodeRelation(String name) {
    return NODE_RELATIONS.contains(name) || startsWithAny(name, NODE_RELATION_PREFIXES);
  }

  static boolean isSyntax(String word) {
    return NOT_FUNCTIONS.contains(word);
  }

  /** The table's rows as read: name to kind. */
  static Map<String, Kind> table() {
    return CATALOG;
  }

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Rows: {@code name<TAB>volatility<TAB>kind<TAB>versions}; {@code #} starts a comment line. */
  private static Map<String, Kind> load() {
    Map<String, Kind> kinds = new HashMap<>();
    try (InputStream in = BuiltinFunctions.class.getResourceAsStream(TABLE)) {
      if (in == null) {
        throw new IllegalStateException(TABLE + " is missing from the agent");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t");
        kinds.put(fields[0], Kind.valueOf(fields[2].toUpperCase(java.util.Locale.ROOT)));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + TABLE, e);
    }
    return Map.copyOf(kinds);
  }
}
