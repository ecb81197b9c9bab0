package dev.lagless.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionDefaultsTest {

  @Test
  void theStatementsThatChangeWhatNewSessionsStartWith() {
    assertTrue(SessionDefaults.changedBy("ALTER DATABASE test SET default_transaction_isolation = 'serializable'"));
    assertTrue(SessionDefaults.changedBy("alter role app in database test set search_path to a, b"));
    assertTrue(SessionDefaults.changedBy("ALTER USER CURRENT_USER RESET ALL"));
    assertTrue(SessionDefaults.changedBy("SELECT 1; ALTER ROLE r SET work_mem = '8MB'"));
  }

  @Test
  void notOtherAlterations() {
    assertFalse(SessionDefaults.changedBy("ALTER TABLE t SET (fillfactor = 70)"));
    assertFalse(SessionDefaults.changedBy("ALTER DATABASE test RENAME TO other"));
    assertFalse(SessionDefaults.changedBy("ALTER ROLE r PASSWORD 'x'"));
    assertFalse(SessionDefaults.changedBy("SELECT 'alter role r set x = 1'"));
    assertFalse(SessionDefaults.changedBy(null));
  }
}
