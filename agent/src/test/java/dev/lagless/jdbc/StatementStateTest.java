package dev.lagless.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lagless.sql.Classification;
import dev.lagless.sql.SqlClassifier;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class StatementStateTest {

  /**
   * pgjdbc's BatchedInsertReWriteEnabledTest.test65535Binds: every setter asks whether the statement's
   * parameters must be recorded. A text longer than the classifier's cache keeps was lexed again at each
   * of the 65,535 setters (minutes under the agent, a second without it); the statement keeps its own.
   */
  @Test
  void aPreparedTextIsClassifiedOnceHoweverLongItIs() {
    String sql = "INSERT INTO t (a) VALUES " + "(?),".repeat(65_534) + "(?)";
    SqlClassifier classifier = SqlClassifier.withDefaults();
    assertNotSame(classifier.classify(sql), classifier.classify(sql), "the classifier does not cache such a text");

    StatementState state = new StatementState(null, sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
        ResultSet.CLOSE_CURSORS_AT_COMMIT, false);
    Classification first = state.preparedClassification(classifier);
    assertFalse(first.isRead());
    for (int i = 0; i < 1_000; i++) {
      assertSame(first, state.preparedClassification(classifier));
    }
    assertEquals(0, classifier.cachedEntries());
  }

  @Test
  void aPlainStatementHasNoPreparedText() {
    StatementState state = new StatementState(null, null, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
        ResultSet.CLOSE_CURSORS_AT_COMMIT, false);
    assertNull(state.preparedClassification(SqlClassifier.withDefaults()));
  }
}
