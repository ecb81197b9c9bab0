package dev.lagless.sql;

import dev.lagless.sql.BuiltinFunctions.Kind;
import java.util.Set;

/**
 * How each of PostgreSQL's own functions is classified when {@code builtin-functions.tsv} is
 * generated: the knowledge a catalog cannot give (whether a function writes, needs a transaction id,
 * depends on the session or on the node). IMMUTABLE and STABLE functions read unless named here;
 * every VOLATILE function must be named here (a new one fails {@link BuiltinFunctionTableTest} until
 * someone decides). What fails on a standby is also found by calling it there
 * ({@link BuiltinFunctionTableTest}), so a wrong READ here for such a function cannot pass.
 */
final class BuiltinFunctionRules {

  private BuiltinFunctionRules() {}

  /** Write, need a transaction id, fail on a standby, or cannot be called from SQL at all (handlers, triggers). */
  private static final Set<String> WRITE = Set.of(
      "nextval", "setval", "pg_notify", "txid_current", "pg_current_xact_id", "pg_switch_wal",
      "pg_create_restore_point", "pg_start_backup", "pg_stop_backup", "pg_backup_start", "pg_backup_stop",
      "pg_promote", "pg_reload_conf", "pg_rotate_logfile", "pg_rotate_logfile_old", "pg_terminate_backend",
      "pg_cancel_backend", "pg_logical_emit_message", "pg_import_system_collations", "pg_log_backend_memory_contexts",
      "pg_wal_replay_pause", "pg_wal_replay_resume", "pg_nextoid", "pg_stop_making_pinned_objects",
      "pg_extension_config_dump", "pg_log_standby_snapshot", "pg_clear_attribute_stats", "pg_clear_relation_stats",
      "pg_restore_attribute_stats", "pg_restore_relation_stats", "brin_summarize_new_values", "brin_summarize_range", "brin_desummarize_range",
      "gin_clean_pending_list", "loread", "lowrite", "set_config",
      // run the SQL text they are given, which may write
      "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "ts_stat", "ts_rewrite",
      "cursor_to_xml", "cursor_to_xmlschema",
      // triggers, handlers and validators: not callable as a read
      "suppress_redundant_updates_trigger", "tsvector_update_trigger", "tsvector_update_trigger_column",
      "unique_key_recheck", "amvalidate", "brinhandler", "bthandler", "ginhandler", "gisthandler", "hashhandler",
      "heap_tableam_handler", "spghandler", "plpgsql_call_handler", "plpgsql_inline_handler", "plpgsql_validator",
      "dsnowball_init", "dsnowball_lexize", "bernoulli", "system",
      // advisory locks: a standby has its own lock space, so a lock taken there guards nothing (SPEC §2)
      "pg_advisory_unlock_all");

  private static final String[] WRITE_PREFIXES = {
    "pg_advisory_", "pg_try_advisory_", "lo_", "pg_create_", "pg_drop_", "pg_replication_origin_",
    "pg_replication_slot_", "pg_stat_reset", "pg_current_wal_", "pg_copy_", "pg_logical_slot_", "binary_upgrade_",
    "ri_fkey_", "pg_sync_replication_slots"
  };

  /** Read, but the answer depends on this session. */
  private static final Set<String> SESSION = Set.of(
      "currval", "lastval", "setseed", "pg_backend_pid", "pg_listening_channels", "pg_notification_queue_usage",
      "pg_my_temp_schema", "pg_is_other_temp_schema", "pg_stat_clear_snapshot", "pg_stat_force_next_flush",
      "pg_trigger_depth");

