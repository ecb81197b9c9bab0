package dev.lagless.sql;

import java.util.Set;

/**
 * Built-in PostgreSQL functions the classifier knows by name. Functions not named here are reported in
 * {@link Classification#functions()} for the router's catalog check (user functions are VOLATILE by
 * default and may write).
 */
final class BuiltinFunctions {

  private BuiltinFunctions() {}

  /** Write, or fail on a standby ("cannot execute … during recovery"). */
  private static final Set<String> WRITING = Set.of(
      "nextval", "setval", "set_config", "pg_notify", "txid_current", "txid_current_if_assigned",
      "pg_current_xact_id", "pg_current_xact_id_if_assigned", "dblink_exec", "pg_switch_wal",
      "pg_create_restore_point", "pg_start_backup", "pg_stop_backup", "pg_backup_start", "pg_backup_stop",
      "pg_promote", "pg_reload_conf", "pg_rotate_logfile", "pg_terminate_backend", "pg_cancel_backend",
      "pg_logical_emit_message", "pg_import_system_collations", "pg_log_backend_memory_contexts",
      "pg_wal_replay_pause", "pg_wal_replay_resume", "pg_sequence_last_value_reset",
      "pg_advisory_unlock_all", "pg_file_write", "pg_file_unlink", "pg_file_rename", "pg_file_sync",
      "brin_summarize_new_values", "brin_summarize_range", "brin_desummarize_range", "gin_clean_pending_list",
      "pg_stat_clear_snapshot", "pg_visibility_map_summary_reset");

  private static final String[] WRITING_PREFIXES = {
    "pg_advisory_", "pg_try_advisory_", "lo_", "pg_create_", "pg_drop_", "pg_replication_origin_",
    "pg_replication_slot_", "pg_stat_reset", "pg_current_wal_", "pg_copy_", "pg_logical_slot_"
  };

  /** Session-level advisory locks: held past the transaction, they pin the session to the primary. */
  private static final Set<String> SESSION_ADVISORY_LOCKS = Set.of(
      "pg_advisory_lock", "pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
      // and their releases, so the router can tell when the last one is gone
      "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_advisory_unlock_all");

  /** Read-only, but the answer depends on this session. */
  private static final Set<String> SESSION = Set.of(
      "currval", "lastval", "pg_backend_pid", "pg_listening_channels", "pg_notification_queue_usage",
      "pg_my_temp_schema", "pg_is_other_temp_schema");

  /**
   * Read-only, but the answer depends on which node gives it (SPEC §2 rule 6): recovery and replay
   * state, WAL positions and files, snapshots and transaction status (a standby's differ), the
   * server's start, configuration, files and activity. The application believes it talks to its
   * primary, so the primary answers.
   */
  private static final Set<String> NODE = Set.of(
      "pg_is_in_recovery", "pg_last_wal_receive_lsn", "pg_last_wal_replay_lsn", "pg_last_xact_replay_timestamp",
      "pg_get_wal_replay_pause_state", "pg_is_wal_replay_paused", "pg_conf_load_time", "pg_postmaster_start_time",
      "pg_blocking_pids", "pg_safe_snapshot_blocking_pids", "txid_current_snapshot", "pg_current_snapshot",
      "txid_status", "pg_xact_status", "pg_last_committed_xact", "pg_control_checkpoint", "pg_control_recovery",
      "pg_walfile_name", "pg_walfile_name_offset", "pg_current_logfile", "pg_read_file", "pg_read_binary_file",
      "pg_stat_file", "pg_jit_available", "pg_get_wal_summarizer_state", "pg_available_wal_summaries",
      "pg_wal_summary_contents", "pg_get_replication_slots", "pg_get_shmem_allocations",
      "pg_get_backend_memory_contexts", "pg_show_all_settings", "pg_show_all_file_settings", "pg_hba_file_rules",
      "pg_ident_file_mappings", "pg_lock_status", "pg_prepared_xact", "version");

  private static final String[] NODE_PREFIXES = {"pg_stat_get_", "pg_ls_"};

