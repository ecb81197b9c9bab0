package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Every {@code execute*} method of {@code PgStatement} and {@code PgPreparedStatement}: the handler
 * either lets it run (on the primary, the application's own connection) or answers it with what a
 * replica returned, in which case the driver's own code is skipped.
 */
public final class ExecuteAdvice {

  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(skipOn = JdbcHooks.Replaced.class, suppress = Throwable.class)
  public static Object enter(@Advice.This Statement statement,
      @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object sql,
      @Advice.Origin("#m#d") String method) {
    return JdbcHooks.handler().beforeExecute(statement, sql instanceof String ? (String) sql : null, method);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Statement statement, @Advice.Enter Object ticket,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (ticket instanceof JdbcHooks.Replaced) {
      JdbcHooks.Replaced replaced = (JdbcHooks.Replaced) ticket;
      if (replaced.error != null) {
        thrown = replaced.error;
      } else {
        returned = replaced.value;
      }
    } else if (ticket != null) {
      JdbcHooks.handler().executed(statement, ticket, thrown);
    }
  }
}