  /** Read, but the answer depends on which node gives it (SPEC §2 rule 6). */
  private static final Set<String> NODE = Set.of(
      "pg_is_in_recovery", "pg_last_wal_receive_lsn", "pg_last_wal_replay_lsn", "pg_last_xact_replay_timestamp",
      "pg_get_wal_replay_pause_state", "pg_is_wal_replay_paused", "pg_conf_load_time", "pg_postmaster_start_time",
      "pg_blocking_pids", "pg_safe_snapshot_blocking_pids", "txid_current_snapshot", "pg_current_snapshot",
      "txid_status", "pg_xact_status", "pg_last_committed_xact", "pg_control_checkpoint", "pg_control_recovery",
      "pg_control_init", "pg_walfile_name", "pg_walfile_name_offset", "pg_current_logfile", "pg_read_file",
      "pg_read_file_old", "pg_read_binary_file", "pg_stat_file", "pg_jit_available", "pg_get_wal_summarizer_state",
      "pg_available_wal_summaries", "pg_wal_summary_contents", "pg_get_replication_slots", "pg_get_shmem_allocations",
      "pg_get_shmem_allocations_numa", "pg_get_backend_memory_contexts", "pg_show_all_settings",
      "pg_show_all_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings", "pg_lock_status", "pg_prepared_xact",
      "pg_export_snapshot", "pg_get_multixact_members", "pg_isolation_test_session_is_blocked",
      "pg_show_replication_origin_status", "pg_collation_actual_version", "pg_database_collation_actual_version",
      "pg_stat_have_stats", "pg_get_process_memory_contexts", "pg_get_loaded_modules", "pg_get_aios",
      "pg_numa_available", "pg_get_wal_resource_managers", "pg_is_in_backup", "version", "pg_settings_get_flags",
      "pg_get_wait_events", "pg_get_wal_record_info", "pg_split_walfile_name");

  private static final String[] NODE_PREFIXES = {"pg_stat_get_", "pg_ls_", "pg_stat_statements"};

  /** VOLATILE, and only read: the same on any node, whatever the catalog says. */
  private static final Set<String> VOLATILE_READS = Set.of(
      "random", "random_normal", "clock_timestamp", "timeofday", "gen_random_uuid", "uuidv4", "uuidv7",
      "pg_sleep", "pg_sleep_for", "pg_sleep_until", "current_query", "currtid2", "pg_partition_ancestors",
      "pg_partition_tree", "pg_database_size", "pg_relation_size", "pg_table_size", "pg_indexes_size",
      "pg_total_relation_size", "pg_tablespace_size", "pg_xact_commit_timestamp", "pg_xact_commit_timestamp_origin",
      "pg_sequence_last_value", "pg_get_sequence_data", "pg_control_system", "currtid", "timezone",
      "array_sample", "array_shuffle");

  /** The kind of {@code name}, or null when it is VOLATILE and nobody decided yet. */
  static Kind kindOf(String name, char volatility) {
    Kind kind = explicit(name);
    if (kind != null) {
      return kind;
    }
    return volatility == 'v' ? null : Kind.READ;
  }

  private static Kind explicit(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (WRITE.contains(lower) || startsWithAny(lower, WRITE_PREFIXES)) {
      return Kind.WRITE;
    }
    if (SESSION.contains(lower)) {
      return Kind.SESSION;
    }
    if (NODE.contains(lower) || startsWithAny(lower, NODE_PREFIXES)) {
      return Kind.NODE;
    }
    if (VOLATILE_READS.contains(lower)) {
      return Kind.READ;
    }
    return null;
  }

  /**
   * Zero-argument functions that must not be called on the test standby even to see whether they fail
   * (they would change it, or wait): the rest are called there by {@link BuiltinFunctionTableTest}.
   */
  static final Set<String> NOT_TO_CALL = Set.of(
      "pg_promote", "pg_wal_replay_pause", "pg_wal_replay_resume", "pg_reload_conf", "pg_rotate_logfile",
      "pg_rotate_logfile_old", "pg_stop_making_pinned_objects", "pg_sleep", "pg_stat_reset", "pg_stat_reset_shared",
      "pg_stat_reset_slru", "pg_advisory_unlock_all", "pg_stat_clear_snapshot", "pg_stat_force_next_flush",
      "pg_backup_stop", "pg_stop_backup", "pg_switch_wal", "pg_sync_replication_slots");

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