  /**
   * Views whose rows depend on the node that is asked (or on the session): activity, statistics,
   * locks, settings as loaded from that node's files, replication state.
   */
  private static final Set<String> NODE_RELATIONS = Set.of(
      "pg_locks", "pg_settings", "pg_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings",
      "pg_replication_slots", "pg_prepared_xacts", "pg_backend_memory_contexts", "pg_shmem_allocations",
      "pg_replication_origin_status", "pg_prepared_statements", "pg_cursors", "pg_stat_activity");

  /** {@code pg_stat_*} and {@code pg_statio_*} views (not {@code pg_stats}: planner statistics, replicated). */
  private static final String[] NODE_RELATION_PREFIXES = {"pg_stat_", "pg_statio_"};

  /** Common read-only built-ins: not worth a catalog look-up. */
  private static final Set<String> KNOWN_READ = Set.of(
      // Which server answered: true of whichever node runs the read (how tests and operators see routing).
      "inet_server_addr", "inet_server_port",
      "count", "sum", "avg", "min", "max", "lower", "upper", "length", "char_length", "concat", "concat_ws",
      "now", "current_timestamp", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
      "date_trunc", "date_part", "to_char", "to_date", "to_timestamp", "to_number", "age", "abs", "round",
      "ceil", "floor", "trunc", "mod", "power", "sqrt", "random", "md5", "sha256", "encode", "decode",
      "replace", "split_part", "strpos", "left", "right", "lpad", "rpad", "ltrim", "rtrim", "btrim",
      "regexp_replace", "regexp_match", "regexp_matches", "string_agg", "array_agg", "array_length",
      "array_to_string", "string_to_array", "unnest", "generate_series", "row_number", "rank", "dense_rank",
      "lag", "lead", "first_value", "last_value", "ntile", "percent_rank", "cume_dist", "percentile_cont",
      "percentile_disc", "bool_and", "bool_or", "every", "json_build_object", "jsonb_build_object",
      "json_build_array", "jsonb_build_array", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg",
      "to_json", "to_jsonb", "jsonb_set", "jsonb_insert", "jsonb_path_query", "jsonb_array_elements",
      "json_array_elements", "jsonb_each", "json_each", "jsonb_typeof", "row_to_json", "format", "quote_ident",
      "quote_literal", "quote_nullable", "gen_random_uuid", "uuid_generate_v4",
      "current_database", "current_schema", "current_schemas", "current_user", "session_user", "pg_typeof",
      "has_table_privilege", "has_schema_privilege", "pg_table_size", "pg_relation_size",
      "pg_total_relation_size", "pg_size_pretty", "pg_database_size", "obj_description", "col_description",
      "pg_get_indexdef", "pg_get_viewdef", "pg_get_constraintdef", "pg_get_expr", "pg_sleep", "starts_with",
      "initcap", "reverse", "translate", "position", "octet_length", "bit_length", "extract", "make_date",
      "make_timestamp", "make_interval", "justify_days", "justify_hours", "isfinite", "exp", "ln", "log",
      "sign", "greatest", "least", "nullif", "coalesce", "cardinality", "array_position", "array_remove",
      "array_append", "array_prepend", "array_cat", "ts_rank", "to_tsvector", "to_tsquery",
      "plainto_tsquery", "websearch_to_tsquery", "similarity", "st_distance", "st_dwithin");

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

  static boolean isWriting(String name) {
    return WRITING.contains(name) || startsWithAny(name, WRITING_PREFIXES);
  }

  static boolean isSessionAdvisoryLock(String name) {
    return SESSION_ADVISORY_LOCKS.contains(name);
  }

  static boolean isSessionDependent(String name) {
    return SESSION.contains(name);
  }

  /** The answer depends on which node runs it (SPEC §2 rule 6). */
  static boolean isNodeDependent(String name) {
    return NODE.contains(name) || startsWithAny(name, NODE_PREFIXES);
  }

  /** A view whose rows depend on the node (or the session) that is asked. */
  static boolean isNodeRelation(String name) {
    return NODE_RELATIONS.contains(name) || startsWithAny(name, NODE_RELATION_PREFIXES);
  }

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  static boolean isKnownRead(String name) {
    return KNOWN_READ.contains(name);
  }

  static boolean isSyntax(String word) {
    return NOT_FUNCTIONS.contains(word);
  }
}
