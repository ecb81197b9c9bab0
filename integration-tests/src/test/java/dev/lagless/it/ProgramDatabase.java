package dev.lagless.it;

import dev.lagless.cluster.LocalCluster;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A database of its own for a third-party program, owned by a role of its own whose every statement
 * each server logs ({@link StatementLog}), so that the test sees where the program's statements ran
 * without looking at what Lagless reports. The other tests' roles log nothing.
 */
final class ProgramDatabase {

  static final String ROLE = "lagless_programs";
  static final String PASSWORD = "programs-secret";

  private ProgramDatabase() {}

  /** Creates the role (once) and a new, empty database {@code name}; returns when the replicas have both. */
  static synchronized void create(LocalCluster cluster, String name) throws IOException {
    cluster.primary().query("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE
        + "') THEN CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
    cluster.primary().query("postgres", "ALTER ROLE " + ROLE + " SET log_statement = 'all'");
    cluster.primary().query("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    cluster.primary().query("postgres", "CREATE DATABASE " + name + " OWNER " + ROLE);
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
  }

  /** Runs statements in the database as the program's role, then waits until the replicas have them. */
  static void setUp(LocalCluster cluster, String name, String... statements) throws IOException {
    try (Connection c = DriverManager.getConnection(cluster.primary().jdbcUrl(name), ROLE, PASSWORD);
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IOException("could not set up " + name + ": " + e.getMessage(), e);
    }
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
  }

  /** The program's JDBC URL: its sessions carry {@code application} as their name, on every node. */
  static String url(LocalCluster cluster, String name, String application) {
    return cluster.primary().jdbcUrl(name) + "?ApplicationName=" + application;
  }

  static String replicaList(LocalCluster cluster) {
    return "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port();
  }
}
