package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Connection;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * {@code createStatement(int, int, int)}, {@code prepareStatement(String, int, int, int)} and
 * {@code prepareCall(String, int, int, int)}: every other variant of pgjdbc ends in one of these.
 */
public final class StatementCreatedAdvice {

  private StatementCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.AllArguments Object[] arguments,
      @Advice.Return Statement statement) {
    if (arguments.length == 3) {
      JdbcHooks.handler().statementCreated(connection, statement, null, (Integer) arguments[0],
          (Integer) arguments[1], (Integer) arguments[2]);
    } else {
      JdbcHooks.handler().statementCreated(connection, statement, (String) arguments[0], (Integer) arguments[1],
          (Integer) arguments[2], (Integer) arguments[3]);
    }
  }
}
