package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/** {@code close()}, {@code cancel()} and {@code clearParameters()} of a statement. */
public final class StatementEventAdvice {

  private StatementEventAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Statement statement, @Advice.Origin("#m") String method) {
    switch (method) {
      case "close":
        JdbcHooks.handler().statementClosing(statement);
        break;
      case "cancel":
        JdbcHooks.handler().cancelling(statement);
        break;
      default:
        JdbcHooks.handler().parametersCleared(statement);
        break;
    }
  }
}
