package dev.lagless.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An application that sends random statements built from the shapes that hide writes from naive
 * routers (writing CTEs, volatile functions, {@code EXPLAIN ANALYZE} of a write, {@code SELECT … INTO},
 * {@code FOR UPDATE}, {@code DO} blocks, procedures, session-level {@code PREPARE}/{@code EXECUTE},
 * several statements in one string, misleading comments, odd case and parentheses) mixed with reads,
 * in auto-commit and in read-write transactions, plain and prepared. It knows nothing of Lagless.
 * Prints {@code sqlstate <code> <count>} for every error class it saw (the statements are random:
 * many errors are expected, but a write refused by a replica is SQLSTATE 25006, which a correct
 * router never causes), {@code replica-reads <n>} (reads whose {@code inet_server_port()} is one of
 * the given replica ports) and {@code executed <n>}.
 *
 * <p>Arguments: JDBC URL, user, password, seed, statement count, replica ports (comma-separated).
 */
public final class AdversarialSqlApp {

  private static final String[] WRITES = {
      "INSERT INTO adv (v) VALUES (%d)",
      "UPDATE adv SET v = v + 1 WHERE id = %d",
      "DELETE FROM adv WHERE id = -%d",
      "WITH x AS (INSERT INTO adv (v) VALUES (%d) RETURNING id) SELECT count(*) FROM x",
      "WITH x AS (UPDATE adv SET v = v WHERE id = %d RETURNING *) SELECT count(*) FROM x",
      "WITH r AS (SELECT 1) , w AS (DELETE FROM adv WHERE id = -%d RETURNING 1) SELECT * FROM r",
      "SELECT nextval('adv_seq') + %d",
      "SELECT setval('adv_seq', %d)",
      "SELECT adv_bump(%d)",
      "SELECT id FROM adv WHERE id = %d FOR UPDATE",
      "SELECT id FROM adv WHERE id = %d FOR SHARE SKIP LOCKED",
      "EXPLAIN ANALYZE INSERT INTO adv (v) VALUES (%d)",
      "SELECT %d AS v INTO TEMP TABLE adv_tmp_%d",
      "CREATE TEMP TABLE IF NOT EXISTS adv_t%d (x int)",
      "DO $$ BEGIN INSERT INTO adv (v) VALUES (%d); END $$",
      "CALL adv_proc(%d)",
      "SELECT 1; INSERT INTO adv (v) VALUES (%d)",
      "/* SELECT */ INSERT INTO adv (v) VALUES (%d)",
      "-- just a read\nUPDATE adv SET v = %d WHERE id = 1",
      "(SELECT adv_bump(%d))",
      "SELECT * FROM (SELECT adv_bump(%d)) s",
      "wItH x AS (iNsErT INTO adv (v) VALUES (%d) RETURNING id) sElEcT id FROM x",
      "SELECT pg_advisory_xact_lock(%d), adv_bump(1)",
      "TRUNCATE adv_scratch_%d",
      "ANALYZE adv",
      "VACUUM adv",
      "NOTIFY adv_channel, '%d'",
      "SELECT pg_notify('adv_channel', '%d')",
      "COMMENT ON TABLE adv IS 'n%d'",
      "SELECT %d FROM adv_ro LIMIT 1; DELETE FROM adv WHERE id = -1",
  };

  private static final String[] READS = {
      "SELECT inet_server_port(), %d",
      "SELECT inet_server_port(), count(*) FROM adv WHERE v > %d",
      "select inet_server_port() from adv_ro where id = %d",
      "/* UPDATE adv */ SELECT inet_server_port(), %d",
      "WITH r AS (SELECT %d AS x) SELECT inet_server_port(), x FROM r",
      "(SELECT inet_server_port(), %d)",
      "SELECT inet_server_port(), adv_read(%d)",
      "SELECT inet_server_port(), 'INSERT INTO adv VALUES (%d)'",
      "SELECT inet_server_port(), $q$ DELETE FROM adv $q$, %d",
      "VALUES (%d)",
      "TABLE adv_ro",
      "SHOW search_path",
      "SELECT %d FROM adv_ro FOR KEY SHARE NOWAIT LIMIT 0",
  };

