package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Connection;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * {@code createStatement(int, int, int)} and {@code prepareStatement(String, String[])}; with
 * {@link PreparedStatementCreatedAdvice}'s two, every variant of pgjdbc ends in one of these. The last
 * makes its statement itself (generated keys:
 * {@code RETURN_GENERATED_KEYS} comes through it), forward-only and read-only with the connection's
 * holdability; when its column list is empty it calls {@code prepareStatement(String)} and the statement
 * is simply recorded twice, the same way.
 */
public final class StatementCreatedAdvice {

  private StatementCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.AllArguments Object[] arguments,
      @Advice.Return Statement statement) throws java.sql.SQLException {
    if (arguments.length == 2) {
      JdbcHooks.handler().statementCreated(connection, statement, (String) arguments[0],
          java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY,
          connection.getHoldability());
    } else {
      JdbcHooks.handler().statementCreated(connection, statement, null, (Integer) arguments[0],
          (Integer) arguments[1], (Integer) arguments[2]);
    }
  }
}
