package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code getResultSet()}, {@code getUpdateCount()}, {@code getLargeUpdateCount()},
 * {@code getMoreResults(…)}: after an execution that ran on a replica, the replica statement answers.
 */
public final class ResultAccessAdvice {

  private ResultAccessAdvice() {}

  @Advice.OnMethodEnter(skipOn = JdbcHooks.Replaced.class, suppress = Throwable.class)
  public static Object enter(@Advice.This Statement statement, @Advice.Origin("#m") String method,
      @Advice.AllArguments Object[] arguments) {
    return JdbcHooks.handler().beforeResultAccess(statement, method, arguments);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object ticket,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (ticket instanceof JdbcHooks.Replaced) {
      JdbcHooks.Replaced replaced = (JdbcHooks.Replaced) ticket;
      if (replaced.error != null) {
        thrown = replaced.error;
      } else {
        returned = replaced.value;
      }
    }
  }
}