  /** The objects the statements use, created on the primary before the run. */
  public static final String[] SCHEMA = {
      "CREATE TABLE adv (id serial PRIMARY KEY, v int NOT NULL DEFAULT 0)",
      "CREATE TABLE adv_ro (id int PRIMARY KEY)",
      "INSERT INTO adv_ro SELECT generate_series(1, 100)",
      "CREATE SEQUENCE adv_seq",
      "CREATE FUNCTION adv_bump(n int) RETURNS int LANGUAGE plpgsql VOLATILE AS"
          + " $$ BEGIN INSERT INTO adv (v) VALUES (n); RETURN n; END $$",
      "CREATE FUNCTION adv_read(n int) RETURNS int LANGUAGE sql STABLE AS $$ SELECT count(*)::int FROM adv_ro"
          + " WHERE id <= n $$",
      "CREATE PROCEDURE adv_proc(n int) LANGUAGE sql AS $$ INSERT INTO adv (v) VALUES (n) $$"};

  public static void main(String[] args) throws SQLException {
    Random random = new Random(Long.parseLong(args[3]));
    int count = Integer.parseInt(args[4]);
    java.util.Set<Integer> replicaPorts = new java.util.HashSet<>();
    for (String port : args[5].split(",")) {
      replicaPorts.add(Integer.parseInt(port.trim()));
    }
    Map<String, Integer> errors = new TreeMap<>();
    int replicaReads = 0;
    int executed = 0;
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      for (int i = 0; i < count; i++) {
        boolean transaction = random.nextInt(4) == 0;
        boolean prepared = random.nextBoolean();
        int statements = transaction ? 1 + random.nextInt(3) : 1;
        try {
          if (transaction) {
            c.setAutoCommit(false);
          }
          for (int k = 0; k < statements; k++) {
            String sql = statement(random);
            boolean ranOnReplica = prepared ? runPrepared(c, sql, replicaPorts) : runPlain(c, sql, replicaPorts);
            replicaReads += ranOnReplica ? 1 : 0;
            executed++;
          }
          if (transaction) {
            c.commit();
          }
        } catch (SQLException e) {
          errors.merge(String.valueOf(e.getSQLState()), 1, Integer::sum);
          if (!c.getAutoCommit()) {
            c.rollback();
          }
        } finally {
          if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
          }
        }
      }
    }
    errors.forEach((state, n) -> System.out.println("sqlstate " + state + " " + n));
    System.out.println("replica-reads " + replicaReads);
    System.out.println("executed " + executed);
  }

  private static String statement(Random random) {
    int n = 1 + random.nextInt(1000);
    String template = random.nextInt(3) == 0 ? READS[random.nextInt(READS.length)]
        : WRITES[random.nextInt(WRITES.length)];
    String sql = String.format(template, n, n);
    switch (random.nextInt(6)) {
      case 0:
        return "  \n\t" + sql;
      case 1:
        return "/* lagless:primary? no: just a comment */ " + sql;
      case 2:
        return sql + " -- trailing comment";
      default:
        return sql;
    }
  }

  private static boolean runPlain(Connection c, String sql, java.util.Set<Integer> replicaPorts) throws SQLException {
    try (Statement s = c.createStatement()) {
      boolean results = s.execute(sql);
      return results && onReplica(s.getResultSet(), replicaPorts);
    }
  }

  private static boolean runPrepared(Connection c, String sql, java.util.Set<Integer> replicaPorts)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      boolean results = s.execute();
      return results && onReplica(s.getResultSet(), replicaPorts);
    }
  }

  private static boolean onReplica(ResultSet rs, java.util.Set<Integer> replicaPorts) throws SQLException {
    try (rs) {
      if (!rs.next() || rs.getMetaData().getColumnCount() < 1
          || !"inet_server_port".equals(rs.getMetaData().getColumnLabel(1))) {
        return false;
      }
      return replicaPorts.contains(rs.getInt(1));
    }
  }
}
