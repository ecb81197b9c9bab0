package dev.lagless.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.sql.SqlClassifier;
import org.junit.jupiter.api.Test;

class SessionStateTest {

  private final SqlClassifier classifier = SqlClassifier.withDefaults();
  private final SessionState session = new SessionState();

  private void ran(String sql, boolean inTransaction) {
    session.apply(classifier.classify(sql), sql, null, inTransaction);
  }

  @Test
  void settingsAreKeptNewestPerNameAndResetRemovesThem() {
    assertEquals(0, session.version());
    ran("SET search_path TO a", false);
    ran("SET statement_timeout = 1000", false);
    ran("SET search_path TO b", false);
    assertEquals(2, session.replays().size());
    assertEquals("SET search_path TO b", session.replays().get(1).sql);
    long version = session.version();
    ran("RESET statement_timeout", false);
    assertNotEquals(version, session.version());
    assertEquals(1, session.replays().size());
    ran("RESET ALL", false);
    assertEquals(0, session.version(), "no settings: the version every fresh connection has");
  }

  @Test
  void localSettingsAreNotSessionState() {
    ran("SET LOCAL search_path TO a", true);
    ran("SELECT set_config('app.tenant', '42', true)", true);
    assertEquals(0, session.replays().size());
  }

  @Test
  void aRollbackUndoesWhatTheTransactionDidButNotPrepareOrAdvisoryLocks() {
    ran("SET search_path TO a", false);
    ran("SET search_path TO b", true);
    ran("CREATE TEMP TABLE t (a int)", true);
    ran("SELECT pg_advisory_lock(1)", true);
    session.transactionEnded(false);
    assertEquals("SET search_path TO a", session.replays().get(0).sql);
    assertFalse(session.touchesTemporaryTables(classifier.classify("SELECT * FROM t")));
    assertTrue(session.pinned(), "a session advisory lock survives a rollback");
    ran("SELECT pg_advisory_unlock(1)", false);
    assertFalse(session.pinned());
  }

  @Test
  void sqlCommitAndRollbackEndTheTransactionAsTheJdbcMethodsDo() {
    ran("SET search_path TO a", false);
    ran("BEGIN", true);
    ran("SET search_path TO b", true);
    ran("ROLLBACK", false);
    assertEquals("SET search_path TO a", session.replays().get(0).sql, "SQL ROLLBACK undoes the SET");
    ran("BEGIN", true);
    ran("SET search_path TO c", true);
    ran("COMMIT", false);
    session.transactionEnded(false); // a later JDBC rollback must not reach back past the SQL COMMIT
    assertEquals("SET search_path TO c", session.replays().get(0).sql);
    ran("BEGIN; SET search_path TO d; ROLLBACK", false);
    assertEquals("SET search_path TO c", session.replays().get(0).sql, "one string that begins and rolls back");
  }

  @Test
  void pinsComeAndGo() {
    ran("LISTEN ch", false);
    assertTrue(session.pinned());
    ran("UNLISTEN *", false);
    ran("DECLARE c CURSOR WITH HOLD FOR SELECT 1", false);
    assertTrue(session.pinned());
    ran("CLOSE c", false);
    ran("PREPARE p AS SELECT 1", false);
    assertTrue(session.pinned());
    ran("DEALLOCATE ALL", false);
    assertFalse(session.pinned());
  }

  @Test
  void temporaryTablesKeepTheirReadersAndTheCatalogOnThePrimary() {
    ran("CREATE TEMP TABLE scratch AS SELECT 1 AS a", false);
    assertTrue(session.touchesTemporaryTables(classifier.classify("SELECT a FROM scratch")));
    assertTrue(session.touchesTemporaryTables(classifier.classify("SELECT * FROM pg_catalog.pg_class")));
    assertFalse(session.touchesTemporaryTables(classifier.classify("SELECT * FROM users")));
    ran("DROP TABLE scratch", false);
    assertFalse(session.touchesTemporaryTables(classifier.classify("SELECT a FROM scratch")));
  }
}
