package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Connection;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * {@code prepareStatement(String, int, int, int)} and {@code prepareCall(String, int, int, int)}, where
 * every other SQL-taking variant of pgjdbc but one ends ({@link StatementCreatedAdvice} has the rest).
 * Its own advice, with typed arguments, because it runs for every statement an application prepares
 * (and for every statement Lagless prepares on a replica): no argument array, no boxing.
 */
public final class PreparedStatementCreatedAdvice {

  private PreparedStatementCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.Argument(0) String sql,
      @Advice.Argument(1) int resultSetType, @Advice.Argument(2) int resultSetConcurrency,
      @Advice.Argument(3) int resultSetHoldability, @Advice.Return Statement statement) {
    JdbcHooks.handler().statementCreated(connection, statement, sql, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }
}
