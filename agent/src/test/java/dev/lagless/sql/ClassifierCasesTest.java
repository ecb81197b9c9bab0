package dev.lagless.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classification table: every rule of SPEC §2 and DESIGN-NOTES §2, both sides of each. Each case
 * also runs in two variants (wrapped in whitespace with a trailing semicolon; and upper-cased where it
 * holds no literal or quoted name), because keywords count in any case and with any whitespace.
 */
class ClassifierCasesTest {

  private static final SqlClassifier CLASSIFIER =
      new SqlClassifier(Set.of("audit.log_event", "touch_user"), Set.of("price_of", "nextval_safe"));

  static Stream<Arguments> cases() {
    List<Object[]> c = new ArrayList<>();
    // --- plain reads
    read(c, "SELECT 1");
    read(c, "select * from users where id = 42");
    read(c, "SELECT u.id, u.name FROM public.users u JOIN orders o ON o.user_id = u.id WHERE o.total > 10");
    read(c, "SELECT count(*) FROM orders GROUP BY status HAVING count(*) > 1 ORDER BY 1 LIMIT 5 OFFSET 10");
    read(c, "VALUES (1, 'a'), (2, 'b')");
    read(c, "TABLE users");
    read(c, "SHOW app.tenant_id");
    read(c, "(SELECT 1) UNION (SELECT 2)");
    read(c, "SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3 INTERSECT SELECT 4");
    read(c, "SELECT * FROM t WHERE note = 'insert'");
    read(c, "SELECT * FROM t WHERE note = 'delete from users'");
    read(c, "SELECT 'for update' AS label");
    read(c, "SELECT * FROM t /* for update */");
    read(c, "SELECT * FROM t -- for update\n");
    read(c, "SELECT * FROM t WHERE a = $1 AND b = $2");
    read(c, "SELECT * FROM t WHERE a = ? AND b = ?");
    read(c, "SELECT $$ insert into x values (1) $$");
    read(c, "SELECT $body$ update t set a = 1; $body$ AS code");
    read(c, "SELECT $a$ $b$ delete $b$ $a$");
    read(c, "SELECT E'it\\'s an update'");
    read(c, "SELECT 'it''s a delete'");
    read(c, "SELECT U&'d\\0061t\\+000061' AS u");
    read(c, "SELECT B'1010', X'1F', N'national'");
    read(c, "SELECT \"update\" FROM \"Insert\"");
    read(c, "SELECT \"for\" FROM t WHERE \"share\" = 1");
    read(c, "SELECT a::text, '2024-01-01'::date, x::numeric(10,2) FROM t");
    read(c, "SELECT CAST(a AS varchar(20)) FROM t");
    read(c, "SELECT /* nested /* comment */ still comment update */ 1");
    read(c, "SELECT 1 -- trailing comment with ; delete");
    read(c, "WITH recent AS (SELECT * FROM orders WHERE created > now() - interval '1 day') SELECT * FROM recent");
    read(c, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM r");
    read(c, "WITH a AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) SELECT * FROM a, b");
    read(c, "SELECT * FROM (SELECT * FROM (SELECT 1) x) y");
    read(c, "SELECT * FROM t WHERE id IN (SELECT id FROM u)");
    read(c, "SELECT EXISTS (SELECT 1 FROM t)");
    read(c, "SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t");
    read(c, "SELECT string_agg(name, ',') FILTER (WHERE active) FROM users");
    read(c, "SELECT substring(name FOR 3) FROM users");
    read(c, "SELECT * FROM t FETCH FIRST 10 ROWS ONLY");
    read(c, "SELECT * FROM t ORDER BY a NULLS LAST");
    read(c, "SELECT json_build_object('a', 1)");
    read(c, "SELECT data->>'name', data #> '{a,b}' FROM docs");
    read(c, "SELECT * FROM generate_series(1, 10) g");
    read(c, "SELECT pg_sleep(0)");
    read(c, "SELECT now(), clock_timestamp(), random()");
    primary(c, "SELECT current_setting('search_path')", Reason.SERVER_STATE);
    read(c, "SELECT 1; SELECT 2");
    read(c, "SELECT 1;;");
    read(c, "select\n*\nfrom\tusers");
    read(c, "SeLeCt * FrOm users");
    read(c, "SELECT a FROM t WHERE b LIKE '%;%'");
    read(c, "SELECT ';' AS semi");
    read(c, "SELECT 1.5e-3, .5, 42");
    read(c, "SELECT price_of(1)");
    read(c, "SELECT nextval_safe('x')");
    read(c, "EXPLAIN SELECT * FROM t");
    read(c, "EXPLAIN (FORMAT JSON) SELECT * FROM t");
    read(c, "EXPLAIN ANALYZE SELECT * FROM t");
    read(c, "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM t");
    read(c, "EXPLAIN (ANALYZE false) DELETE FROM t");
    read(c, "EXPLAIN (ANALYZE off) INSERT INTO t VALUES (1)");
    read(c, "EXPLAIN INSERT INTO t VALUES (1)");
    read(c, "EXPLAIN VERBOSE SELECT 1");
    read(c, "EXPLAIN ANALYZE VERBOSE SELECT 1");
    read(c, "COPY (SELECT * FROM t) TO STDOUT");
    read(c, "COPY t TO STDOUT WITH (FORMAT csv)");
    read(c, "COPY t (a, b) TO STDOUT");
    read(c, "SELECT * FROM t WHERE a IN (1, 2, 3)");
    read(c, "SELECT * FROM t t1 LEFT JOIN u ON true CROSS JOIN LATERAL (SELECT 1) x");
    read(c, "SELECT * FROM t TABLESAMPLE SYSTEM (10)");
    read(c, "SELECT ARRAY[1,2,3], ROW(1, 2)");
    read(c, "SELECT CASE WHEN a THEN 'update' ELSE 'delete' END FROM t");
    read(c, "SELECT 1 AS \"select * from x; delete from y\"");
    read(c, "SELECT intoxicated FROM bar");
    read(c, "SELECT updated_at, deleted, inserted_by FROM t");
    read(c, "SELECT forum, shares FROM t");
    read(c, "SELECT * FROM t WHERE a = 'x' FOR READ ONLY");
    read(c, "SELECT lower(name), upper(name), length(name) FROM users");
    read(c, "SELECT a FROM t WINDOW w AS (PARTITION BY b)");
    read(c, "SELECT 1 WHERE 'a' ~ '^[0-9]+$'");
    read(c, "SELECT $1::int + $2::int");
    read(c, "SELECT '\\' AS backslash, 'second'");
    read(c, "SELECT E'\\\\' AS escaped_backslash, 'update'");
    read(c, "  \n\t SELECT 1");
    read(c, "/* leading */ SELECT 1");
    read(c, "-- leading\nSELECT 1");
    read(c, "SELECT x FROM t WHERE y = $tag$it's$tag$");
    read(c, "SELECT 1 FROM t WHERE a ?| array['x']");

    // --- writes
    primary(c, "INSERT INTO users (name) VALUES ('a')", Reason.WRITE);
    primary(c, "insert into users select * from staging", Reason.WRITE);
    primary(c, "UPDATE users SET name = 'b' WHERE id = 1", Reason.WRITE);
    primary(c, "DELETE FROM users WHERE id = 1", Reason.WRITE);
    primary(c, "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a", Reason.WRITE);
    primary(c, "TRUNCATE users", Reason.WRITE);
    primary(c, "CREATE TABLE t (id int)", Reason.WRITE);
    primary(c, "CREATE INDEX CONCURRENTLY i ON t (a)", Reason.WRITE);
    primary(c, "CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql", Reason.WRITE);
    primary(c, "CREATE UNLOGGED TABLE u (id int)", Reason.WRITE);
    primary(c, "ALTER TABLE t ADD COLUMN b int", Reason.WRITE);
    primary(c, "DROP INDEX i", Reason.WRITE);
    primary(c, "COMMENT ON TABLE t IS 'x'", Reason.WRITE);
    primary(c, "GRANT SELECT ON t TO app", Reason.WRITE);
    primary(c, "REVOKE ALL ON t FROM app", Reason.WRITE);
    primary(c, "VACUUM t", Reason.WRITE);
    primary(c, "VACUUM (ANALYZE) t", Reason.WRITE);
    primary(c, "ANALYZE t", Reason.WRITE);
    primary(c, "ANALYSE t", Reason.WRITE);
    primary(c, "CLUSTER t USING i", Reason.WRITE);
    primary(c, "REINDEX TABLE t", Reason.WRITE);
    primary(c, "REFRESH MATERIALIZED VIEW mv", Reason.WRITE);
    primary(c, "LOCK TABLE t IN ACCESS EXCLUSIVE MODE", Reason.WRITE);
    primary(c, "CALL do_things(1)", Reason.WRITE);
    primary(c, "DO $$ BEGIN PERFORM 1; END $$", Reason.WRITE);
    primary(c, "COPY t FROM STDIN", Reason.WRITE);
    primary(c, "COPY t (a) FROM '/tmp/x.csv' WITH (FORMAT csv)", Reason.WRITE);
    primary(c, "COPY t TO '/tmp/out.csv'", Reason.WRITE);
    primary(c, "COPY (SELECT 1) TO PROGRAM 'cat'", Reason.WRITE);
    primary(c, "COPY (SELECT nextval('s')) TO STDOUT", Reason.WRITING_FUNCTION);
    primary(c, "SECURITY LABEL ON TABLE t IS 'x'", Reason.WRITE);
    primary(c, "IMPORT FOREIGN SCHEMA s FROM SERVER srv INTO local", Reason.WRITE);
    primary(c, "CHECKPOINT", Reason.WRITE);
    primary(c, "LOAD 'auto_explain'", Reason.WRITE);
    primary(c, "REASSIGN OWNED BY a TO b", Reason.WRITE);
    primary(c, "NOTIFY channel, 'payload'", Reason.WRITE);
    primary(c, "INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = excluded.a RETURNING *", Reason.WRITE);
    primary(c, "UPDATE t SET a = 'select' WHERE b = 'show'", Reason.WRITE);
    primary(c, "DELETE FROM t WHERE note = 'SELECT 1'", Reason.WRITE);
    primary(c, "/* SELECT */ DELETE FROM t", Reason.WRITE);
    primary(c, "-- SELECT\nDELETE FROM t", Reason.WRITE);
    primary(c, "EXPLAIN ANALYZE DELETE FROM t", Reason.WRITE);
    primary(c, "EXPLAIN ANALYSE INSERT INTO t VALUES (1)", Reason.WRITE);
    primary(c, "EXPLAIN (ANALYZE) UPDATE t SET a = 1", Reason.WRITE);
    primary(c, "EXPLAIN (ANALYZE true, VERBOSE) DELETE FROM t", Reason.WRITE);
    primary(c, "EXPLAIN (ANALYZE 1) DELETE FROM t", Reason.WRITE);
    primary(c, "EXPLAIN ANALYZE SELECT nextval('s')", Reason.WRITING_FUNCTION);
    primary(c, "EXPLAIN ANALYZE SELECT * FROM t FOR UPDATE", Reason.LOCKING_CLAUSE);
    primary(c, "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", Reason.WRITE);
    primary(c, "WITH x AS (SELECT 1) DELETE FROM t WHERE id IN (SELECT * FROM x)", Reason.WRITE);
    primary(c, "WITH x AS (SELECT 1) UPDATE t SET a = 1", Reason.WRITE);

    // --- data-modifying CTEs
    primary(c, "WITH x AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM x", Reason.DATA_MODIFYING_CTE);
    primary(c, "WITH x AS (DELETE FROM t RETURNING id) SELECT count(*) FROM x", Reason.DATA_MODIFYING_CTE);
    primary(c, "WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x", Reason.DATA_MODIFYING_CTE);
    primary(c, "WITH a AS (SELECT 1), b AS (UPDATE t SET a = 2 RETURNING a) SELECT * FROM a, b",
        Reason.DATA_MODIFYING_CTE);
    primary(c, "WITH a AS MATERIALIZED (DELETE FROM t RETURNING *) SELECT * FROM a", Reason.DATA_MODIFYING_CTE);
    primary(c, "WITH a AS (WITH b AS (DELETE FROM t RETURNING *) SELECT * FROM b) SELECT * FROM a",
        Reason.DATA_MODIFYING_CTE);
    primary(c, "with x as (update t set a = 1 returning *) select * from x", Reason.DATA_MODIFYING_CTE);
    primary(c, "WITH x AS ( \n  UPDATE t SET a = 1 RETURNING * ) SELECT * FROM x", Reason.DATA_MODIFYING_CTE);
    primary(c, "WITH x AS (UPDATE t SET a = 1 RETURNING *) UPDATE u SET b = 1", Reason.DATA_MODIFYING_CTE);
    primary(c, "SELECT * FROM (WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d) s", Reason.DATA_MODIFYING_CTE);

    // --- locking clauses
    primary(c, "SELECT * FROM t FOR UPDATE", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM t FOR NO KEY UPDATE", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM t FOR SHARE", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM t FOR KEY SHARE", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM t FOR UPDATE SKIP LOCKED", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM t FOR UPDATE OF t NOWAIT", Reason.LOCKING_CLAUSE);
    primary(c, "select * from t for  update", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM t\nFOR\nUPDATE", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM t /* c */ FOR /* c */ UPDATE", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM (SELECT * FROM t FOR UPDATE) x", Reason.LOCKING_CLAUSE);
    primary(c, "WITH x AS (SELECT * FROM t FOR SHARE) SELECT * FROM x", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM t WHERE 'x' = 'y' FOR UPDATE", Reason.LOCKING_CLAUSE);
    primary(c, "SELECT * FROM t FOR UPDATE; SELECT 1", Reason.MULTI_STATEMENT);

    // --- SELECT INTO
    primary(c, "SELECT * INTO new_table FROM t", Reason.SELECT_INTO);
    primary(c, "SELECT a, b INTO TABLE copy FROM t", Reason.SELECT_INTO);
    primary(c, "SELECT * INTO UNLOGGED u FROM t", Reason.SELECT_INTO);
    primary(c, "SELECT * INTO TEMP tmp_t FROM t", Reason.SELECT_INTO);
    primary(c, "SELECT * INTO TEMPORARY TABLE tmp_t FROM t", Reason.SELECT_INTO);
    primary(c, "WITH x AS (SELECT 1) SELECT * INTO y FROM x", Reason.SELECT_INTO);
    primary(c, "select 1 as a into b", Reason.SELECT_INTO);

    // --- writing functions
    primary(c, "select nextval('s')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT NEXTVAL('s')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT setval('s', 10)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_catalog.nextval('s')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_advisory_xact_lock(1)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_try_advisory_xact_lock(1)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_advisory_lock(42)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_advisory_unlock(42)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_notify('ch', 'x')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT txid_current()", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_current_xact_id()", Reason.WRITING_FUNCTION);
    primary(c, "SELECT lo_create(0)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT lo_import('/tmp/x')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT lo_unlink(123)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT dblink_exec('conn', 'delete from t')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_current_wal_lsn()", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_current_wal_insert_lsn()", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_switch_wal()", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_create_logical_replication_slot('s', 'pgoutput')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_terminate_backend(123)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_stat_reset()", Reason.WRITING_FUNCTION);
    primary(c, "SELECT * FROM t WHERE id = nextval('s')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT a, (SELECT nextval('s')) FROM t", Reason.WRITING_FUNCTION);
    primary(c, "WITH x AS (SELECT nextval('s')) SELECT * FROM x", Reason.WRITING_FUNCTION);
    primary(c, "SELECT audit.log_event('x')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT touch_user(1)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT TOUCH_USER(1)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT myschema.touch_user(1)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_reload_conf()", Reason.WRITING_FUNCTION);
    primary(c, "VALUES (nextval('s'))", Reason.WRITING_FUNCTION);

    // --- session-dependent functions
    primary(c, "SELECT currval('s')", Reason.SESSION_FUNCTION);
    primary(c, "SELECT lastval()", Reason.SESSION_FUNCTION);
    primary(c, "SELECT pg_backend_pid()", Reason.SESSION_FUNCTION);
    read(c, "SELECT inet_server_addr(), inet_server_port()");

    // --- built-ins from the generated table (builtin-functions.tsv)
    read(c, "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT sum(n) FROM t");
    read(c, "WITH x(a, b) AS MATERIALIZED (SELECT 1, 2) SELECT a FROM x");
    read(c, "WITH x(a) AS NOT MATERIALIZED (SELECT 1) SELECT a FROM x");
    read(c, "SELECT count(*) FROM items TABLESAMPLE SYSTEM (50) REPEATABLE (7)");
    read(c, "SELECT count(*) FROM items TABLESAMPLE BERNOULLI (10)");
    read(c, "SELECT txid_current_if_assigned()");
    read(c, "SELECT pg_current_xact_id_if_assigned()");
    read(c, "SELECT random(), clock_timestamp(), gen_random_uuid()");
    read(c, "SELECT pg_catalog.lower('A')");
    primary(c, "SELECT txid_current()", Reason.WRITING_FUNCTION);
    primary(c, "SELECT pg_catalog.nextval('s')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT lo_get(16400)", Reason.WRITING_FUNCTION);
    primary(c, "SELECT query_to_xml('DELETE FROM t RETURNING *', true, false, '')", Reason.WRITING_FUNCTION);
    primary(c, "SELECT setseed(0.5)", Reason.SESSION_FUNCTION);

    // --- questions about the server itself (SPEC §2 rule 6): the primary answers
    primary(c, "SELECT pg_is_in_recovery()", Reason.SERVER_STATE);
    primary(c, "SELECT pg_last_wal_replay_lsn()", Reason.SERVER_STATE);
    primary(c, "SHOW transaction_read_only", Reason.SERVER_STATE);
    primary(c, "show TRANSACTION ISOLATION LEVEL", Reason.SERVER_STATE);
    primary(c, "SHOW search_path", Reason.SERVER_STATE);
    primary(c, "SHOW ALL", Reason.SERVER_STATE);
    primary(c, "SHOW in_hot_standby", Reason.SERVER_STATE);
    primary(c, "SELECT current_setting('transaction_read_only')", Reason.SERVER_STATE);
    primary(c, "SELECT current_setting('default_transaction_read_only')::bool AS ro", Reason.SERVER_STATE);
    primary(c, "SELECT current_setting(?)", Reason.SERVER_STATE);
    primary(c, "SELECT * FROM orders WHERE tenant = current_setting(E'app.tenant')", Reason.SERVER_STATE);
    read(c, "SELECT * FROM orders WHERE tenant = current_setting('app.tenant_id')::int");
    read(c, "SELECT current_setting('app.tenant_id', true)");
    primary(c, "SELECT setting FROM pg_settings WHERE name = 'hot_standby'", Reason.SERVER_STATE);
    primary(c, "SELECT count(*) FROM pg_stat_activity", Reason.SERVER_STATE);
    primary(c, "SELECT * FROM pg_catalog.pg_stat_replication", Reason.SERVER_STATE);
    primary(c, "SELECT * FROM pg_stat_wal_receiver", Reason.SERVER_STATE);
    primary(c, "SELECT sum(heap_blks_read) FROM pg_statio_user_tables", Reason.SERVER_STATE);
    primary(c, "SELECT * FROM pg_locks l JOIN pg_class c ON c.oid = l.relation", Reason.SERVER_STATE);
    primary(c, "TABLE pg_replication_slots", Reason.SERVER_STATE);
    primary(c, "SELECT pg_stat_get_numscans(16384)", Reason.SERVER_STATE);
    primary(c, "SELECT txid_status(1234)", Reason.SERVER_STATE);
    primary(c, "SELECT pg_xact_status('1234'::xid8)", Reason.SERVER_STATE);
    primary(c, "SELECT pg_current_snapshot()", Reason.SERVER_STATE);
    primary(c, "SELECT pg_postmaster_start_time()", Reason.SERVER_STATE);
    primary(c, "SELECT version()", Reason.SERVER_STATE);
    primary(c, "SELECT name FROM pg_ls_dir('.') AS name", Reason.SERVER_STATE);
    read(c, "SELECT * FROM pg_stats WHERE tablename = 'orders'");
    read(c, "SELECT * FROM pg_statistic_ext");
    read(c, "SELECT relname FROM pg_class WHERE relkind = 'r'");
    // Any mention counts, not only a FROM item: a column so named costs a primary read, never a wrong answer.
    primary(c, "SELECT pg_stat_activity FROM my_table", Reason.SERVER_STATE);
    primary(c, "SELECT pg_listening_channels()", Reason.SESSION_FUNCTION);
    primary(c, "SELECT set_config('search_path', 'app', false)", Reason.SESSION_STATE);
    primary(c, "SELECT set_config('app.tenant', '42', true)", Reason.SESSION_STATE);

    // --- multi-statement strings
    primary(c, "SELECT 1; DELETE FROM t", Reason.MULTI_STATEMENT);
    primary(c, "SELECT 1; INSERT INTO t VALUES (1)", Reason.MULTI_STATEMENT);
    primary(c, "DELETE FROM t; SELECT 1", Reason.MULTI_STATEMENT);
    primary(c, "SELECT 1; SET search_path = x", Reason.MULTI_STATEMENT);
    primary(c, "SET search_path = x; SELECT 1", Reason.MULTI_STATEMENT);
    primary(c, "BEGIN; SELECT 1; COMMIT", Reason.MULTI_STATEMENT);
    primary(c, "SELECT 1;SELECT 2;UPDATE t SET a = 1", Reason.MULTI_STATEMENT);
    primary(c, "SELECT 'a;b'; DROP TABLE t", Reason.MULTI_STATEMENT);
    primary(c, "SELECT 1 /* ; */ ; TRUNCATE t", Reason.MULTI_STATEMENT);

    // --- temporary tables
    primary(c, "CREATE TEMP TABLE tmp (id int)", Reason.TEMP_TABLE);
    primary(c, "CREATE TEMPORARY TABLE tmp (id int)", Reason.TEMP_TABLE);
    primary(c, "CREATE LOCAL TEMP TABLE tmp (id int)", Reason.TEMP_TABLE);
    primary(c, "CREATE GLOBAL TEMPORARY TABLE tmp (id int)", Reason.TEMP_TABLE);
    primary(c, "CREATE TEMP TABLE IF NOT EXISTS tmp AS SELECT 1", Reason.TEMP_TABLE);
    primary(c, "create temp table tmp on commit drop as select * from t", Reason.TEMP_TABLE);
    primary(c, "CREATE TEMP VIEW v AS SELECT 1", Reason.WRITE);
    primary(c, "DROP TABLE tmp", Reason.WRITE);
    primary(c, "DROP TABLE IF EXISTS a, b CASCADE", Reason.WRITE);

    // --- session state
    primary(c, "SET search_path TO app, public", Reason.SESSION_STATE);
    primary(c, "SET search_path = app", Reason.SESSION_STATE);
    primary(c, "SET LOCAL statement_timeout = '5s'", Reason.SESSION_STATE);
    primary(c, "SET SESSION statement_timeout = 5000", Reason.SESSION_STATE);
    primary(c, "SET TIME ZONE 'UTC'", Reason.SESSION_STATE);
    primary(c, "SET ROLE reporting", Reason.SESSION_STATE);
    primary(c, "SET SESSION AUTHORIZATION alice", Reason.SESSION_STATE);
    primary(c, "SET app.tenant_id = '42'", Reason.SESSION_STATE);
    primary(c, "SET transaction_read_only = off", Reason.SESSION_STATE);
    primary(c, "SET NAMES 'UTF8'", Reason.SESSION_STATE);
    primary(c, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", Reason.SESSION_STATE);
    primary(c, "RESET search_path", Reason.SESSION_STATE);
    primary(c, "RESET ALL", Reason.SESSION_STATE);
    primary(c, "DISCARD ALL", Reason.SESSION_STATE);
    primary(c, "DISCARD TEMP", Reason.SESSION_STATE);
    primary(c, "DISCARD PLANS", Reason.SESSION_STATE);
    primary(c, "LISTEN events", Reason.SESSION_STATE);
    primary(c, "UNLISTEN *", Reason.SESSION_STATE);
    primary(c, "UNLISTEN events", Reason.SESSION_STATE);
    primary(c, "PREPARE q(int) AS SELECT * FROM t WHERE id = $1", Reason.SESSION_STATE);
    primary(c, "EXECUTE q(1)", Reason.SESSION_STATE);
    primary(c, "DEALLOCATE q", Reason.SESSION_STATE);
    primary(c, "DEALLOCATE PREPARE ALL", Reason.SESSION_STATE);
    primary(c, "DECLARE c CURSOR FOR SELECT * FROM t", Reason.SESSION_STATE);
    primary(c, "DECLARE c CURSOR WITH HOLD FOR SELECT * FROM t", Reason.SESSION_STATE);
    primary(c, "DECLARE c NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 1", Reason.SESSION_STATE);
    primary(c, "FETCH 10 FROM c", Reason.SESSION_STATE);
    primary(c, "MOVE NEXT IN c", Reason.SESSION_STATE);
    primary(c, "CLOSE c", Reason.SESSION_STATE);
    primary(c, "CLOSE ALL", Reason.SESSION_STATE);

    // --- transaction control
    primary(c, "BEGIN", Reason.TRANSACTION_CONTROL);
    primary(c, "BEGIN READ ONLY", Reason.TRANSACTION_CONTROL);
    primary(c, "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE", Reason.TRANSACTION_CONTROL);
    primary(c, "START TRANSACTION READ ONLY", Reason.TRANSACTION_CONTROL);
    primary(c, "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ WRITE", Reason.TRANSACTION_CONTROL);
    primary(c, "BEGIN WORK", Reason.TRANSACTION_CONTROL);
    primary(c, "SET TRANSACTION READ ONLY", Reason.TRANSACTION_CONTROL);
    primary(c, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", Reason.TRANSACTION_CONTROL);
    primary(c, "SET TRANSACTION READ WRITE", Reason.TRANSACTION_CONTROL);
    primary(c, "COMMIT", Reason.TRANSACTION_CONTROL);
    primary(c, "COMMIT AND CHAIN", Reason.TRANSACTION_CONTROL);
    primary(c, "END", Reason.TRANSACTION_CONTROL);
    primary(c, "ROLLBACK", Reason.TRANSACTION_CONTROL);
    primary(c, "ABORT", Reason.TRANSACTION_CONTROL);
    primary(c, "ROLLBACK TO SAVEPOINT sp", Reason.TRANSACTION_CONTROL);
    primary(c, "ROLLBACK TO sp", Reason.TRANSACTION_CONTROL);
    primary(c, "SAVEPOINT sp", Reason.TRANSACTION_CONTROL);
    primary(c, "RELEASE SAVEPOINT sp", Reason.TRANSACTION_CONTROL);
    primary(c, "RELEASE sp", Reason.TRANSACTION_CONTROL);
    primary(c, "PREPARE TRANSACTION 'gx1'", Reason.TRANSACTION_CONTROL);
    primary(c, "COMMIT PREPARED 'gx1'", Reason.TRANSACTION_CONTROL);
    primary(c, "ROLLBACK PREPARED 'gx1'", Reason.TRANSACTION_CONTROL);

    // --- what does not lex, is empty, or is unknown
    primary(c, "SELECT 'unterminated", Reason.UNPARSEABLE);
    primary(c, "SELECT \"unterminated", Reason.UNPARSEABLE);
    primary(c, "SELECT /* unterminated", Reason.UNPARSEABLE);
    primary(c, "SELECT /* /* nested */ unterminated", Reason.UNPARSEABLE);
    primary(c, "SELECT $$ unterminated", Reason.UNPARSEABLE);
    primary(c, "SELECT $a$ wrong close $b$", Reason.UNPARSEABLE);
    primary(c, "SELECT E'\\'", Reason.UNPARSEABLE);
    primary(c, "SELECT (1", Reason.UNPARSEABLE);
    primary(c, "SELECT 1)", Reason.UNPARSEABLE);
    primary(c, "SELECT ((1)", Reason.UNPARSEABLE);
    primary(c, "", Reason.EMPTY);
    primary(c, "   ", Reason.EMPTY);
    primary(c, "/* only a comment */", Reason.EMPTY);
    primary(c, ";", Reason.EMPTY);
    primary(c, "FOO BAR", Reason.UNKNOWN_STATEMENT);
    primary(c, "'just a string'", Reason.UNKNOWN_STATEMENT);
    primary(c, "42", Reason.UNKNOWN_STATEMENT);
    primary(c, "EXPLAIN", Reason.UNKNOWN_STATEMENT);

    return c.stream().flatMap(ClassifierCasesTest::withVariants);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void classifies(String sql, boolean read, Reason reason) {
    Classification result = CLASSIFIER.classifyUncached(sql);
    assertEquals(reason, result.reason(), () -> sql + " -> " + result);
    assertEquals(read, result.isRead(), () -> sql + " -> " + result);
    assertEquals(result.reason(), CLASSIFIER.classify(sql).reason(), "cached and uncached agree");
  }

  private static Stream<Arguments> withVariants(Object[] base) {
    String sql = (String) base[0];
    List<Arguments> variants = new ArrayList<>();
    variants.add(Arguments.of(base));
    Reason reason = (Reason) base[2];
    if (reason != Reason.EMPTY && reason != Reason.UNPARSEABLE && !sql.contains("--")) {
      // Whitespace around and a trailing semicolon change nothing.
      variants.add(Arguments.of("\n\t  " + sql + " \n;\n", base[1], base[2]));
    }
    if (!sql.contains("'") && !sql.contains("\"") && !sql.contains("$") && !sql.contains("\\")
        && !sql.equals(sql.toUpperCase(Locale.ROOT))) {
      variants.add(Arguments.of(sql.toUpperCase(Locale.ROOT), base[1], base[2]));
    }
    return variants.stream();
  }

  private static void read(List<Object[]> cases, String sql) {
    cases.add(new Object[] {sql, true, Reason.READ});
  }

  private static void primary(List<Object[]> cases, String sql, Reason reason) {
    cases.add(new Object[] {sql, false, reason});
  }
}
